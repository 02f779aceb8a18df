import type { DiffPart } from "../editor/diff";
import type { AmendmentView } from "../../server/queries/presentAmendments";
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

/** A tabled amendment's proposal and, when the paragraph changed since, its diff against the current text. */
export function TabledProposal({
  amendment,
  lang,
}: {
  amendment: Pick<AmendmentView, "operation" | "diff" | "baseText" | "proposedText" | "currentDiff" | "currentDiffPending"> & {
    proposer: { colour: string };
  };
  lang?: string;
}) {
  const colour = amendment.proposer.colour;
  return (
    <>
      <ProposalView
        operation={amendment.operation}
        parts={amendment.diff}
        baseText={amendment.baseText}
        proposedText={amendment.proposedText}
        colour={colour}
        lang={lang}
      />
      {amendment.currentDiffPending ? (
        <div className="outdated">
          <p className="small">
            <strong>The paragraph changed after tabling.</strong> The comparison with the current text is being prepared.
          </p>
        </div>
      ) : null}
      {amendment.currentDiff ? (
        <div className="outdated">
          <p className="small">
            <strong>The paragraph changed after tabling.</strong> Against the current text:
          </p>
          <DiffView parts={amendment.currentDiff} colour={colour} lang={lang} />
        </div>
      ) : null}
    </>
  );
}
