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
}

export const amendmentMarksKey = new PluginKey<DecorationSet>("amendmentMarks");

/**
 * Badges with the number of tabled amendments on each block, and the selected amendment's
 * word-level diff shown inline under its block. Data comes from the page (setAmendmentMarks).
 */
export const AmendmentMarks = Extension.create<{ onSelectBlock: (blockId: string) => void }, AmendmentMarksState>({
  name: "amendmentMarks",
  addOptions() {
    return { onSelectBlock: () => undefined };
  },
  addStorage() {
    return { counts: {}, selected: null };
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

function buildDecorations(doc: PmNode, { counts, selected }: AmendmentMarksState, onSelectBlock: (blockId: string) => void) {
  const decorations: Decoration[] = [];
  doc.forEach((node, pos) => {
    const id = node.attrs.id as string | null;
    if (!id) return;
    const count = counts[id] ?? 0;
    if (count > 0) {
      decorations.push(
        Decoration.widget(pos + 1, () => badge(id, count, onSelectBlock), { side: -1, key: `badge-${id}-${count}`, ignoreSelection: true }),
      );
    }
    if (selected?.blockId === id) {
      decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: "block--amended" }));
      decorations.push(
        Decoration.widget(pos + node.nodeSize - 1, () => inlineDiff(selected), { side: 1, key: `diff-${id}-${selected.label}`, ignoreSelection: true }),
      );
    }
  });
  return DecorationSet.create(doc, decorations);
}

function badge(blockId: string, count: number, onSelectBlock: (blockId: string) => void) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "amendment-badge";
  button.contentEditable = "false";
  button.textContent = String(count);
  button.setAttribute("aria-label", `${count} tabled amendment${count === 1 ? "" : "s"} on this paragraph`);
  button.title = button.getAttribute("aria-label")!;
  button.addEventListener("mousedown", (event) => event.preventDefault());
  button.addEventListener("click", () => onSelectBlock(blockId));
  return button;
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
