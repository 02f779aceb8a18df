import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getFormProps, useForm } from "@conform-to/react";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import type { z } from "zod";
import type { tableInput as TableInput } from "../../server/domain/amendments/tableAmendment";
import type { withdrawInput as WithdrawInput } from "../../server/domain/amendments/withdrawAmendment";
import { StartThreadForm, ThreadCard, type PostTo } from "../components/CommentsPanel";
import { textDirection } from "../../common/vocabulary";
import { AMENDMENT_LABELS } from "../labels";
import { ConnectionStatus, PresenceList } from "../components/CollaborationStatus";
import { TabledProposal } from "../components/ProposalView";
import { FormError, FormErrors, Notice, hasErrors, resultFor, type PageReply } from "../components/forms";
import { DraftEditor } from "../components/editor/DraftEditor";
import { useCollaboration } from "../components/editor/useCollaboration";
import { useRootUser } from "../root";
import { cosponsorInput } from "../utils/inputs.server";
import { positionInput } from "../utils/inputs.server";
import { tableInput } from "../utils/inputs.server";
import { withdrawInput } from "../utils/inputs.server";
import { decideAmendmentInput, reopenDecisionInput } from "../utils/inputs.server";
import { DecisionPanel } from "../components/DecisionPanel";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { readForm, submitForm, unknownIntent } from "../utils/forms.server";
import { startThreadFromForm, threadFromForm } from "../utils/threadForms.server";
import { useActionReply } from "../utils/useActionReply";
import { useFocusAfterAnswer } from "../utils/useFocusAfterAnswer";
import { useLiveRevalidation } from "../utils/useLiveRevalidation";
import { keepPageAfterRefusal } from "../utils/revalidation";
import { formatUtc } from "../utils/format";
import { amendmentTitle } from "../utils/amendmentTitle";
import { ConfirmAction } from "../components/ConfirmAction";
import { ParticipantChip } from "../components/ParticipantChip";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Amendment by ${data.amendment.proposer.name} · ${data.document.symbol} · Plenary` : "Amendment · Plenary" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const workspace = await loadOrThrow(() => context.services.getAmendmentWorkspace(actor, params.amendmentId ?? ""));
  const threads =
    workspace.amendment.status === "draft"
      ? []
      : await loadOrThrow(() => context.services.listThreads(actor, workspace.document.id, { amendmentId: workspace.amendment.id }));
  const decisions = await loadOrThrow(() => context.services.getAmendmentDecisions(actor, workspace.amendment.id));
  return json({ ...workspace, threads, ...decisions });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const options = { intent, params: { amendmentId: params.amendmentId } };
  const { services } = context;
  // The discussion's comment forms post here, so they work before JavaScript loads (decision 103).
  if (intent === "start-thread") return startThreadFromForm(context, actor, formData);
  if (intent === "reply" || intent === "resolve" || intent === "edit") return threadFromForm(context, actor, formData, intent);
  if (intent === "reopen") {
    const reopened = await submitForm(formData, reopenDecisionInput, (input) => services.reopenDecision(actor, input), { intent });
    if (!reopened.ok) return reopened.response;
    const { revertByHand } = reopened.value;
    const notice =
      revertByHand.length === 0
        ? "Decision reopened; its text change was reverted."
        : `Decision reopened. The text was edited since, so it was not reverted: ${revertByHand.join(" ")}`;
    return json(reopened.reply({ notice }));
  }
  const result =
    intent === "table"
      ? await submitForm(formData, tableInput, (input) => services.tableAmendment(actor, input), options)
      : intent === "withdraw"
        ? await submitForm(formData, withdrawInput, (input) => services.withdrawAmendment(actor, input), options)
        : intent === "cosponsor"
          ? await submitForm(formData, cosponsorInput, (input) => services.setCosponsorship(actor, input), options)
          : intent === "position"
            ? await submitForm(formData, positionInput, (input) => services.recordPosition(actor, input), options)
            : intent === "decide"
              ? await submitForm(formData, decideAmendmentInput, (input) => services.decideAmendment(actor, input), options)
              : null;
  if (!result) return unknownIntent(intent);
  if (!result.ok) return result.response;
  const notice = intent === "decide" ? DECIDED[String(formData.get("decision"))] : NOTICES[intent];
  return json(result.reply({ notice }));
}

const NOTIFIED = "The proposing state, co-sponsors and states with a position are notified.";
/** "Applied to the text" only where the text changed: a chair who did not retain must not read otherwise. */
const DECIDED: Record<string, string> = {
  accept: `Decision recorded: accepted and applied to the text. ${NOTIFIED}`,
  accept_with_changes: `Decision recorded: accepted with changes, your wording applied to the text. ${NOTIFIED}`,
  not_retain: `Decision recorded: not retained; the text is unchanged. ${NOTIFIED}`,
};

const NOTICES: Record<string, string> = {
  table: "Tabled. Every participant can now see this amendment.",
  withdraw: "Withdrawn.",
  cosponsor: "Co-sponsorship updated.",
  position: "Position recorded.",
};

export const shouldRevalidate = keepPageAfterRefusal;

/** Whether the form that sent `reply` is on the page, so it shows the answer itself. */
function answeredInPlace(data: WorkspaceData, reply: PageReply): boolean {
  if (!reply) return false;
  const { amendment, drafting, decisions } = data;
  switch (reply.intent) {
    case "decide":
      return amendment.status !== "draft" && data.abilities["amendment.decide"];
    case "reopen":
      return data.abilities["amendment.reopenDecision"] && decisions.some((decision) => !decision.reopenedAt);
    case "table":
      return Boolean(drafting && (drafting.canTable || drafting.tableBlocked));
    case "withdraw":
      return Boolean(drafting?.canWithdraw);
    case "start-thread":
    case "reply":
    case "resolve":
      return amendment.status !== "draft" && data.closedNotice === null;
    default:
      return false;
  }
}

export default function AmendmentWorkspace() {
  const data = useLoaderData<typeof loader>();
  const { amendment, document, target, drafting } = data;
  useLiveRevalidation(document.id);
  const actionData = useActionReply<typeof action>();
  // The pressed Accept, Do not retain or Reopen goes with the decision it made: the focus resumes
  // at the decision now in force (or, reopened, at the chair's decision heading), beside where it was.
  useFocusAfterAnswer(actionData?.notice && (actionData.intent === "decide" || actionData.intent === "reopen") ? actionData : null, () =>
    window.document.getElementById(actionData?.intent === "decide" ? "decision-in-force" : "decision-title"),
  );
  const heading = amendmentTitle(amendment);
  return (
    <div className="stack stack--lg page--medium">
      <div>
        <p className="eyebrow">
          <Link to={`/documents/${document.id}`}>
            {document.symbol} · {document.title}
          </Link>
        </p>
        <h1>
          {heading} — {amendment.proposer.name}
        </h1>
        <p>
          <ParticipantChip name={amendment.proposer.name} colour={amendment.proposer.colour} label="Proposed by" />
          <span className={`badge badge--amendment-${amendment.status}`}>{AMENDMENT_LABELS.status[amendment.status]}</span>
          {amendment.outdated && amendment.status === "tabled" ? <span className="badge badge--warn">Outdated</span> : null}
          {amendment.revision > 0 ? <span className="muted small"> · revision {amendment.revision}</span> : null}
        </p>
        {amendment.status !== "draft" ? <p className="attribution">{`${data.attribution}.`}</p> : null}
      </div>
      {/* A refusal shows in the form that was sent; here only when that form is gone meanwhile. */}
      {actionData?.error && !answeredInPlace(data, actionData) ? <FormError error={actionData.error} /> : null}
      <Notice>{actionData?.notice}</Notice>

      <section className="card" aria-labelledby="base-title">
        <h2 id="base-title">Current text of {target?.number ?? "the paragraph"}</h2>
        {target ? (
          <p className="quote" lang={document.language} dir={textDirection(document.language)}>
            {target.text}
          </p>
        ) : (
          <p className="muted">This paragraph is no longer in the text.</p>
        )}
      </section>

      {drafting ? <DraftingSpace data={data} reply={actionData} /> : null}

      {amendment.status !== "draft" ? (
        <section className="card" aria-labelledby="tabled-title">
          <h2 id="tabled-title">As tabled (revision {amendment.revision})</h2>
          <TabledProposal amendment={amendment} lang={document.language} />
          {amendment.justification ? (
            <>
              <h3>Justification</h3>
              <p>{amendment.justification}</p>
            </>
          ) : null}
        </section>
      ) : null}

      {amendment.status !== "draft" ? (
        <DecisionPanel
          decisions={data.decisions}
          fates={data.fates}
          canDecide={data.abilities["amendment.decide"]}
          canReopen={data.abilities["amendment.reopenDecision"]}
          operation={amendment.operation}
          outdated={amendment.outdated}
          currentText={target?.text ?? null}
          proposedText={amendment.proposedText}
          baseText={amendment.baseText}
          againstCurrent={
            amendment.outdated && !amendment.targetMissing && amendment.operation !== "insert_after"
              ? amendment.currentDiff
              : amendment.diff
          }
          language={document.language}
          colour={amendment.proposer.colour}
          reply={actionData}
        />
      ) : null}

      {amendment.status !== "draft" ? (
        <Discussion data={data} postTo={{ action: `/amendments/${amendment.id}`, reply: actionData }} />
      ) : null}

      <div className="grid-2">
        <section className="card" aria-labelledby="positions-title">
          <h2 id="positions-title">Positions</h2>
          {amendment.positions.length === 0 ? (
            <p className="muted">No positions yet.</p>
          ) : (
            <ul className="plain-list">
              {amendment.positions.map((position) => (
                <li key={position.participant.id}>
                  <strong>{position.participant.name}</strong>: {AMENDMENT_LABELS.stance[position.stance]}
                  {position.note ? <span className="muted"> — {position.note}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="history-title">
          <h2 id="history-title">History</h2>
          <ul className="plain-list small">
            {data.revisions.map((revision) => (
              <li key={revision.number}>
                Revision {revision.number} tabled {formatUtc(revision.tabledAt)}
              </li>
            ))}
            {data.sponsorHistory.map((event, index) => (
              <li key={index}>
                {event.participant} {event.action === "join" ? "joined" : "left"} the co-sponsors, {formatUtc(event.at)}
              </li>
            ))}
            {data.revisions.length === 0 && data.sponsorHistory.length === 0 ? <li className="muted">Not tabled yet.</li> : null}
          </ul>
        </section>
      </div>
    </div>
  );
}

type WorkspaceData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Comment threads attached to this amendment (they also show in the document's comments panel). */
function Discussion({ data, postTo }: { data: WorkspaceData; postTo: PostTo }) {
  const closed = data.closedNotice !== null;
  return (
    <section className="card stack" aria-labelledby="discussion-title">
      <h2 id="discussion-title">Discussion</h2>
      {data.threads.length === 0 ? <p className="muted small">No comments on this amendment yet.</p> : null}
      <div className="thread-list">
        {data.threads.map((thread) => (
          <ThreadCard key={thread.id} thread={thread} selected={false} onSelect={() => undefined} closed={closed} postTo={postTo} />
        ))}
      </div>
      {closed ? (
        <p className="muted small">{data.closedNotice}</p>
      ) : (
        <StartThreadForm
          documentId={data.document.id}
          blockId={data.amendment.targetBlockId}
          amendmentId={data.amendment.id}
          label="Comment on this amendment"
          postTo={postTo}
        />
      )}
    </section>
  );
}

function DraftingSpace({ data, reply }: { data: WorkspaceData; reply: PageReply }) {
  const { amendment, document, target, drafting } = data;
  const user = useRootUser();
  // Parsed by tableAmendment's and withdrawAmendment's schemas (the route adds the amendment's id):
  // the domain's refusal (nothing changed, an empty wording, the stage, the status) answers beside the button.
  const [tableForm] = useForm<z.input<typeof TableInput>>({ id: "table-amendment", lastResult: resultFor(reply, "table") });
  const withdrawResult = resultFor(reply, "withdraw");
  const [overLimit, setOverLimit] = useState(false);
  const tableAnswer = tableForm.errors && !drafting!.tableRefusal && !overLimit ? tableForm.errors.join(" ") : null;
  const [withdrawForm] = useForm<z.input<typeof WithdrawInput>>({ id: "withdraw-amendment", lastResult: withdrawResult });
  const { session, connection, loaded, present } = useCollaboration(drafting!.room);
  return (
    <section className="card" aria-labelledby="draft-title">
      <div className="section-head">
        <h2 id="draft-title">Drafting space of {amendment.proposer.name}</h2>
        <span className="small muted">Private to your delegation</span>
      </div>
      <div className="collab-bar">
        <ConnectionStatus connection={connection} editing={Boolean(drafting?.canEdit)} />
        <PresenceList present={present} />
      </div>
      {session && loaded ? (
        <DraftEditor
          doc={session.doc}
          provider={session.provider}
          canEdit={drafting!.canEdit && connection.kind !== "denied" && connection.kind !== "halted"}
          operation={amendment.operation}
          baseText={target?.text ?? amendment.baseText}
          language={document.language}
          colour={amendment.proposer.colour}
          user={{ name: user?.name ?? "", color: user?.colour ?? "#888888", participant: user?.participantName ?? "" }}
          onOverLimit={setOverLimit}
        />
      ) : (
        <p className="muted">Loading the drafting space…</p>
      )}
      <div className="button-row">
        {drafting!.canTable || drafting!.tableBlocked ? (
          <Form method="post" {...getFormProps(tableForm)}>
            <input type="hidden" name="intent" value="table" />
            {/* Shown but disabled outside "Amendments open", or while the text is over its limit, with the reason beside it. */}
            <button
              type="submit"
              className="button button--primary"
              disabled={!drafting!.canTable || overLimit}
              aria-describedby={tableAnswer ? tableForm.errorId : "table-note"}
            >
              {amendment.status === "tabled" ? "Table as a new revision" : "Table amendment"}
            </button>
          </Form>
        ) : null}
        {/* The last refusal takes the hint's place; a reason the button is disabled for wins over both. */}
        {tableAnswer ? (
          <p id={tableForm.errorId} className="field__error" role="alert" data-testid="table-error">
            {tableAnswer}
          </p>
        ) : (
          <p id="table-note" className="small muted" data-testid="table-note">
            {drafting!.tableRefusal ??
              (overLimit
                ? "Shorten the text to its limit before tabling."
                : "Tabling freezes the wording and shows it to every participant.")}
          </p>
        )}
        {drafting!.canWithdraw ? (
          <ConfirmAction
            label="Withdraw…"
            question={
              amendment.status === "tabled"
                ? "Withdraw this tabled amendment? Every participant will see it as withdrawn; this cannot be undone."
                : "Withdraw this draft? Your delegation's drafting space closes; this cannot be undone."
            }
            confirmLabel="Withdraw amendment"
            open={hasErrors(withdrawResult)}
          >
            {(confirm) => (
              <Form method="post" className="form-row" {...getFormProps(withdrawForm)}>
                <input type="hidden" name="intent" value="withdraw" />
                {confirm}
                <FormErrors form={withdrawForm} />
              </Form>
            )}
          </ConfirmAction>
        ) : null}
      </div>
    </section>
  );
}
