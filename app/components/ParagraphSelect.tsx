import { textDirection } from "../../common/vocabulary";
import { LABEL_TEXT_CHARS, type BlockLabel } from "../editor/documentModel";

/** "OP3 — Commit to strengthen…": a paragraph in a picker, its text cut at its logical end. */
export function blockLabel(block: BlockLabel) {
  const text = block.text.length > LABEL_TEXT_CHARS ? `${block.text.slice(0, LABEL_TEXT_CHARS - 3)}…` : block.text;
  return `${block.number ?? (block.kind === "title" ? "Title" : "Heading")} — ${text}`;
}

/**
 * The side panel's choice of paragraph. It runs in the text's direction: in an LTR box an Arabic
 * paragraph's words run from its right end, which the box's right edge cut off, so the list showed
 * the middle of each paragraph and never its start; in an RTL box the start is at the right, with
 * the number, and a long text is cut on the left, at its logical end. Rendered with its label.
 */
export function ParagraphSelect({
  id,
  blocks,
  language,
  selectedBlockId,
  onSelectBlock,
  allLabel,
  counts,
}: {
  id: string;
  blocks: readonly BlockLabel[];
  language: string;
  selectedBlockId: string | null;
  onSelectBlock: (blockId: string | null) => void;
  allLabel: string;
  /** Tabled amendments per paragraph, shown after its label. */
  counts?: Record<string, number>;
}) {
  const direction = textDirection(language);
  return (
    <div className="field">
      <label htmlFor={id}>Paragraph</label>
      <select id={id} dir={direction} value={selectedBlockId ?? ""} onChange={(event) => onSelectBlock(event.target.value || null)}>
        <option value="" lang="en" dir="ltr">
          {allLabel}
        </option>
        {blocks.map((block) => (
          <option key={block.id} value={block.id} lang={language} dir={direction}>
            {blockLabel(block)}
            {counts?.[block.id] ? ` (${counts[block.id]})` : ""}
          </option>
        ))}
      </select>
    </div>
  );
}
