import { findBlock } from "../../../app/editor/yBlocks";
import * as Y from "yjs";

// Range anchors for comment threads: Yjs relative positions inside a block's text, so the
// range follows concurrent edits. Offsets count characters of the block's plain text, with a
// hard break as one character (as listBlocks renders it).

/** The block a range lives in: the one find-by-id of app/editor/yBlocks. */
export function findBlockElement(doc: Y.Doc, blockId: string): Y.XmlElement | null {
  return findBlock(doc, blockId)?.element ?? null;
}

function lengthOf(child: Y.XmlElement | Y.XmlText | Y.XmlHook) {
  return child instanceof Y.XmlText ? child.length : 1;
}

/** Relative positions for [start, end) of the block's plain text; the range does not grow at its edges. */
export function createAnchor(block: Y.XmlElement, start: number, end: number) {
  return { start: encode(relativeAt(block, start, 0)), end: encode(relativeAt(block, end, -1)) };
}

function relativeAt(block: Y.XmlElement, offset: number, assoc: number): Y.RelativePosition {
  let remaining = offset;
  const children = block.toArray();
  for (const [index, child] of children.entries()) {
    const length = lengthOf(child);
    const last = index === children.length - 1;
    if (child instanceof Y.XmlText && (remaining < length || (remaining === length && (assoc < 0 || last)))) {
      return Y.createRelativePositionFromTypeIndex(child, remaining, assoc);
    }
    remaining -= length;
  }
  return Y.createRelativePositionFromTypeIndex(block, block.length, assoc);
}

const encode = (position: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(position)).toString("base64");
const decode = (value: string) => Y.decodeRelativePosition(new Uint8Array(Buffer.from(value, "base64")));

export type ResolvedAnchor =
  { status: "anchored"; start: number; end: number; text: string } | { status: "orphaned"; reason: "deleted" | "block_missing" };

/** Where a range is now. Its words all deleted, or its block gone: orphaned, never moved elsewhere. */
export function resolveAnchor(doc: Y.Doc, blockId: string, start: string, end: string): ResolvedAnchor {
  const block = findBlockElement(doc, blockId);
  if (!block) return { status: "orphaned", reason: "block_missing" };
  let from: number | null;
  let to: number | null;
  try {
    from = offsetIn(doc, block, decode(start));
    to = offsetIn(doc, block, decode(end));
  } catch {
    // A stored anchor that no longer decodes reads as lost, never as a failed page.
    return { status: "orphaned", reason: "deleted" };
  }
  if (from === null || to === null || to <= from) return { status: "orphaned", reason: "deleted" };
  return { status: "anchored", start: from, end: to, text: blockText(block).slice(from, to) };
}

function offsetIn(doc: Y.Doc, block: Y.XmlElement, position: Y.RelativePosition): number | null {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute) return null;
  if (absolute.type === block) {
    return block
      .toArray()
      .slice(0, absolute.index)
      .reduce((sum, child) => sum + lengthOf(child), 0);
  }
  if (!(absolute.type instanceof Y.XmlText) || absolute.type.parent !== block) return null;
  let offset = 0;
  for (const child of block.toArray()) {
    if (child === absolute.type) return offset + absolute.index;
    offset += lengthOf(child);
  }
  return null;
}

/** The block's plain text, hard breaks as "\n". */
export function blockText(block: Y.XmlElement): string {
  return block
    .toArray()
    .map((child) =>
      child instanceof Y.XmlText
        ? (child.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === "string" ? op.insert : "")).join("")
        : "\n",
    )
    .join("");
}
