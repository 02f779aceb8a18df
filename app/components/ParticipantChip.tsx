/** A participant named, with its colour as a marker beside the name (never the colour alone). */
export function ParticipantChip({ name, colour, label }: { name: string; colour: string; label?: string }) {
  return (
    <span className="chip" style={{ ["--party" as string]: colour }} data-testid="participant-chip">
      <span className="participant-dot" style={{ background: colour }} aria-hidden="true" />
      {label ? <span className="visually-hidden">{label} </span> : null}
      {name}
    </span>
  );
}
