import { Extension } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { OPENING_WORD, hasOpeningWord, readingLabel } from "./blocks";
import { editorBlockNumbers } from "./extensions";
import { NUMBERING_CHANGED, type Baseline } from "./numbering";

/**
 * Reading aids that change nothing in the document:
 * - UN drafting style: the opening word of a preambular or operative paragraph in italics
 *   ("*Recalling*, …", "*Decides* …"), not the whole paragraph;
 * - in a read-only editor, every paragraph is a keyboard stop announced with its number and
 *   status ("OP3, bracketed"); Enter opens its amendments, arrows move between paragraphs;
 * - changes made by others (remote Yjs transactions) are reported by paragraph, so the page can
 *   announce them politely in a live region instead of on every keystroke.
 */
export interface ReadingAidsOptions {
  onSelectBlock: (blockId: string, panel?: "amendments" | "comments") => void;
  onRemoteChange: (labels: string[]) => void;
  /** A reader clicked or tapped a paragraph (not a drag that selected words), after it was selected by its focus. */
  onTapBlock: (blockId: string) => void;
  /** The last version's numbering, for paragraphs' numbers (OP7bis). */
  baseline: () => Baseline | null;
}

const readingAidsKey = new PluginKey<{ italic: DecorationSet; reading: DecorationSet }>("readingAids");

export const ReadingAids = Extension.create<ReadingAidsOptions>({
  name: "readingAids",
  addOptions() {
    return { onSelectBlock: () => undefined, onRemoteChange: () => undefined, onTapBlock: () => undefined, baseline: () => null };
  },
  addProseMirrorPlugins() {
    const editor = this.editor;
    const options = this.options;
    return [
      new Plugin({
        key: readingAidsKey,
        state: {
          init: (_, state) => build(state.doc, options.baseline()),
          apply: (tr, previous, oldState) => {
            if (!tr.docChanged && !tr.getMeta(NUMBERING_CHANGED)) return previous;
            if (tr.docChanged && isRemote(tr) && oldState.doc.content.size > 2) {
              const labels = changedLabels(oldState.doc, tr.doc, options.baseline());
              if (labels.length > 0) queueMicrotask(() => options.onRemoteChange(labels));
            }
            return build(tr.doc, options.baseline());
          },
        },
        props: {
          decorations(state) {
            const sets = readingAidsKey.getState(state)!;
            return editor.isEditable ? sets.italic : sets.reading;
          },
          handleDOMEvents: {
            keydown: (view, event) => (editor.isEditable ? false : onKeyDown(view, event, options)),
            focusin: (_view, event) => {
              const block = blockElement(event.target);
              if (!editor.isEditable && block?.dataset.id) options.onSelectBlock(block.dataset.id);
              return false;
            },
            click: (_view, event) => {
              const target = event.target instanceof Element ? event.target.closest("[data-id][tabindex]") : null;
              const id = target instanceof HTMLElement ? target.dataset.id : undefined;
              if (!editor.isEditable && id && (window.getSelection()?.isCollapsed ?? true)) options.onTapBlock(id);
              return false;
            },
          },
        },
      }),
    ];
  },
});

function isRemote(tr: Transaction) {
  return Boolean(tr.getMeta("y-sync$"));
}

function blocksOf(doc: PmNode) {
  const blocks: { pos: number; node: PmNode }[] = [];
  doc.forEach((node, pos) => blocks.push({ pos, node }));
  return blocks;
}

function build(doc: PmNode, baseline: Baseline | null) {
  const blocks = blocksOf(doc);
  const numbers = editorBlockNumbers(doc, baseline);
  const italic: Decoration[] = [];
  const reading: Decoration[] = [];
  blocks.forEach(({ pos, node }, index) => {
    const kind = node.type.name;
    if (hasOpeningWord(kind)) {
      const first = node.firstChild;
      const match = first?.isText ? OPENING_WORD.exec(first.text ?? "") : null;
      if (match) {
        const from = pos + 1 + match[0].length - match[1]!.length;
        const decoration = Decoration.inline(from, from + match[1]!.length, { class: "opening-word" });
        italic.push(decoration);
        reading.push(decoration);
      }
    }
    const label = readingLabel(kind, numbers[index], node.attrs.status as string | null);
    reading.push(Decoration.node(pos, pos + node.nodeSize, { tabindex: "0", role: "group", "aria-label": label }));
  });
  return { italic: DecorationSet.create(doc, italic), reading: DecorationSet.create(doc, reading) };
}

/** Number (or kind) of each block whose node changed, by stable id; removed blocks included. */
export function changedLabels(before: PmNode, after: PmNode, baseline: Baseline | null = null): string[] {
  const old = new Map<string, PmNode>();
  before.forEach((node) => node.attrs.id && old.set(node.attrs.id as string, node));
  const blocks = blocksOf(after);
  const numbers = editorBlockNumbers(after, baseline);
  const labels: string[] = [];
  blocks.forEach(({ node }, index) => {
    const id = node.attrs.id as string | null;
    const previous = id ? old.get(id) : undefined;
    if (id) old.delete(id);
    if (previous && previous.eq(node)) return;
    labels.push(numbers[index] ?? (node.type.name === "title" ? "the title" : "a heading"));
  });
  if (old.size > 0) labels.push(old.size === 1 ? "a removed paragraph" : `${old.size} removed paragraphs`);
  return labels;
}

function blockElement(target: EventTarget | null): HTMLElement | null {
  const element = target instanceof HTMLElement ? target : null;
  return element?.matches("[data-id][tabindex]") ? element : null;
}

function onKeyDown(view: EditorView, event: KeyboardEvent, options: ReadingAidsOptions) {
  const block = blockElement(event.target);
  if (!block) return false;
  if (event.key === "Enter") {
    if (block.dataset.id) options.onSelectBlock(block.dataset.id, "amendments");
    event.preventDefault();
    return true;
  }
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    const blocks = [...view.dom.querySelectorAll<HTMLElement>("[data-id][tabindex]")];
    const next = blocks[blocks.indexOf(block) + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) {
      next.focus();
      event.preventDefault();
      return true;
    }
  }
  return false;
}
