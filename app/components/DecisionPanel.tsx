import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useState } from "react";
import type { z } from "zod";
import { TEXT_LIMITS } from "../../common/limits";
import type { decideAmendmentInput } from "../../server/domain/amendments/decideAmendment";
import type { reopenDecisionInput } from "../../server/domain/amendments/reopenDecision";
import { FieldNote, FormErrors, TextAreaField, hasErrors, resultFor, type PageReply } from "./forms";
import type { DiffPart } from "../editor/diff";
import { fateInVersion, type AmendmentOperation } from "../../common/vocabulary";
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
  reply,
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
   * while rendering: a page view must not pay for a word diff (docs/decisions/017).
   */
  againstCurrent: DiffPart[] | null;
  language: string;
  colour: string;
  /** The page action's last reply: each form below shows the part that answers it. */
  reply: PageReply;
}) {
  const inForce = decisions.find((decision) => !decision.reopenedAt) ?? null;
  const seen = currentText ?? baseText;
  return (
    <section className="card stack" aria-labelledby="decision-title">
      <h2 id="decision-title">Chair's decision</h2>
      {fates.length > 0 ? (
        <p className="small" data-testid="fate">
          {fates.map((fate) => fateInVersion(fate.fate, fate.version)).join(" · ")}
        </p>
      ) : null}
      {inForce ? (
        <div className="stack" data-testid="decision" id="decision-in-force">
          <DecisionRecord decision={inForce} language={language} />
          {canReopen ? <ReopenForm decisionId={inForce.id} lastResult={resultFor(reply, "reopen", { decisionId: inForce.id })} /> : null}
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
          <AcceptForm outdated={outdated} lastResult={resultFor(reply, "decide", { decision: "accept" })} />
          {operation !== "delete" || currentText !== null ? (
            <AcceptWithChangesForm
              seen={seen}
              defaultWording={operation === "delete" ? seen : proposedText}
              againstCurrent={againstCurrent}
              language={language}
              colour={colour}
              lastResult={resultFor(reply, "decide", { decision: "accept_with_changes" })}
            />
          ) : null}
          <NotRetainForm lastResult={resultFor(reply, "decide", { decision: "not_retain" })} />
        </div>
      ) : null}
      {decisions.some((decision) => decision.reopenedAt) ? (
        <section className="stack decision-history" aria-labelledby="decision-history-title">
          <h3 id="decision-history-title">Decision history</h3>
          <ol className="decision-history__list" data-testid="decision-history">
            {decisions.map((decision) => (
              <li key={decision.id} className="decision-history__item" data-testid="decision-history-item">
                <DecisionRecord decision={decision} language={language} />
                {decision.reopenedAt ? (
                  <p className="small" data-testid="decision-reopened">
                    <span className="badge">Reopened</span>
                    {` by ${decision.reopenedBy ?? "the Chair"}, ${formatUtc(decision.reopenedAt)}.`}
                  </p>
                ) : (
                  <p className="small">
                    <span className="badge badge--in-force">In force</span>
                  </p>
                )}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </section>
  );
}

type Result = SubmissionResult<string[]> | undefined;
type DecideFields = z.input<typeof decideAmendmentInput>;

// Each decision is its own Conform form parsed by decideAmendment's schema (the route adds the
// amendment's id): a refusal, whether a field (the wording) or the domain's reason (role, stage,
// status), shows inside the form that was sent, and a dialog that was refused opens on its answer.

function ReopenForm({ decisionId, lastResult }: { decisionId: string; lastResult: Result }) {
  const [form] = useForm<z.input<typeof reopenDecisionInput>>({ id: `reopen-${decisionId}`, lastResult });
  return (
    <Form method="post" className="form-row" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="reopen" />
      <input type="hidden" name="decisionId" value={decisionId} />
      <div className="inline-form">
        <button type="submit" className="button button--small" aria-describedby={form.errors ? form.errorId : undefined}>
          Reopen decision
        </button>
        <span className="small muted">Reverts its text change when nothing has edited that text since.</span>
      </div>
      <FormErrors form={form} />
    </Form>
  );
}

function AcceptForm({ outdated, lastResult }: { outdated: boolean; lastResult: Result }) {
  const [form, fields] = useForm<DecideFields>({ id: "decide-accept", lastResult });
  const { key: confirmKey, ...confirmProps } = getInputProps(fields.confirmOutdated, { type: "checkbox", value: "true" });
  return (
    <Form method="post" className="form-row" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="decision" value="accept" />
      <div className="inline-form">
        {outdated ? (
          <label className="checkbox">
            <input key={confirmKey} {...confirmProps} required /> I have reviewed both differences
          </label>
        ) : null}
        <button type="submit" className="button button--primary" aria-describedby={form.errors ? form.errorId : undefined}>
          Accept
        </button>
      </div>
      <FieldNote field={fields.confirmOutdated} />
      <FormErrors form={form} />
    </Form>
  );
}

function AcceptWithChangesForm({
  seen,
  defaultWording,
  againstCurrent,
  language,
  colour,
  lastResult,
}: {
  seen: string;
  defaultWording: string;
  againstCurrent: DiffPart[] | null;
  language: string;
  colour: string;
  lastResult: Result;
}) {
  const [form, fields] = useForm<DecideFields>({ id: "decide-accept-with-changes", lastResult, defaultValue: { wording: defaultWording } });
  // The text the chair writes against is the one before them when the dialog opened. The page
  // refreshes live, and a `seen` that followed it made the server read the co-chair's edits made
  // meanwhile as the chair's deletions: they vanished under the wording instead of being kept.
  const [seenAtOpen, setSeenAtOpen] = useState<string | null>(null);
  return (
    <details
      className="decision-dialog"
      open={hasErrors(lastResult) || undefined}
      onToggle={(event) => {
        if (event.currentTarget.open) setSeenAtOpen((earlier) => earlier ?? seen);
      }}
    >
      <summary className="button">Accept with changes…</summary>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors form={form} />
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="decision" value="accept_with_changes" />
        <input type="hidden" name="seenText" value={seenAtOpen ?? seen} />
        {seenAtOpen !== null && seenAtOpen !== seen ? (
          <p className="small" role="note" data-testid="changed-while-writing">
            The paragraph changed since you opened this form. Your wording replaces the text as it was then; the changes made since are
            kept.
          </p>
        ) : null}
        <p className="small muted">The proposal against the current text:</p>
        <div lang={language} dir="auto">
          {againstCurrent ? (
            <DiffView parts={againstCurrent} colour={colour} lang={language} />
          ) : (
            <p className="small muted">The comparison with the current text is being prepared; reload in a moment.</p>
          )}
        </div>
        <TextAreaField label="Wording to apply" field={fields.wording} rows={5} required lang={language} dir="auto" />
        <div>
          <button type="submit" className="button button--primary">
            Apply this wording
          </button>
        </div>
      </Form>
    </details>
  );
}

function NotRetainForm({ lastResult }: { lastResult: Result }) {
  const [form, fields] = useForm<DecideFields>({ id: "decide-not-retain", lastResult });
  return (
    <details className="decision-dialog" open={hasErrors(lastResult) || undefined}>
      <summary className="button">Not retain…</summary>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors form={form} />
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="decision" value="not_retain" />
        <TextAreaField
          label="Reason (optional, shown to the proposing state)"
          field={fields.reason}
          rows={3}
          maxLength={TEXT_LIMITS.reason}
        />
        <div>
          <button type="submit" className="button">
            Do not retain
          </button>
        </div>
      </Form>
    </details>
  );
}

/** One decision as recorded: kind, who and when, the wording it applied, its reason, what it merged. */
function DecisionRecord({ decision, language }: { decision: DecisionView; language: string }) {
  return (
    <>
      <p>
        <strong>{DECISION_LABELS[decision.kind]}</strong> by {decision.decidedBy}, {formatUtc(decision.decidedAt)}
        {decision.inBulk ? " (in a bulk decision)" : ""}.
      </p>
      {decision.mergedWith.length > 0 ? (
        <p className="small">
          Merged with{" "}
          {decision.mergedWith.map((other, index) => (
            <span key={other.id}>
              {index > 0 ? ", " : ""}
              <a href={`/amendments/${other.id}`}>{other.proposer}'s amendment</a>
            </span>
          ))}
          .
        </p>
      ) : null}
      {decision.wording ? (
        <>
          <p className="small muted">Wording applied:</p>
          <p className="quote" lang={language} dir="auto" data-testid="decision-wording">
            {decision.wording}
          </p>
        </>
      ) : null}
      {decision.reason ? <p data-testid="decision-reason">Reason: {decision.reason}</p> : null}
    </>
  );
}
