import type { DiffPart } from "../../app/editor/diff";
import type { BlockOption, OptionRun } from "../../app/editor/options";
import { OPENING_WORD, hasOpeningWord, type ActionPointField, type BlockKind, type BlockStatus } from "../../app/editor/blocks";
import type { AmendmentOperation, DocumentKind } from "../../common/vocabulary";

// What every renderer reads: plain data, built by server/queries/getExportSource.ts from a
// version (or the current text) and rendered by pure functions (html, docx, akn; pdf prints the
// html). Renderers never see users, emails or private drafts.

export interface ExportBlock {
  id: string;
  kind: BlockKind;
  number: string | null;
  status: BlockStatus;
  text: string;
  /** The text's words with their formatting, from a frozen version's JSON (absent: the text is plain). */
  runs?: OptionRun[];
  fields: Partial<Record<ActionPointField, string>>;
  /** An unresolved option set ([Option A] is the text above), each option attributed. */
  options?: BlockOption[];
}

export interface ExportEvent {
  /** "Zero draft", "Rev.1", "Adoption"... */
  label: string;
  date: string;
  kind: "version" | "adoption" | "publication";
}

export interface ExportAdoption {
  method: "silence" | "meeting";
  adoptedAt: string;
  /** "Adopted under the silence procedure on …" / "Adopted at a meeting in Istanbul on …". */
  text: string;
}

export interface ExportDocument {
  process: { name: string; slug: string };
  symbol: string;
  title: string;
  kind: DocumentKind;
  /** BCP 47 primary tag. */
  language: string;
  /** "Zero draft", "Rev.1", "Final", or "Current text". */
  versionLabel: string;
  /** ISO timestamp of the version (or of the export, for the current text). */
  date: string;
  blocks: ExportBlock[];
  contentHash: string | null;
  adoption: ExportAdoption | null;
  events: ExportEvent[];
  /** The stable public address, once published. */
  publicPath: string | null;
}

export interface ExportAmendment {
  id: string;
  operation: AmendmentOperation;
  proposer: { name: string; code: string };
  sponsors: string[];
  targetBlockId: string;
  /** The target's number when tabled (OP3), or its provisional label for insertions (OP3bis). */
  label: string | null;
  diff: DiffPart[];
  proposedText: string;
  justification: string;
  tabledAt: string | null;
  attribution: string;
}

export interface ExportCompilation {
  document: Omit<ExportDocument, "blocks" | "contentHash" | "adoption" | "publicPath">;
  blocks: (ExportBlock & { amendments: ExportAmendment[] })[];
}

/** "BP/MC/2025/L.1" + "Rev.1" → "BP-MC-2025-L.1-Rev.1": safe in file names and URLs. */
export function fileStem(symbol: string, label?: string | null) {
  const safe = (text: string) => text.replace(/[^\p{L}\p{N}.]+/gu, "-").replace(/^-+|-+$/g, "");
  return [safe(symbol), label ? safe(label) : null].filter(Boolean).join("-") || "document";
}

/**
 * A paragraph's words as every rendering of the text shows them: its own formatting (a frozen
 * version's runs, or its plain text), and the opening word of a PP or OP in italics, UN drafting
 * style, as the editor shows it.
 */
export function paragraphRuns(block: Pick<ExportBlock, "kind" | "text" | "runs">): OptionRun[] {
  const runs = block.runs ?? (block.text ? [{ text: block.text }] : []);
  const [first, ...rest] = runs;
  const match = first && hasOpeningWord(block.kind) ? OPENING_WORD.exec(first.text) : null;
  if (!first || !match) return [...runs];
  const end = match[0].length;
  const start = end - match[1]!.length;
  const parts: OptionRun[] = [
    { ...first, text: first.text.slice(0, start) },
    { ...first, text: first.text.slice(start, end), italic: true },
    { ...first, text: first.text.slice(end) },
  ];
  return [...parts.filter((part) => part.text), ...rest];
}

/** A paragraph still in brackets is shown between them in every rendering, as the text was adopted. */
export const isBracketed = (block: Pick<ExportBlock, "kind" | "status">) =>
  block.status === "bracketed" && block.kind !== "title" && block.kind !== "heading";
