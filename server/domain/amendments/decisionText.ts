import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { rebaseAmendment } from "../../../app/editor/rebase";
import {
  blockText,
  blockToJson,
  blocksFragment,
  deleteBlockAt,
  findBlock,
  insertBlocksAfter,
  setBlockText,
  type FoundBlock,
  type MarkRun,
} from "../../../app/editor/yBlocks";
import type { TextEdit } from "../../../app/editor/rebase";
import { parseOptions, serializeOptions, type BlockOption } from "../../../app/editor/options";
import { Conflict } from "../kernel/errors";

// What a chair's decision does to the live base text, and how to undo it (docs/decisions/028).
// A bulk of decisions is applied a few changes per transaction with the event loop free between
// them (docs/decisions/085): each change is resolved against the text as it is at that moment
// (target present, outdated wording rebased onto later edits or refused) and applied in the same
// turn. Refusals that need no diff are found before the first edit, so they leave the text
// untouched; a later refusal (a rebase conflict, a paragraph agreed or removed meanwhile) is
// undone by the caller.

/** One change to the text, as planned from the amendment and the decision. */
export type Application =
  /**
   * Rewrite the block's words. `base`: the text the wording was written against; when the
   * block says something else now, the wording's own edits are carried over to the current
   * text (never undoing later edits). `confirm`: such a difference needs the chair's
   * confirmation (an outdated amendment); a chair's own wording written a moment ago does not.
   */
  | { kind: "rewrite"; blockId: string; wording: string; base: string | null; confirm: boolean; marks?: MarkRun[] }
  /** New blocks after the block. */
  | { kind: "insert"; blockId: string; blocks: JSONContent[] }
  | { kind: "delete"; blockId: string; base: string | null }
  /** Offer the wording as an option beside the current one ([Option A] / [Option B]). */
  | { kind: "option"; blockId: string; option: Omit<BlockOption, "key"> };

/** What was done, with enough to check that nothing changed it since, and to revert it. */
export type Effect =
  | { kind: "text"; blockId: string; before: string; after: string }
  | { kind: "insert"; afterBlockId: string; blockIds: string[]; texts: string[] }
  | { kind: "delete"; blockId: string; afterBlockId: string | null; json: JSONContent; text: string }
  /** The block's option set before and after (null: none; resolving a set removes it). */
  | { kind: "options"; blockId: string; before: string | null; after: string | null };

export interface PlannedChange {
  /** Label for messages: "Pakistan's amendment to OP3". */
  label: string;
  application: Application;
  /** The chair confirmed applying it although the target changed since tabling. */
  confirmOutdated: boolean;
}

/** Index of each block in the text by id, for sorting decisions into document order. */
export function blockIndexes(doc: Y.Doc): Map<string, number> {
  const indexes = new Map<string, number>();
  blocksFragment(doc)
    .toArray()
    .forEach((node, index) => {
      if (node instanceof Y.XmlElement) {
        const id = node.getAttribute("id");
        if (typeof id === "string" && !indexes.has(id)) indexes.set(id, index);
      }
    });
  return indexes;
}

/** Applies the changes in order, in the caller's transaction: for a change or two, and tests. */
export function applyChanges(doc: Y.Doc, changes: readonly PlannedChange[], language: string): Effect[][] {
  const applier = new ChangeApplier(doc, language);
  applier.precheck(changes);
  return changes.map((change) => applier.apply(change));
}

type Resolved =
  | { kind: "rewrite"; blockId: string; wording: string; edits: TextEdit[]; marks?: MarkRun[] }
  | { kind: "insert"; blockId: string; blocks: JSONContent[] }
  | { kind: "delete"; blockId: string }
  | { kind: "option"; blockId: string; option: Omit<BlockOption, "key"> };

const gone = (label: string) =>
  new Conflict(`${label}: its paragraph is no longer in the text. Decide it as not retained, or reopen what removed the paragraph.`);
const agreed = (label: string) =>
  new Conflict(`${label}: the paragraph is agreed. Reopen it (set its status back) before deciding amendments to it.`);
const outdatedRewrite = (label: string) =>
  new Conflict(`${label}: the paragraph changed since it was tabled. Review both differences and confirm.`, {
    confirmOutdated: "Confirmation needed.",
  });
const outdatedDelete = (label: string) =>
  new Conflict(`${label}: the paragraph changed since the deletion was tabled. Review the current text and confirm.`, {
    confirmOutdated: "Confirmation needed.",
  });

/** Applies planned changes one at a time, each against the text as it is when applied. */
export class ChangeApplier {
  /**
   * Paragraph texts this applier wrote during the Yjs transaction still open: nothing else can
   * change them before it ends, so the next change to the same paragraph (a bulk applies its
   * decisions in document order, several to a paragraph in one slice) need not read them again.
   */
  private written: { transaction: Y.Transaction; texts: Map<string, string> } | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly language: string,
  ) {}

  private textOf(blockId: string, element: Y.XmlElement): string {
    const transaction = this.doc._transaction;
    const written = transaction && this.written?.transaction === transaction ? this.written.texts.get(blockId) : undefined;
    return written ?? blockText(element);
  }

  private remember(effects: readonly Effect[]) {
    const transaction = this.doc._transaction;
    if (!transaction) return;
    if (this.written?.transaction !== transaction) this.written = { transaction, texts: new Map() };
    for (const effect of effects) {
      if (effect.kind === "text") this.written.texts.set(effect.blockId, effect.after);
      else if (effect.kind === "delete") this.written.texts.delete(effect.blockId);
    }
  }

  /**
   * The refusals knowable without a diff, before any edit: a paragraph missing (or deleted by an
   * earlier change of the same lot) or agreed, an outdated target the chair has not confirmed.
   * Cheap: texts are read, nothing is diffed.
   */
  precheck(changes: readonly PlannedChange[]) {
    const elements = new Map<string, Y.XmlElement>();
    for (const node of blocksFragment(this.doc).toArray()) {
      const id = node instanceof Y.XmlElement ? node.getAttribute("id") : undefined;
      if (typeof id === "string" && !elements.has(id)) elements.set(id, node as Y.XmlElement);
    }
    const deleted = new Set<string>();
    // Targets an earlier change of the lot rewrites: their text then differs anyway.
    const touched = new Set<string>();
    for (const { label, application, confirmOutdated } of changes) {
      const element = elements.get(application.blockId);
      if (!element || deleted.has(application.blockId)) throw gone(label);
      if (element.getAttribute("status") === "agreed") throw agreed(label);
      // The text is read only when a difference would need a confirmation the chair has not given.
      const mayNeedConfirmation =
        !confirmOutdated && (application.kind === "delete" || (application.kind === "rewrite" && application.confirm));
      if (mayNeedConfirmation && application.base !== null && !touched.has(application.blockId) && application.base !== blockText(element))
        throw application.kind === "delete" ? outdatedDelete(label) : outdatedRewrite(label);
      if (application.kind === "delete") deleted.add(application.blockId);
      if (application.kind === "rewrite") touched.add(application.blockId);
    }
  }

  /** Resolves the change against the current text and applies it; a refusal changes nothing. */
  apply(change: PlannedChange): Effect[] {
    const found = findBlock(this.doc, change.application.blockId);
    if (!found) throw gone(change.label);
    if (found.element.getAttribute("status") === "agreed") throw agreed(change.label);
    // Read once: resolving and applying happen in the same turn, so the text is the same for both.
    const current = this.textOf(change.application.blockId, found.element);
    const effects = applyOne(this.doc, this.resolve(change, current), this.language, found, current);
    this.remember(effects);
    return effects;
  }

  private resolve({ label, application, confirmOutdated }: PlannedChange, current: string): Resolved {
    switch (application.kind) {
      case "rewrite": {
        const changedSince = application.base !== null && application.base !== current;
        if (changedSince && application.confirm && !confirmOutdated) throw outdatedRewrite(label);
        // The wording's edits against the current text; when the paragraph changed since, the
        // wording's own edits carried over to it, or a refusal.
        const rebased = rebaseAmendment(changedSince ? application.base : null, application.wording, current, this.language);
        if (!rebased.ok) {
          throw new Conflict(
            `${label}: later edits touched the same words (${rebased.conflicts.join("; ")}). Use “accept with changes” and write the wording against the current text.`,
          );
        }
        return { kind: "rewrite", blockId: application.blockId, wording: rebased.text, edits: rebased.edits, marks: application.marks };
      }
      case "delete":
        if (application.base !== null && application.base !== current && !confirmOutdated) throw outdatedDelete(label);
        return { kind: "delete", blockId: application.blockId };
      case "insert":
        return { kind: "insert", blockId: application.blockId, blocks: application.blocks };
      case "option":
        return { kind: "option", blockId: application.blockId, option: application.option };
    }
  }
}

/** Applies a resolved change to its block (`found`, whose text is `before`). */
function applyOne(doc: Y.Doc, change: Resolved, language: string, found: FoundBlock, before: string): Effect[] {
  switch (change.kind) {
    case "rewrite": {
      if (before === change.wording) return [];
      const exact = setBlockText(found.element, change.wording, language, change.edits, change.marks);
      return [{ kind: "text", blockId: change.blockId, before, after: exact ? change.wording : blockText(found.element) }];
    }
    case "insert": {
      const blocks = change.blocks.map((block) => ({ ...block, attrs: { ...block.attrs, id: crypto.randomUUID(), status: "open" } }));
      insertBlocksAfter(doc, found.index, blocks);
      const created = blocks.map((block) => findBlock(doc, String(block.attrs.id))!);
      return [
        {
          kind: "insert",
          afterBlockId: change.blockId,
          blockIds: blocks.map((block) => String(block.attrs.id)),
          texts: created.map((each) => blockText(each.element)),
        },
      ];
    }
    case "delete": {
      const previous = found.index > 0 ? (blocksFragment(doc).get(found.index - 1) as Y.XmlElement) : null;
      const effect: Effect = {
        kind: "delete",
        blockId: change.blockId,
        afterBlockId: previous ? String(previous.getAttribute("id") ?? "") || null : null,
        json: blockToJson(found.element),
        text: before,
      };
      deleteBlockAt(doc, found.index);
      return [effect];
    }
    case "option": {
      const optionsBefore = (found.element.getAttribute("options") as string | undefined) ?? null;
      const options = parseOptions(optionsBefore);
      const next = options.length === 0 ? [{ key: "A", text: before, attribution: "Current text", amendmentId: null }] : options;
      next.push({ ...change.option, key: String.fromCharCode(65 + next.length) });
      const after = serializeOptions(next);
      found.element.setAttribute("options", after);
      return [{ kind: "options", blockId: change.blockId, before: optionsBefore, after }];
    }
  }
}

/** Blocks a decision produced or changed, for the record and links to the wording. */
export function resultingBlockIds(effects: readonly Effect[]): string[] {
  return effects.flatMap((effect) => (effect.kind === "insert" ? effect.blockIds : effect.kind === "delete" ? [] : [effect.blockId]));
}

/**
 * What stands in the way of reverting the effects: one sentence per change that was edited
 * since (then the chair reverts by hand). Empty: `revertEffects` can undo them exactly.
 */
export function revertObstacles(doc: Y.Doc, effects: readonly Effect[]): string[] {
  const obstacles: string[] = [];
  for (const effect of effects) {
    switch (effect.kind) {
      case "text": {
        const found = findBlock(doc, effect.blockId);
        if (!found) obstacles.push(`The paragraph it changed has since been deleted; its earlier wording was: “${effect.before}”.`);
        else if (blockText(found.element) !== effect.after)
          obstacles.push(`The paragraph has been edited since. Its wording before the decision was: “${effect.before}”.`);
        break;
      }
      case "insert":
        effect.blockIds.forEach((id, index) => {
          const found = findBlock(doc, id);
          if (found && blockText(found.element) !== effect.texts[index])
            obstacles.push(`The inserted paragraph “${effect.texts[index]}” has been edited since; delete it by hand if it should go.`);
        });
        break;
      case "delete":
        if (findBlock(doc, effect.blockId)) break;
        if (effect.afterBlockId && !findBlock(doc, effect.afterBlockId)) {
          obstacles.push(`The paragraph before the deleted one is gone too; restore “${effect.text}” by hand.`);
        }
        break;
      case "options": {
        const found = findBlock(doc, effect.blockId);
        if (!found || ((found.element.getAttribute("options") as string | undefined) ?? null) !== effect.after) {
          obstacles.push("The options on the paragraph have changed since; adjust them by hand.");
        }
        break;
      }
    }
  }
  return obstacles;
}

/** Undoes the effects, latest first. Call only when `revertObstacles` found none. */
export function revertEffects(doc: Y.Doc, effects: readonly Effect[], language: string) {
  for (const effect of [...effects].reverse()) {
    switch (effect.kind) {
      case "text": {
        const found = findBlock(doc, effect.blockId);
        if (found) setBlockText(found.element, effect.before, language);
        break;
      }
      case "insert":
        for (const id of effect.blockIds) {
          const found = findBlock(doc, id);
          if (found) deleteBlockAt(doc, found.index);
        }
        break;
      case "delete": {
        if (findBlock(doc, effect.blockId)) break;
        const index = effect.afterBlockId ? (findBlock(doc, effect.afterBlockId)?.index ?? -1) : -1;
        insertBlocksAfter(doc, index, [effect.json]);
        break;
      }
      case "options": {
        const found = findBlock(doc, effect.blockId);
        if (!found) break;
        if (effect.before === null) found.element.removeAttribute("options");
        else found.element.setAttribute("options", effect.before);
        break;
      }
    }
  }
}
