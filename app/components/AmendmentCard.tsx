import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import type { z } from "zod";
import { TEXT_LIMITS } from "../../common/limits";
import { Link, useFetcher } from "@remix-run/react";
import { useState } from "react";
import type { positionInput } from "../../server/domain/amendments/recordPosition";
import { FieldNote, FormErrors } from "./forms";
import type { DocumentAmendment } from "../../server/queries/listDocumentAmendments";
import { STANCES, type Stance } from "../../common/vocabulary";
import { AMENDMENT_LABELS } from "../labels";
import { TabledProposal } from "./ProposalView";

import { ConfirmAction } from "./ConfirmAction";
import { ParticipantChip } from "./ParticipantChip";
import { amendmentTitle } from "../utils/amendmentTitle";
import type { action as amendmentAction } from "../routes/amendments.$amendmentId";

export function AmendmentCard({
  amendment,
  language,
  selected,
  onSelect,
}: {
  amendment: DocumentAmendment;
  language: string;
  selected: boolean;
  onSelect: () => void;
}) {
  return (
    <article
      className={`amendment-card${selected ? " amendment-card--selected" : ""}`}
      style={{ ["--party" as string]: amendment.proposer.colour }}
      aria-labelledby={`amendment-${amendment.id}`}
      data-testid="amendment-card"
    >
      <header className="amendment-card__head">
        <h3 id={`amendment-${amendment.id}`}>
          <button type="button" className="linklike" onClick={onSelect} aria-pressed={selected}>
            <ParticipantChip name={amendment.proposer.name} colour={amendment.proposer.colour} />
          </button>
        </h3>
        <span className={`badge badge--amendment-${amendment.status}`}>{AMENDMENT_LABELS.status[amendment.status]}</span>
        {amendment.outdated ? <span className="badge badge--warn">Outdated</span> : null}
      </header>
      <p className="amendment-card__meta">
        {amendmentTitle(amendment)}
        {amendment.revision > 1 ? ` · revision ${amendment.revision}` : ""}
      </p>
      {amendment.sponsors.length > 0 ? (
        <p className="small">Co-sponsored by {amendment.sponsors.map((sponsor) => sponsor.name).join(", ")}</p>
      ) : null}
      {amendment.status === "draft" ? (
        <p className="small muted">Private draft of your delegation.</p>
      ) : (
        <TabledProposal amendment={amendment} lang={language} />
      )}
      {amendment.justification ? <p className="amendment-card__justification">{amendment.justification}</p> : null}
      <Tally amendment={amendment} />
      <Actions amendment={amendment} />
      <p className="small">
        <Link to={`/amendments/${amendment.id}`}>Open amendment</Link>
      </p>
    </article>
  );
}

function Tally({ amendment }: { amendment: DocumentAmendment }) {
  const rows = STANCES.filter((stance) => amendment.tally[stance].length > 0);
  if (rows.length === 0) return amendment.status === "tabled" ? <p className="small muted">No positions yet.</p> : null;
  return (
    <dl className="tally">
      {rows.map((stance) => (
        <div key={stance} className={`tally__row tally__row--${stance}`}>
          <dt>
            {AMENDMENT_LABELS.stance[stance]} ({amendment.tally[stance].length})
          </dt>
          <dd>{amendment.tally[stance].join(", ")}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A head's actions on a tabled amendment, each a Conform form over a fetcher posting to the
 * amendment's action and parsed by the command's own schema: a refusal answers beside the form
 * that caused it (the position's under its control), and the side panel stays where it is.
 */
function Actions({ amendment }: { amendment: DocumentAmendment }) {
  const cosponsor = useFetcher<typeof amendmentAction>();
  const position = useFetcher<typeof amendmentAction>();
  const withdraw = useFetcher<typeof amendmentAction>();
  const [cosponsorForm] = useForm({ id: `cosponsor-${amendment.id}`, lastResult: cosponsor.data?.result });
  const [withdrawForm] = useForm({ id: `withdraw-${amendment.id}`, lastResult: withdraw.data?.result });
  const [positionForm, fields] = useForm<z.input<typeof positionInput>>({
    id: `position-${amendment.id}`,
    lastResult: position.data?.result,
    defaultValue: { note: amendment.myPosition?.note ?? "" },
  });
  const action = `/amendments/${amendment.id}`;
  // Controlled, so a live refresh of the card never drops a choice the user has just made.
  const [stance, setStance] = useState<string>(amendment.myPosition?.stance ?? "");
  if (!amendment.can.cosponsor && !amendment.can.takePosition && !amendment.can.withdraw) return null;
  const { key: stanceKey, defaultValue: _stanceDefault, ...stanceProps } = getSelectProps(fields.stance);
  const { key: noteKey, ...noteProps } = getInputProps(fields.note, { type: "text" });
  return (
    <div className="amendment-card__actions">
      {amendment.can.takePosition ? (
        <position.Form method="post" action={action} className="position-form" {...getFormProps(positionForm)}>
          <FormErrors form={positionForm} />
          <input type="hidden" name="intent" value="position" />
          <label htmlFor={fields.stance.id}>Our position</label>
          {/* No default: recording a position is a deliberate choice. */}
          <select key={stanceKey} {...stanceProps} value={stance} onChange={(event) => setStance(event.target.value)} required>
            <option value="" disabled>
              Choose a position…
            </option>
            {STANCES.map((stance: Stance) => (
              <option key={stance} value={stance}>
                {AMENDMENT_LABELS.stance[stance]}
              </option>
            ))}
          </select>
          <label htmlFor={fields.note.id} className="visually-hidden">
            Note on our position
          </label>
          <input key={noteKey} {...noteProps} placeholder="Note (optional)" maxLength={TEXT_LIMITS.positionNote} />
          <button type="submit" className="button button--small">
            {amendment.myPosition ? "Update position" : "Record position"}
          </button>
          <FieldNote field={fields.stance} />
          <FieldNote field={fields.note} />
        </position.Form>
      ) : null}
      <div className="amendment-card__buttons">
        {amendment.can.cosponsor ? (
          <cosponsor.Form method="post" action={action} {...getFormProps(cosponsorForm)}>
            <FormErrors form={cosponsorForm} />
            <input type="hidden" name="intent" value="cosponsor" />
            <input type="hidden" name="join" value={amendment.sponsoring ? "false" : "true"} />
            <button type="submit" className="button button--small">
              {amendment.sponsoring ? "Leave co-sponsors" : "Co-sponsor"}
            </button>
          </cosponsor.Form>
        ) : null}
        {amendment.can.withdraw ? (
          <ConfirmAction
            label="Withdraw…"
            question={`Withdraw ${amendment.proposer.name}'s amendment? It stays on record as withdrawn; this cannot be undone.`}
            confirmLabel="Withdraw amendment"
          >
            {(confirm) => (
              <withdraw.Form method="post" action={action} {...getFormProps(withdrawForm)}>
                <FormErrors form={withdrawForm} />
                <input type="hidden" name="intent" value="withdraw" />
                {confirm}
              </withdraw.Form>
            )}
          </ConfirmAction>
        ) : null}
      </div>
    </div>
  );
}
