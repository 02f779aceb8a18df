import type { DiffPart } from "../editor/diff";
import { DiffView } from "./DiffView";

/**
 * What an amendment proposes: a word diff, except for an alternative, which stands beside the
 * current wording as bracketed options, the way negotiators write them.
 */
export function ProposalView({
  operation,
  parts,
  baseText,
  proposedText,
  colour,
  lang,
}: {
  operation: string;
  parts: readonly DiffPart[];
  baseText: string;
  proposedText: string;
  colour: string;
  lang?: string;
}) {
  if (operation !== "alternative") return <DiffView parts={parts} colour={colour} lang={lang} />;
  return (
    <p className="diff alternatives" lang={lang} dir="auto" data-testid="alternatives">
      <span className="alternative">[{baseText}]</span> <span className="alternatives__or">or</span>{" "}
      <ins className="alternative" style={{ ["--party" as string]: colour }}>
        [{proposedText}]
      </ins>
    </p>
  );
}
