import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { editsBetween, type TextEdit } from "./rebase";
import { YJS_FIELD } from "./ydocFields";
import { runLines, type OptionRun } from "./options";

// Headless block operations on a base-text Y.Doc (find, rewrite, insert, delete a block by its
// stable id), for changes the server makes on the authoritative copy: a chair's decision, a
// revert. Each is a local Yjs edit of one block, never a rewrite of the whole fragment, so
// concurrent typing elsewhere (even elsewhere in the same paragraph) merges.

export interface FoundBlock {
  element: Y.XmlElement;
  index: number;
}

export function blocksFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(YJS_FIELD);
}

/**
 * The block with this id and its index, or null. The document is flat: one scan, over the
 * fragment's items as `toArray()` walks them (live, countable), without building the array of every
 * block: a bulk of decisions looks blocks up a few times per change.
 */
export function findBlock(doc: Y.Doc, blockId: string): FoundBlock | null {
  let index = 0;
  for (let item = blocksFragment(doc)._start; item !== null; item = item.right as Y.Item | null) {
    if (item.deleted || !item.countable) continue;
    const node = item.content instanceof Y.ContentType ? item.content.type : null;
    if (node instanceof Y.XmlElement && node.getAttribute("id") === blockId) return { element: node, index };
    index += item.length;
  }
  return null;
}

/** A block's plain text, as listBlocks renders it (a hard break is "\n"). */
export function blockText(element: Y.XmlElement): string {
  return element
    .toArray()
    .map((child) => {
      if (child instanceof Y.XmlText) return textOf(child);
      if (child instanceof Y.XmlElement && child.nodeName === "hardBreak") return "\n";
      return "";
    })
    .join("");
}

/**
 * The text's characters, without its formatting or embeds: what `toDelta()` holds as string
 * inserts, read straight off the items (toDelta builds an op with an attributes object per run,
 * and a chair's bulk of decisions reads each paragraph's text three times per decision).
 */
function textOf(text: Y.XmlText): string {
  let plain = "";
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentString) plain += item.content.str;
  }
  return plain;
}

/** Inline formatting of a wording: runs of text with their marks (Yjs format attributes). */
export interface MarkRun {
  start: number;
  end: number;
  attributes: Record<string, object>;
}

/** The mark names a wording may carry (the schema's marks); others are never set or cleared. */
const MARK_NAMES = ["bold", "italic", "underline"];

/**
 * Rewrites a block's text to `wording` with the fewest word-level edits against what it says
 * now: unchanged words stay the same Yjs items (with their formatting), so a delegate's
 * concurrent typing in them is kept and the new words appear once. Blocks with hard breaks are
 * rebuilt child by child. `edits`: the edits already computed against the current text (a
 * rebase), `marks`: the wording's formatting, given to the words it inserts. Returns true when
 * the block's text now reads `wording` by construction (edited in place), false when it was rebuilt.
 */
export function setBlockText(
  element: Y.XmlElement,
  wording: string,
  language = "en",
  edits?: readonly TextEdit[],
  marks?: readonly MarkRun[],
): boolean {
  const children = element.toArray();
  const simple = children.every((child) => child instanceof Y.XmlText) && children.length <= 1 && !wording.includes("\n");
  if (!simple) {
    element.delete(0, element.length);
    element.insert(0, inlineFromText(wording));
    return false;
  }
  let text = children[0] as Y.XmlText | undefined;
  if (!text) {
    text = new Y.XmlText();
    element.insert(0, [text]);
  }
  applyTextEdits(text, edits ?? editsBetween(textOf(text), wording, language), marks);
  return true;
}

/** Applies ascending, non-overlapping edits (positions in the text as it is), latest first. */
function applyTextEdits(text: Y.XmlText, edits: readonly TextEdit[], marks?: readonly MarkRun[]) {
  for (const edit of [...edits].reverse()) {
    if (edit.end > edit.start) text.delete(edit.start, edit.end - edit.start);
    if (!edit.insert) continue;
    if (!marks) {
      text.insert(edit.start, edit.insert);
      continue;
    }
    // Each stretch of the inserted words takes the wording's marks there, and no other (Yjs
    // would otherwise carry over the marks of the text before it).
    let offset = 0;
    for (const run of runsWithin(marks, edit.from, edit.from + edit.insert.length)) {
      const attributes: Record<string, object | null> = Object.fromEntries(MARK_NAMES.map((name) => [name, null]));
      Object.assign(attributes, run.attributes);
      text.insert(edit.start + offset, edit.insert.slice(offset, offset + run.end - run.start), attributes as Record<string, object>);
      offset += run.end - run.start;
    }
  }
}

/** The runs of `marks` between `start` and `end`, gaps filled with unmarked runs. */
function runsWithin(marks: readonly MarkRun[], start: number, end: number): MarkRun[] {
  const runs: MarkRun[] = [];
  let position = start;
  for (const run of marks) {
    if (run.end <= position || run.start >= end) continue;
    if (run.start > position) runs.push({ start: position, end: run.start, attributes: {} });
    const runEnd = Math.min(run.end, end);
    runs.push({ start: Math.max(run.start, position), end: runEnd, attributes: run.attributes });
    position = runEnd;
  }
  if (position < end) runs.push({ start: position, end, attributes: {} });
  return runs;
}

/**
 * Gives the block's words exactly the formatting of `runs` (an option the chair chose), once its
 * text already reads as they do: a block of one text is formatted in place (its words stay the
 * same Yjs items); one with hard breaks is rebuilt from the runs.
 */
export function formatBlockAs(element: Y.XmlElement, runs: readonly OptionRun[]) {
  const children = element.toArray();
  const wording = runs.map((run) => run.text).join("");
  if (children.length === 1 && children[0] instanceof Y.XmlText && !wording.includes("\n")) {
    const text = children[0];
    if (textOf(text) !== wording) return;
    let at = 0;
    for (const run of runs) {
      const attributes: Record<string, object | null> = Object.fromEntries(
        MARK_NAMES.map((name) => [name, run[name as keyof OptionRun] ? {} : null]),
      );
      text.format(at, run.text.length, attributes as Record<string, object>);
      at += run.text.length;
    }
    return;
  }
  element.delete(0, element.length);
  const nodes: (Y.XmlText | Y.XmlElement)[] = [];
  const deltas: [Y.XmlText, { insert: string; attributes: Record<string, object> }[]][] = [];
  runLines(runs).forEach((line, index) => {
    if (index > 0) nodes.push(new Y.XmlElement("hardBreak"));
    if (line.length === 0) return;
    const text = new Y.XmlText();
    nodes.push(text);
    const marked = (run: OptionRun) =>
      Object.fromEntries(MARK_NAMES.filter((name) => run[name as keyof OptionRun]).map((name) => [name, {}]));
    deltas.push([text, line.map((run) => ({ insert: run.text, attributes: marked(run) }))]);
  });
  if (nodes.length > 0) element.insert(0, nodes);
  // Formats are applied once the texts are in the document.
  for (const [text, delta] of deltas) text.applyDelta(delta);
}

/** The plain text of a block's inline JSON (hard breaks as "\n") and its marks. */
export function inlineMarks(json: JSONContent | undefined): { text: string; marks: MarkRun[] } {
  let text = "";
  const marks: MarkRun[] = [];
  for (const node of json?.content ?? []) {
    if (node.type === "hardBreak") text += "\n";
    if (node.type !== "text" || !node.text) continue;
    const attributes: Record<string, object> = {};
    for (const mark of node.marks ?? []) if (MARK_NAMES.includes(mark.type)) attributes[mark.type] = mark.attrs ?? {};
    if (Object.keys(attributes).length > 0) marks.push({ start: text.length, end: text.length + node.text.length, attributes });
    text += node.text;
  }
  return { text, marks };
}

function inlineFromText(wording: string): (Y.XmlText | Y.XmlElement)[] {
  const nodes: (Y.XmlText | Y.XmlElement)[] = [];
  wording.split("\n").forEach((line, index) => {
    if (index > 0) nodes.push(new Y.XmlElement("hardBreak"));
    if (line) nodes.push(new Y.XmlText(line));
  });
  return nodes;
}

/** Y types for ProseMirror JSON of a block (the shape y-tiptap writes: marks as text formats). */
export function blockFromJson(json: JSONContent): Y.XmlElement {
  const element = new Y.XmlElement(json.type ?? "operative");
  for (const [key, value] of Object.entries(json.attrs ?? {})) {
    if (value !== null && value !== undefined && key !== "number") element.setAttribute(key, value as string);
  }
  const children: (Y.XmlText | Y.XmlElement)[] = [];
  let pending: { insert: string; attributes: Record<string, object> }[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = new Y.XmlText();
    const delta = pending;
    pending = [];
    children.push(text);
    // Applied once the element is integrated (a preliminary XmlText keeps its delta).
    text.applyDelta(delta);
  };
  for (const node of json.content ?? []) {
    if (node.type === "text") {
      const attributes: Record<string, object> = {};
      for (const mark of node.marks ?? []) attributes[mark.type] = mark.attrs ?? {};
      pending.push({ insert: node.text ?? "", attributes });
    } else if (node.type === "hardBreak") {
      flush();
      children.push(new Y.XmlElement("hardBreak"));
    }
  }
  flush();
  if (children.length > 0) element.insert(0, children);
  return element;
}

/** Inserts blocks right after the block at `index` (or at the start for -1). */
export function insertBlocksAfter(doc: Y.Doc, index: number, blocks: readonly JSONContent[]) {
  blocksFragment(doc).insert(index + 1, blocks.map(blockFromJson));
}

export function deleteBlockAt(doc: Y.Doc, index: number) {
  blocksFragment(doc).delete(index, 1);
}

/** The block's JSON as y-tiptap would render it (for storing a deleted block to restore it). */
export function blockToJson(element: Y.XmlElement): JSONContent {
  const attrs: Record<string, unknown> = element.getAttributes();
  const content: JSONContent[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, Record<string, unknown>> }[]) {
        if (typeof op.insert !== "string") continue;
        const marks = Object.entries(op.attributes ?? {}).map(([type, markAttrs]) => ({
          type,
          ...(markAttrs && Object.keys(markAttrs).length > 0 ? { attrs: markAttrs } : {}),
        }));
        content.push({ type: "text", text: op.insert, ...(marks.length > 0 ? { marks } : {}) });
      }
    } else if (child instanceof Y.XmlElement && child.nodeName === "hardBreak") {
      content.push({ type: "hardBreak" });
    }
  }
  return { type: element.nodeName, attrs, content };
}
