import type { Mark, Node as PmNode, Schema } from "@tiptap/pm/model";
import * as Y from "yjs";

// y-tiptap's yXmlFragmentToProseMirrorRootNode deletes, from the Y.Doc itself, every element or
// text it cannot turn into a node (an unknown node or mark): reading a live room then wrote a
// server update. This reader follows the same mapping but only skips what it cannot read (an
// unknown node; an unknown mark, keeping its text), so a read never writes (issue 9, item 18),
// and it bounds the nesting it follows.

const MAX_DEPTH = 32;
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

export function readYXmlFragment(fragment: Y.XmlFragment, schema: Schema): PmNode {
  return schema.topNodeType.create(null, readChildren(fragment, schema, 0));
}

function readChildren(parent: Y.XmlFragment | Y.XmlElement, schema: Schema, depth: number): PmNode[] {
  const children: PmNode[] = [];
  if (depth >= MAX_DEPTH) return children;
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlElement) {
      const node = readElement(child, schema, depth + 1);
      if (node) children.push(node);
    } else if (child instanceof Y.XmlText) {
      children.push(...readText(child, schema));
    }
  }
  return children;
}

function readElement(element: Y.XmlElement, schema: Schema, depth: number): PmNode | null {
  try {
    return schema.node(element.nodeName, element.getAttributes(), readChildren(element, schema, depth));
  } catch {
    return null;
  }
}

function readText(text: Y.XmlText, schema: Schema): PmNode[] {
  try {
    return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[])
      .filter((delta): delta is { insert: string; attributes?: Record<string, unknown> } => typeof delta.insert === "string" && delta.insert.length > 0)
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
