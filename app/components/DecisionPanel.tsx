import { TEXT_LIMITS } from "../../common/limits";
import { Form } from "@remix-run/react";
import type { DiffPart } from "../editor/diff";
import type { AmendmentOperation } from "../../common/vocabulary";
import { DiffView } from "./DiffView";
import { formatUtc } from "../utils/format";

export const DECISION_LABELS = {
  accept: "Accepted",
  accept_with_changes: "Accepted with changes",
  merge: "Merged into a compromise",
  not_retain: "Not retained",
  /** The chair resolved the option set this alternative was part of (resolveOptionSet). */
  resolve_options: "Options resolved",
} as const;

export const FATE_LABELS: Record<string, string> = {
  incorporated: "Incorporated",
  incorporated_with_changes: "Incorporated with changes",
  merged: "Merged into a compromise",
  not_retained: "Not retained",
  withdrawn: "Withdrawn",
  carried_forward: "Carried forward",
};

export interface DecisionView {
  id: string;
  kind: keyof typeof DECISION_LABELS;
  wording: string;
  reason: string;
  decidedBy: string;
  decidedAt: string;
  reopenedAt: string | null;
  reopenedBy: string | null;
  mergedWith: { id: string; proposer: string }[];
  inBulk: boolean;
}

/**
 * The chair's decision controls on an amendment (shown only when the loader's abilities allow),
 * and the record of decisions for everyone.
 */
export function DecisionPanel({
  decisions,
  fates,
  canDecide,
  canReopen,
  operation,
  outdated,
  currentText,
  proposedText,
  baseText,
  againstCurrent,
  language,
  colour,
}: {
  decisions: DecisionView[];
  fates: { version: string; fate: string; outdated: boolean }[];
  canDecide: boolean;
  canReopen: boolean;
  operation: AmendmentOperation;
  outdated: boolean;
  currentText: string | null;
  proposedText: string;
  baseText: string;
  /**
   * The proposal against the text as it is now: the diff stored at tabling, or, once the target
   * changed, the one computed in the background (null while it is being computed). Never diffed
   * while rendering: a page view must not pay for a word diff (issue 9).
   */
  againstCurrent: DiffPart[] | null;
  language: string;
  colour: string;
}) {
  const inForce = decisions.find((decision) => !decision.reopenedAt) ?? null;
  const seen = currentText ?? baseText;
  return (
    <section className="card stack" aria-labelledby="decision-title">
      <h2 id="decision-title">Chair's decision</h2>
      {fates.length > 0 ? (
        <p className="small" data-testid="fate">
          {fates.map((fate) => `${FATE_LABELS[fate.fate] ?? fate.fate} in ${fate.version}`).join(" · ")}
        </p>
      ) : null}
      {inForce ? (
        <div className="stack" data-testid="decision">
          <p>
            <strong>{DECISION_LABELS[inForce.kind]}</strong> by {inForce.decidedBy}, {formatUtc(inForce.decidedAt)}
            {inForce.inBulk ? " (in a bulk decision)" : ""}.
          </p>
          {inForce.mergedWith.length > 0 ? (
            <p className="small">
              Merged with{" "}
              {inForce.mergedWith.map((other, index) => (
                <span key={other.id}>
                  {index > 0 ? ", " : ""}
                  <a href={`/amendments/${other.id}`}>{other.proposer}'s amendment</a>
                </span>
              ))}
              .
            </p>
          ) : null}
          {inForce.wording ? (
            <p className="quote" lang={language} dir="auto">
              {inForce.wording}
            </p>
          ) : null}
          {inForce.reason ? <p>Reason: {inForce.reason}</p> : null}
          {canReopen ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="reopen" />
              <input type="hidden" name="decisionId" value={inForce.id} />
              <button type="submit" className="button button--small">
                Reopen decision
              </button>
              <span className="small muted">Reverts its text change when nothing has edited that text since.</span>
            </Form>
          ) : null}
        </div>
      ) : canDecide ? null : (
        <p className="muted">Not decided yet.</p>
      )}
      {canDecide ? (
        <div className="stack">
          {outdated ? (
            <p className="small" role="note">
              This amendment is outdated: the paragraph changed after it was tabled. Both differences are shown above; accepting applies its
              own changes to the current text and never undoes the later edits.
            </p>
          ) : null}
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="decision" value="accept" />
            {outdated ? (
              <label className="checkbox">
                <input type="checkbox" name="confirmOutdated" value="true" required /> I have reviewed both differences
              </label>
            ) : null}
            <button type="submit" className="button button--primary">
              Accept
            </button>
          </Form>
          {operation !== "delete" || currentText !== null ? (
            <details className="decision-dialog">
              <summary className="button">Accept with changes…</summary>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="decide" />
                <input type="hidden" name="decision" value="accept_with_changes" />
                <input type="hidden" name="seenText" value={seen} />
                <p className="small muted">The proposal against the current text:</p>
                <div lang={language} dir="auto">
                  {againstCurrent ? (
                    <DiffView parts={againstCurrent} colour={colour} lang={language} />
                  ) : (
                    <p className="small muted">The comparison with the current text is being prepared; reload in a moment.</p>
                  )}
                </div>
                <label htmlFor="decision-wording">Wording to apply</label>
                <textarea
                  id="decision-wording"
                  name="wording"
                  rows={5}
                  defaultValue={operation === "delete" ? seen : proposedText}
                  required
                  lang={language}
                  dir="auto"
                />
                <button type="submit" className="button button--primary">
                  Apply this wording
                </button>
              </Form>
            </details>
          ) : null}
          <details className="decision-dialog">
            <summary className="button">Not retain…</summary>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="decide" />
              <input type="hidden" name="decision" value="not_retain" />
              <label htmlFor="decision-reason">Reason (optional, shown to the proposing state)</label>
              <textarea id="decision-reason" name="reason" rows={3} maxLength={TEXT_LIMITS.reason} />
              <button type="submit" className="button">
                Do not retain
              </button>
            </Form>
          </details>
        </div>
      ) : null}
      {decisions.some((decision) => decision.reopenedAt) ? (
        <ul className="plain-list small muted">
          {decisions
            .filter((decision) => decision.reopenedAt)
            .map((decision) => (
              <li key={decision.id}>
                {DECISION_LABELS[decision.kind]} by {decision.decidedBy}, {formatUtc(decision.decidedAt)}; reopened
                {decision.reopenedBy ? ` by ${decision.reopenedBy}` : ""}, {formatUtc(decision.reopenedAt!)}.
              </li>
            ))}
        </ul>
      ) : null}
    </section>
  );
}
