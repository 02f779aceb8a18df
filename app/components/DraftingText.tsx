const OPENING_WORD = /^(\s*)([\p{L}\p{M}][\p{L}\p{M}’'-]*)/u;

/** A paragraph's text in UN drafting style: the opening word of a PP or OP in italics. */
export function DraftingText({ kind, text }: { kind: string; text: string }) {
  const match = kind === "preambular" || kind === "operative" ? OPENING_WORD.exec(text) : null;
  if (!match) return <>{text}</>;
  return (
    <>
      {match[1]}
      <span className="opening-word">{match[2]}</span>
      {text.slice(match[0].length)}
    </>
  );
}
