import { Extension } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import type { DiffPart } from "./diff";

export interface AmendmentMarksState {
  /** Tabled amendments per block id. */
  counts: Record<string, number>;
  /** The amendment selected in the side panel, shown as a diff under its block. */
  selected: { blockId: string; parts: DiffPart[]; colour: string; label: string } | null;
  /** Open comment threads per block id. */
  commentCounts: Record<string, number>;
  /** The words of the selected comment thread, highlighted. Offsets in the block's plain text. */
  highlight: { blockId: string; start: number; end: number } | null;
}

export const amendmentMarksKey = new PluginKey<DecorationSet>("amendmentMarks");

/**
 * Badges with the number of tabled amendments and open comment threads on each block, the
 * selected amendment's word-level diff shown inline under its block, and the selected thread's
 * words highlighted. Data comes from the page (DocumentEditor's `marks`).
 */
export const AmendmentMarks = Extension.create<
  { onSelectBlock: (blockId: string, panel: "amendments" | "comments") => void },
  AmendmentMarksState
>({
  name: "amendmentMarks",
  addOptions() {
    return { onSelectBlock: () => undefined };
  },
  addStorage() {
    return { counts: {}, selected: null, commentCounts: {}, highlight: null };
  },
  addProseMirrorPlugins() {
    const storage = this.storage;
    const onSelectBlock = this.options.onSelectBlock;
    const build = (doc: PmNode) => buildDecorations(doc, storage, onSelectBlock);
    return [
      new Plugin({
        key: amendmentMarksKey,
        state: {
          init: (_, state) => build(state.doc),
          apply: (tr, previous) => (tr.docChanged || tr.getMeta(amendmentMarksKey) ? build(tr.doc) : previous),
        },
        props: {
          decorations(state) {
            return amendmentMarksKey.getState(state);
          },
        },
      }),
    ];
  },
});

type SelectBlock = (blockId: string, panel: "amendments" | "comments") => void;

function buildDecorations(doc: PmNode, { counts, selected, commentCounts, highlight }: AmendmentMarksState, onSelectBlock: SelectBlock) {
  const decorations: Decoration[] = [];
  doc.forEach((node, pos) => {
    const id = node.attrs.id as string | null;
    if (!id) return;
    const count = counts[id] ?? 0;
    const comments = commentCounts[id] ?? 0;
    if (count > 0 || comments > 0) {
      decorations.push(
        Decoration.widget(pos + 1, () => badges(id, count, comments, onSelectBlock), {
          side: -1,
          key: `badges-${id}-${count}-${comments}`,
          ignoreSelection: true,
        }),
      );
    }
    if (highlight?.blockId === id) {
      const from = blockOffsetToPos(node, pos, highlight.start);
      const to = blockOffsetToPos(node, pos, highlight.end);
      if (to > from) decorations.push(Decoration.inline(from, to, { class: "comment-highlight" }));
    }
    if (selected?.blockId === id) {
      decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: "block--amended" }));
      decorations.push(
        Decoration.widget(pos + node.nodeSize - 1, () => inlineDiff(selected), {
          side: 1,
          key: `diff-${id}-${selected.label}`,
          ignoreSelection: true,
        }),
      );
    }
  });
  return DecorationSet.create(doc, decorations);
}

function badges(blockId: string, amendments: number, comments: number, onSelectBlock: SelectBlock) {
  const container = document.createElement("span");
  container.className = "block-badges";
  container.contentEditable = "false";
  if (amendments > 0)
    container.append(
      badge("amendment-badge", `${amendments} tabled amendment${amendments === 1 ? "" : "s"} on this paragraph`, amendments, () =>
        onSelectBlock(blockId, "amendments"),
      ),
    );
  if (comments > 0)
    container.append(
      badge("comment-badge", `${comments} open comment thread${comments === 1 ? "" : "s"} on this paragraph`, comments, () =>
        onSelectBlock(blockId, "comments"),
      ),
    );
  return container;
}

function badge(className: string, label: string, count: number, onClick: () => void) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = className;
  button.textContent = String(count);
  button.setAttribute("aria-label", label);
  button.title = label;
  button.addEventListener("mousedown", (event) => event.preventDefault());
  button.addEventListener("click", onClick);
  return button;
}

/** Document position of a character offset in a block's plain text (hard break = one character). */
export function blockOffsetToPos(block: PmNode, blockPos: number, offset: number): number {
  let remaining = offset;
  let position = blockPos + 1;
  for (let index = 0; index < block.childCount; index++) {
    const child = block.child(index);
    const length = child.isText ? child.text!.length : 1;
    if (remaining <= length) return position + (child.isText ? remaining : remaining === 0 ? 0 : child.nodeSize);
    remaining -= length;
    position += child.nodeSize;
  }
  return position;
}

function inlineDiff(selected: NonNullable<AmendmentMarksState["selected"]>) {
  const container = document.createElement("span");
  container.className = "inline-diff";
  container.contentEditable = "false";
  container.setAttribute("aria-label", `Proposed change: ${selected.label}`);
  const label = document.createElement("span");
  label.className = "inline-diff__label";
  label.textContent = selected.label;
  container.append(label, ...renderDiffParts(selected.parts, selected.colour));
  return container;
}

/** DOM for a diff, shared with the React DiffView's look (same classes). */
export function renderDiffParts(parts: readonly DiffPart[], colour: string) {
  return parts.map((part) => {
    const element = document.createElement(part.kind === "inserted" ? "ins" : part.kind === "deleted" ? "del" : "span");
    element.textContent = part.text;
    if (part.kind !== "same") element.style.setProperty("--party", colour);
    return element;
  });
}
