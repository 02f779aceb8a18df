import { isCoarse, type DiffPart } from "../editor/diff";

/** A word-level diff: insertions and deletions in the proposing state's colour. */
export function DiffView({ parts, colour, lang }: { parts: readonly DiffPart[]; colour: string; lang?: string }) {
  const diff = (
    <p className="diff" lang={lang} dir="auto">
      <DiffWords parts={parts} colour={colour} />
    </p>
  );
  if (!isCoarse(parts)) return diff;
  return (
    <>
      <CoarseNote />
      {diff}
    </>
  );
}

/** The words of a diff, inserted and deleted ones marked, for any container. */
export function DiffWords({ parts, colour }: { parts: readonly DiffPart[]; colour: string }) {
  return (
    <>
      {parts.map((part, index) =>
        part.kind === "inserted" ? (
          <ins key={index} style={{ ["--party" as string]: colour }}>
            {part.text}
          </ins>
        ) : part.kind === "deleted" ? (
          <del key={index} style={{ ["--party" as string]: colour }}>
            {part.text}
          </del>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

export function CoarseNote() {
  return <p className="small muted">Changed too much to show word by word: the whole passage is shown as replaced.</p>;
}
