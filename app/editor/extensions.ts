import { Node as TiptapNode, Extension, mergeAttributes, type Extensions } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import type { DOMOutputSpec, Node as PmNode } from "@tiptap/pm/model";
import Bold from "@tiptap/extension-bold";
import Italic from "@tiptap/extension-italic";
import Underline from "@tiptap/extension-underline";
import Text from "@tiptap/extension-text";
import HardBreak from "@tiptap/extension-hard-break";
import { RUN_MARKS, optionRuns, parseOptions, runLines, type BlockOption, type OptionRun } from "./options";
import { ACTION_POINT_FIELDS, BLOCK_KINDS, BLOCK_STATUSES, FIELD_LABELS, type BlockKind } from "./blocks";
import { NUMBERING_CHANGED, provisionalNumbers, type Baseline } from "./numbering";

/** A document is a flat list of blocks; goals and their action points are siblings. */
const PlenaryDocument = TiptapNode.create({
  name: "doc",
  topNode: true,
  content: "block+",
});

// The page's own h1 names the document: inside the text, its title is a second-level heading.
const TEXT_TAG: Record<BlockKind, string> = {
  title: "h2",
  heading: "h3",
  preambular: "p",
  operative: "p",
  goal: "h3",
  actionPoint: "p",
};

function createBlockNode(kind: BlockKind) {
  return TiptapNode.create({
    name: kind,
    group: "block",
    content: "inline*",
    defining: true,
    addAttributes() {
      const attributes: Record<string, object> = {
        // Stable block id (UUID); kept unique by BlockIdentity below.
        id: {
          default: null,
          keepOnSplit: false,
          parseHTML: (element: HTMLElement) => element.getAttribute("data-id"),
          renderHTML: (attrs: { id: string | null }) => (attrs.id ? { "data-id": attrs.id } : {}),
        },
        status: {
          default: "open",
          keepOnSplit: false,
          parseHTML: (element: HTMLElement) => {
            const status = element.getAttribute("data-status");
            return BLOCK_STATUSES.includes(status as never) ? status : "open";
          },
          renderHTML: (attrs: { status: string }) => ({ "data-status": attrs.status }),
        },
        // An option set (app/editor/options.ts) once the chair accepts an alternative; JSON.
        options: {
          default: null,
          keepOnSplit: false,
          parseHTML: (element: HTMLElement) => element.getAttribute("data-options"),
          renderHTML: (attrs: { options: string | null }) => (attrs.options ? { "data-options": attrs.options } : {}),
        },
        // Display number for static rendering only; the live editor uses decorations instead.
        number: {
          default: null,
          rendered: false,
        },
      };
      if (kind === "actionPoint") {
        for (const field of ACTION_POINT_FIELDS) {
          attributes[field] = {
            default: "",
            keepOnSplit: false,
            parseHTML: (element: HTMLElement) => element.getAttribute(`data-${field}`) ?? "",
            renderHTML: () => ({}),
          };
        }
      }
      return attributes;
    },
    parseHTML() {
      return [{ tag: `div[data-block="${kind}"]`, contentElement: ".block__text" }];
    },
    renderHTML({ node, HTMLAttributes }) {
      const options = parseOptions(node.attrs.options);
      const outer = mergeAttributes(HTMLAttributes, {
        class: `block block--${kind}${options.length > 0 ? " block--options" : ""}`,
        "data-block": kind,
        ...(node.attrs.number ? { "data-number": node.attrs.number } : {}),
      });
      const text = [TEXT_TAG[kind], { class: "block__text" }, 0] as const;
      const filled = kind === "actionPoint" ? ACTION_POINT_FIELDS.filter((field) => String(node.attrs[field] ?? "").trim() !== "") : [];
      const fields = filled.flatMap((field) => [
        ["dt", {}, FIELD_LABELS[field]],
        ["dd", {}, String(node.attrs[field])],
      ]);
      const after: DOMOutputSpec[] = [];
      if (options.length > 0) after.push(otherOptions(options));
      if (fields.length > 0) after.push(["dl", { class: "block__fields", contenteditable: "false" }, ...fields]);
      if (options.length === 0) return ["div", outer, text, ...after];
      return ["div", outer, optionLabelSpec(options[0]!), text, ...after];
    },
  });
}

// An option set shows the paragraph's own (editable) wording as Option A, then the other options,
// read-only, in one group. Labels are interface text (English, left to right) inside text of any
// direction; each option's wording takes its own direction (app/editor/options.ts).
function optionLabelSpec(option: BlockOption): DOMOutputSpec {
  return [
    "span",
    { class: "option__label", contenteditable: "false", lang: "en", dir: "ltr", "data-option-label": option.key },
    ["span", { class: "option__key" }, `[Option ${option.key}]`],
    " ",
    ["span", { class: "option__by" }, option.attribution],
  ];
}

function otherOptions(options: readonly BlockOption[]): DOMOutputSpec {
  return [
    "div",
    { class: "block__options", contenteditable: "false", role: "group", "aria-label": "Other options" },
    ...options
      .slice(1)
      .map((option): DOMOutputSpec => [
        "div",
        { class: "option", "data-option": option.key },
        optionLabelSpec(option),
        ["span", { class: "option__text", dir: "auto" }, ...runsSpec(optionRuns(option))],
      ]),
  ];
}

// An option's words as the editor marks them (<strong>, <em>, <u>, <br>), so a formatted
// alternative reads as proposed.
const RUN_TAGS = { bold: "strong", italic: "em", underline: "u" } as const;
type Spec = string | readonly [string, ...unknown[]];
function runsSpec(runs: readonly OptionRun[]): Spec[] {
  return runLines(runs).flatMap((line, index): Spec[] => [
    // Attributes always given: the static renderer (the page before the editor loads) reads a bare
    // second string as attributes and fails.
    ...(index > 0 ? [["br", {}] as const] : []),
    ...line.map((run) => RUN_MARKS.filter((name) => run[name]).reduceRight<Spec>((inner, name) => [RUN_TAGS[name], {}, inner], run.text)),
  ]);
}

// The first node of the "block" group is ProseMirror's default block, used when it has to create
// one (select-all and type, an emptied document): an operative paragraph, never a title.
const SCHEMA_ORDER: readonly BlockKind[] = ["operative", ...BLOCK_KINDS.filter((kind) => kind !== "operative")];
export const BLOCK_NODES = SCHEMA_ORDER.map(createBlockNode);

const blockIdentityKey = new PluginKey("blockIdentity");

/**
 * Keeps every block's id present and unique after splits, joins, paste and undo. The document
 * is flat, so a full scan per local change is cheap and catches every case; remote (Yjs)
 * changes are left alone because their author's editor already fixed them.
 */
export const BlockIdentity = Extension.create<{ generateId: () => string }>({
  name: "blockIdentity",
  addOptions() {
    return { generateId: () => crypto.randomUUID() };
  },
  addProseMirrorPlugins() {
    return [blockIdentityPlugin(this.options.generateId)];
  },
});

export function blockIdentityPlugin(generateId: () => string = () => crypto.randomUUID()) {
  return new Plugin({
    key: blockIdentityKey,
    appendTransaction: (transactions, _oldState, newState) => {
      if (!transactions.some((tr) => tr.docChanged)) return null;
      if (transactions.some((tr) => tr.getMeta("y-sync$"))) return null;
      const tr = newState.tr;
      for (const { pos, node } of blocksNeedingNewIds(newState.doc)) {
        tr.setNodeMarkup(pos, undefined, { ...node.attrs, id: generateId() });
      }
      if (!tr.docChanged) return null;
      return tr.setMeta("addToHistory", false);
    },
  });
}

/**
 * Blocks whose id is missing or taken. Among duplicates the first block with text keeps the id,
 * so splitting at the start of a paragraph leaves the id with the moved text.
 */
export function blocksNeedingNewIds(doc: PmNode): { pos: number; node: PmNode }[] {
  const blocks: { pos: number; node: PmNode }[] = [];
  doc.forEach((node, pos) => blocks.push({ pos, node }));
  const keeper = new Map<string, number>();
  blocks.forEach(({ node }, index) => {
    const id = node.attrs.id as string | null;
    if (!id) return;
    const current = keeper.get(id);
    if (current === undefined || (blocks[current]!.node.content.size === 0 && node.content.size > 0)) keeper.set(id, index);
  });
  return blocks.filter(({ node }, index) => !node.attrs.id || keeper.get(node.attrs.id as string) !== index);
}

export interface BlockNumbersOptions {
  /** The last version's numbering (blockId → number): new paragraphs read OP7bis until the next version. */
  baseline: () => Baseline | null;
}

/**
 * Shows each block's computed number (data-number) without writing it into the document:
 * provisional against the last version's baseline, as the compilation and the versions show it.
 * A transaction with the NUMBERING_CHANGED meta recomputes them (a version was issued).
 */
export const BlockNumbers = Extension.create<BlockNumbersOptions>({
  name: "blockNumbers",
  addOptions() {
    return { baseline: () => null };
  },
  addProseMirrorPlugins() {
    const { baseline } = this.options;
    return [
      new Plugin({
        key: new PluginKey("blockNumbers"),
        state: {
          init: (_, state) => numberDecorations(state.doc, baseline()),
          apply: (tr, previous) => (tr.docChanged || tr.getMeta(NUMBERING_CHANGED) ? numberDecorations(tr.doc, baseline()) : previous),
        },
        props: {
          decorations(state) {
            return this.getState(state);
          },
        },
      }),
    ];
  },
});

/** The number of each top-level block of an editor's document, provisional against the baseline. */
export function editorBlockNumbers(doc: PmNode, baseline: Baseline | null): (string | null)[] {
  const blocks: { id: string; kind: string }[] = [];
  doc.forEach((node) => blocks.push({ id: String(node.attrs.id ?? ""), kind: node.type.name }));
  return provisionalNumbers(blocks, baseline);
}

function numberDecorations(doc: PmNode, baseline: Baseline | null): DecorationSet {
  const blocks: { pos: number; node: PmNode }[] = [];
  doc.forEach((node, pos) => blocks.push({ pos, node }));
  const numbers = editorBlockNumbers(doc, baseline);
  const decorations = blocks.flatMap(({ pos, node }, index) => {
    const number = numbers[index];
    return number ? [Decoration.node(pos, pos + node.nodeSize, { "data-number": number })] : [];
  });
  return DecorationSet.create(doc, decorations);
}

/** The schema-defining extensions: identical in the browser and on the server. */
export function documentExtensions(): Extensions {
  return [PlenaryDocument, Text, HardBreak, Bold, Italic, Underline, ...BLOCK_NODES];
}

/**
 * Agreed paragraphs cannot be edited (docs/decisions/028): local changes touching one are dropped before
 * they reach the document, so a pen-holder is not refused by the server mid-sentence. The server
 * refuses them anyway (server/domain/documents/paragraphLocks.ts); remote changes pass.
 */
export const AgreedLock = Extension.create({
  name: "agreedLock",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("agreedLock"),
        filterTransaction: (tr) => {
          if (!tr.docChanged || tr.getMeta("y-sync$")) return true;
          let touchesAgreed = false;
          tr.steps.forEach((step, index) => {
            const before = tr.docs[index]!;
            step.getMap().forEach((oldStart, oldEnd) => {
              before.nodesBetween(Math.max(0, oldStart - 1), Math.min(before.content.size, oldEnd + 1), (node) => {
                if (node.attrs.status === "agreed") touchesAgreed = true;
                return false;
              });
            });
          });
          return !touchesAgreed;
        },
      }),
    ];
  },
});
