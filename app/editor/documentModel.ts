import { YJS_FIELD } from "./ydocFields";
import { Extension, Mark, getSchema, type JSONContent } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import { renderToHTMLString } from "@tiptap/static-renderer/pm/html-string";
import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import {
  ACTION_POINT_FIELDS,
  BLOCK_KINDS,
  OPENING_WORD,
  hasOpeningWord,
  numberBlocks,
  readingLabel,
  type ActionPointField,
  type BlockKind,
  type BlockStatus,
} from "./blocks";
import { documentExtensions } from "./extensions";
import { parseOptions, presentOptions, runsOfInline, type BlockOption } from "./options";
import { provisionalNumbers, readBaseline, type Baseline } from "./numbering";
import { readYXmlFragment } from "./readYDoc";

// Headless use of the editor's own extensions: render, list blocks and seed, from a Y.Doc.

let cachedSchema: Schema | null = null;
export function editorSchema(): Schema {
  cachedSchema ??= getSchema(documentExtensions());
  return cachedSchema;
}

export interface BlockSummary {
  id: string;
  kind: BlockKind;
  number: string | null;
  status: BlockStatus;
  text: string;
  fields: Partial<Record<ActionPointField, string>>;
  /** Its option set, when it carries one (Option A reads the text above): app/editor/options.ts. */
  options?: BlockOption[];
}

/** The most of a block's text a paragraph picker shows (AmendmentPanel, CommentsPanel). */
export const LABEL_TEXT_CHARS = 60;

/**
 * What the document page's paragraph pickers know of a block: its text cut one character past
 * LABEL_TEXT_CHARS, so a picker still tells a longer text by its length (and adds an ellipsis). The
 * whole text of 300 blocks would be serialized into the page's data twice (docs/decisions/132).
 */
export type BlockLabel = Pick<BlockSummary, "id" | "kind" | "number" | "text">;

export function blockLabels(blocks: readonly BlockSummary[]): BlockLabel[] {
  return blocks.map(({ id, kind, number, text }) => ({ id, kind, number, text: text.slice(0, LABEL_TEXT_CHARS + 1) }));
}

export function yDocToJson(doc: Y.Doc): JSONContent {
  return readYXmlFragment(doc.getXmlFragment(YJS_FIELD), editorSchema()).toJSON() as JSONContent;
}

function plainText(node: JSONContent): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "hardBreak") return "\n";
  return (node.content ?? []).map(plainText).join("");
}

function numbersOf(nodes: readonly JSONContent[], baseline: Baseline | null) {
  if (!baseline) return numberBlocks(nodes.map((node) => node.type ?? ""));
  return provisionalNumbers(
    nodes.map((node) => ({ id: String(node.attrs?.id ?? ""), kind: node.type ?? "" })),
    baseline,
  );
}

/**
 * Every block in order, with its number and plain text. With the last version's baseline the
 * numbers are provisional (OP7bis for a paragraph added since); without it, positional.
 */
export function listBlocks(json: JSONContent, baseline: Baseline | null = null): BlockSummary[] {
  const nodes = json.content ?? [];
  const numbers = numbersOf(nodes, baseline);
  return nodes.map((node, index) => {
    const attrs = node.attrs ?? {};
    const fields: BlockSummary["fields"] = {};
    for (const field of ACTION_POINT_FIELDS) if (attrs[field]) fields[field] = String(attrs[field]);
    const text = plainText(node);
    const options = parseOptions(attrs.options);
    return {
      id: String(attrs.id ?? ""),
      kind: node.type as BlockKind,
      number: numbers[index] ?? null,
      status: (attrs.status ?? "open") as BlockStatus,
      text,
      fields,
      ...(options.length > 0 ? { options: presentOptions(options, text, runsOfInline(node.content)) } : {}),
    };
  });
}

/** The blocks of a base-text Y.Doc, numbered against the baseline it carries. */
export function listDocumentBlocks(doc: Y.Doc): BlockSummary[] {
  return listBlocks(yDocToJson(doc), readBaseline(doc));
}

// The static page shows what the editor's reading aids (readingAids.ts) add as decorations: the
// italic opening word, and each paragraph as a keyboard stop announced by number and status.
// Rendering-only extensions: they never enter the editor's schema or the stored document.
const OpeningWord = Mark.create({
  name: "openingWord",
  renderHTML: () => ["span", { class: "opening-word" }, 0],
});
const ReadingStops = Extension.create({
  name: "readingStops",
  addGlobalAttributes: () => [
    {
      types: [...BLOCK_KINDS],
      attributes: {
        readingLabel: {
          default: null,
          renderHTML: (attrs: { readingLabel?: string | null }) =>
            attrs.readingLabel ? { tabindex: "0", role: "group", "aria-label": attrs.readingLabel } : {},
        },
      },
    },
  ],
});
let staticExtensions: ReturnType<typeof documentExtensions> | null = null;
const renderingExtensions = () => (staticExtensions ??= [...documentExtensions(), OpeningWord, ReadingStops]);

/** The block with its opening word marked (preambular and operative paragraphs). */
function markOpeningWord(node: JSONContent): JSONContent {
  const [first, ...rest] = node.content ?? [];
  if (!hasOpeningWord(node.type ?? "") || first?.type !== "text" || !first.text) return node;
  const match = OPENING_WORD.exec(first.text);
  if (!match) return node;
  const word = match[1]!;
  const before = match[0].slice(0, match[0].length - word.length);
  const after = first.text.slice(match[0].length);
  const piece = (text: string, marks = first.marks) => (text ? [{ ...first, text, ...(marks ? { marks } : {}) }] : []);
  return {
    ...node,
    content: [...piece(before), ...piece(word, [...(first.marks ?? []), { type: "openingWord" }]), ...piece(after), ...rest],
  };
}

/** Static HTML of the document with its block numbers, for the page before the editor loads. */
export function renderDocumentHtml(json: JSONContent, baseline: Baseline | null = null): string {
  const nodes = json.content ?? [];
  const numbers = numbersOf(nodes, baseline);
  const numbered = nodes.map((node, index) =>
    markOpeningWord({
      ...node,
      attrs: {
        ...node.attrs,
        number: numbers[index],
        readingLabel: readingLabel(node.type ?? "", numbers[index], node.attrs?.status as string | undefined),
      },
    }),
  );
  try {
    return renderToHTMLString({ extensions: renderingExtensions(), content: { ...json, content: numbered } });
  } catch {
    // One block that cannot be rendered must not take the page down: render block by block.
    return numbered
      .map((node) => {
        try {
          return renderToHTMLString({ extensions: renderingExtensions(), content: { type: "doc", content: [node] } });
        } catch {
          return "";
        }
      })
      .join("");
  }
}

/** A Yjs update holding `json` as the base text (server-side seeding; never done by a client). */
export function jsonToYUpdate(json: JSONContent): Uint8Array {
  const doc = prosemirrorJSONToYDoc(editorSchema(), json, YJS_FIELD);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** Builds the JSON of a block, for seeds and tests. */
export function block(
  kind: BlockKind,
  text: string,
  attrs: { id?: string; status?: BlockStatus } & Partial<Record<ActionPointField, string>> = {},
): JSONContent {
  return {
    type: kind,
    attrs: { id: attrs.id ?? crypto.randomUUID(), status: "open", ...attrs },
    content: text ? [{ type: "text", text }] : [],
  };
}
