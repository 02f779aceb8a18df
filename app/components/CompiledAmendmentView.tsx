import type { ReactNode } from "react";
import type { CompactDiffPart, CompiledAmendment } from "../../server/queries/getCompilation";
import { AMENDMENT_LABELS } from "../labels";
import { ProposalView } from "./ProposalView";

/**
 * A word diff in the compilation: unchanged words as plain text, insertions and deletions as bare
 * <ins>/<del> (their track-changes colours come from the stylesheet, the proposer's colour from the
 * item around them). A compilation section renders hundreds of these: every element and attribute
 * left out is rendered, sent, parsed and hydrated hundreds of times less (issue 15).
 */
function CompactDiff({ parts, coarse, lang }: { parts: readonly CompactDiffPart[]; coarse: boolean; lang: string }) {
  const children: ReactNode[] = parts.map(([mark, text], index) =>
    mark === "+" ? <ins key={index}>{text}</ins> : mark === "-" ? <del key={index}>{text}</del> : text,
  );
  return (
    <>
      {coarse ? <p className="small muted">Changed too much to show word by word: the whole passage is shown as replaced.</p> : null}
      <p className="diff" lang={lang} dir="auto">
        {children}
      </p>
    </>
  );
}

/** One tabled amendment under its paragraph in the compilation, attributed, with the chair's controls (from the page). */
export function CompiledAmendmentView({ amendment, lang, controls }: { amendment: CompiledAmendment; lang: string; controls?: ReactNode }) {
  const heading = `${AMENDMENT_LABELS.operation[amendment.operation]}${amendment.provisionalLabel ? ` (new ${amendment.provisionalLabel})` : ""}${
    amendment.outdated ? " · outdated: the paragraph changed after tabling" : ""
  }`;
  return (
    <li className="compiled-amendment" style={{ ["--party" as string]: amendment.colour }}>
      <p className="compiled-amendment__op">
        <span className="chip">
          <span className="participant-dot" aria-hidden="true" />
          <span className="visually-hidden">Proposed by </span>
          {amendment.proposer}
        </span>
        {` ${heading}`}
      </p>
      {amendment.operation === "alternative" ? (
        <ProposalView
          operation={amendment.operation}
          parts={[]}
          baseText={amendment.baseText ?? ""}
          proposedText={amendment.proposedText ?? ""}
          colour={amendment.colour}
          lang={lang}
        />
      ) : (
        <CompactDiff parts={amendment.parts ?? []} coarse={Boolean(amendment.coarse)} lang={lang} />
      )}
      <p className="attribution" data-testid="attribution">{`${amendment.attribution}.`}</p>
      {amendment.justification ? <p className="small muted">{`Justification: ${amendment.justification}`}</p> : null}
      {controls}
    </li>
  );
}
