import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every depth and no whitespace: the same content always gives
 * the same bytes, whatever order its keys were built in. Arrays keep their order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}

export interface HashedBlock {
  blockId: string;
  kind: string;
  number: string | null;
  status: string;
  text: string;
  json: string;
}

/** SHA-256 (hex) of what a version says: its document, label and every block in order. */
export function versionContentHash(content: { documentId: string; label: string; blocks: readonly HashedBlock[] }): string {
  const canonical = canonicalJson({
    documentId: content.documentId,
    label: content.label,
    blocks: content.blocks.map((block) => ({
      blockId: block.blockId,
      kind: block.kind,
      number: block.number,
      status: block.status,
      text: block.text,
      json: JSON.parse(block.json) as unknown,
    })),
  });
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
