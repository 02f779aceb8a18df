import { TEXT_LIMITS } from "../../common/limits";
import { Link, useFetcher } from "@remix-run/react";
import { useId, useState } from "react";
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

function Actions({ amendment }: { amendment: DocumentAmendment }) {
  const cosponsor = useFetcher<typeof amendmentAction>();
  const position = useFetcher<typeof amendmentAction>();
  const withdraw = useFetcher<typeof amendmentAction>();
  const id = useId();
  const action = `/amendments/${amendment.id}`;
  const error = cosponsor.data?.error ?? withdraw.data?.error;
  const positionError = position.data?.fieldErrors?.stance ?? position.data?.error;
  // Controlled, so a live refresh of the card never drops a choice the user has just made.
  const [stance, setStance] = useState<string>(amendment.myPosition?.stance ?? "");
  if (!amendment.can.cosponsor && !amendment.can.takePosition && !amendment.can.withdraw) return null;
  return (
    <div className="amendment-card__actions">
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      {amendment.can.takePosition ? (
        <position.Form method="post" action={action} className="position-form">
          <input type="hidden" name="intent" value="position" />
          <label htmlFor={`${id}-stance`}>Our position</label>
          {/* No default: recording a position is a deliberate choice. */}
          <select
            id={`${id}-stance`}
            name="stance"
            value={stance}
            onChange={(event) => setStance(event.target.value)}
            required
            aria-invalid={positionError ? true : undefined}
            aria-describedby={positionError ? `${id}-stance-error` : undefined}
          >
            <option value="" disabled>
              Choose a position…
            </option>
            {STANCES.map((stance: Stance) => (
              <option key={stance} value={stance}>
                {AMENDMENT_LABELS.stance[stance]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-note`} className="visually-hidden">
            Note on our position
          </label>
          <input
            id={`${id}-note`}
            name="note"
            placeholder="Note (optional)"
            defaultValue={amendment.myPosition?.note ?? ""}
            maxLength={TEXT_LIMITS.positionNote}
          />
          <button type="submit" className="button button--small">
            {amendment.myPosition ? "Update position" : "Record position"}
          </button>
          {positionError ? (
            <p id={`${id}-stance-error`} className="field__error" role="alert">
              {positionError}
            </p>
          ) : null}
        </position.Form>
      ) : null}
      <div className="amendment-card__buttons">
        {amendment.can.cosponsor ? (
          <cosponsor.Form method="post" action={action}>
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
              <withdraw.Form method="post" action={action}>
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
