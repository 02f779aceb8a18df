import type { Mark, Node as PmNode, NodeType, Schema } from "@tiptap/pm/model";
import * as Y from "yjs";
import { BLOCK_STATUSES } from "./blocks";

// y-tiptap's yXmlFragmentToProseMirrorRootNode deletes, from the Y.Doc itself, every element or
// text it cannot turn into a node (an unknown node or mark): reading a live room then wrote a
// server update. This reader follows the same mapping but only skips what it cannot read (an
// unknown node; an unknown mark, keeping its text), so a read never writes,
// and it bounds the nesting it follows.

const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

// The document is flat (docs/decisions/005): blocks at the top, text and inline leaves (line breaks) in
// a block. The reader follows exactly that shape, so whatever is stored (a block nested 20,000
// deep, a loose XmlText or XmlHook at the top, a block inside a block) costs one level of
// attention and is skipped, and one block that cannot be read is left out alone.
export function readYXmlFragment(fragment: Y.XmlFragment, schema: Schema): PmNode {
  const blocks: PmNode[] = [];
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    const node = readBlock(child, schema);
    if (node) blocks.push(node);
  }
  return schema.topNodeType.create(null, blocks);
}

function readBlock(element: Y.XmlElement, schema: Schema): PmNode | null {
  const type = Object.hasOwn(schema.nodes, element.nodeName) ? schema.nodes[element.nodeName]! : null;
  if (!type || !type.isInGroup("block")) return null;
  try {
    const inline: PmNode[] = [];
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlText) inline.push(...readText(child, schema));
      else if (child instanceof Y.XmlElement) {
        const leaf = readInlineLeaf(child, schema);
        if (leaf) inline.push(leaf);
      }
    }
    return type.createChecked(readAttributes(type, element), inline);
  } catch {
    return null;
  }
}

function readInlineLeaf(element: Y.XmlElement, schema: Schema): PmNode | null {
  const type = Object.hasOwn(schema.nodes, element.nodeName) ? schema.nodes[element.nodeName]! : null;
  if (!type || !type.isInline || !type.isLeaf || type.isText) return null;
  try {
    return type.create();
  } catch {
    return null;
  }
}

/** The block's attributes the schema knows, as strings; a status outside the vocabulary reads as open. */
function readAttributes(type: NodeType, element: Y.XmlElement): Record<string, unknown> {
  const stored = element.getAttributes() as Record<string, unknown>;
  const attrs: Record<string, unknown> = {};
  for (const name of Object.keys(type.spec.attrs ?? {})) {
    const value = Object.hasOwn(stored, name) ? stored[name] : undefined;
    if (typeof value === "string" && value.length <= 4000) attrs[name] = value;
  }
  if (attrs.status !== undefined && !BLOCK_STATUSES.includes(attrs.status as never)) attrs.status = "open";
  return attrs;
}

function readText(text: Y.XmlText, schema: Schema): PmNode[] {
  try {
    return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[])
      .filter(
        (delta): delta is { insert: string; attributes?: Record<string, unknown> } =>
          typeof delta.insert === "string" && delta.insert.length > 0,
      )
      .map((delta) => schema.text(delta.insert, marksOf(delta.attributes, schema)));
  } catch {
    return [];
  }
}

/** Marks the schema knows; an unknown mark is left out and its text kept. */
function marksOf(attributes: Record<string, unknown> | undefined, schema: Schema): Mark[] {
  const marks: Mark[] = [];
  for (const name in attributes) {
    const markName = HASHED_MARK_NAME.exec(name)?.[1] ?? name;
    if (!Object.hasOwn(schema.marks, markName)) continue;
    try {
      marks.push(schema.mark(markName, attributes[name] as Record<string, unknown> | null));
    } catch {
      // Attributes the mark cannot take: keep the text without it.
    }
  }
  return marks;
}
