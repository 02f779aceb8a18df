import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { LABELS } from "../../common/vocabulary";
import { formatUtcTime } from "../../common/time";
import { FormError, TextField } from "../components/forms";
import { StageBadge } from "../components/StageBadge";
import { StageDeadline, StageNotice } from "../components/StageStatus";
import { formInput, loadOrThrow, requireActor, runIntent, type ActionErrors } from "../utils/domain.server";
import { useLiveRevalidation } from "../utils/useLiveRevalidation";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Stage · ${data?.document.symbol ?? "Document"} · Plenary` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json(await loadOrThrow(() => context.services.getLifecycle(actor, params.documentId ?? "")));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const form = await formInput(request);
  const input = { ...form, documentId: params.documentId ?? "" };
  const result = await runIntent(form.intent ?? "", {
    move: () => context.services.moveStage(actor, input),
    extend: () => context.services.extendDeadline(actor, input),
  });
  if (!result.ok) return result.response;
  return json({ notice: "Done." });
}

const MOVE_TEXT: Record<string, string> = {
  amendments_open: "Open amendments",
  consolidation: "Close amendments now",
};

export default function Lifecycle() {
  const { document, abilities, stageInfo, moves, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionErrors | { notice: string }>();
  const errors = actionData && "error" in actionData ? actionData : undefined;
  const busy = useNavigation().state !== "idle";
  useLiveRevalidation(document.id);
  const defaultDeadline = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 11) + "17:00";
  return (
    <div className="stack stack--lg page--medium">
      <div>
        <p className="eyebrow">
          <Link to={`/documents/${document.id}`}>{document.symbol}</Link>
        </p>
        <h1>Stage and exports</h1>
        <p>
          <StageBadge stage={document.stage} />
        </p>
        <StageDeadline deadline={stageInfo.deadline} />
      </div>
      <StageNotice notice={stageInfo.notice} />
      <FormError error={errors?.error} />

      {moves.length > 0 || (abilities["deadline.extend"] && stageInfo.deadline) ? (
        <section className="card stack" aria-labelledby="stage-heading">
          <h2 id="stage-heading">Move the stage</h2>
          {moves.map((to) => (
            <Form method="post" className="inline-form" key={to} noValidate>
              <input type="hidden" name="intent" value="move" />
              <input type="hidden" name="stage" value={to} />
              {to === "amendments_open" ? (
                <TextField
                  label="Amendments close at (UTC)"
                  name="deadline"
                  type="datetime-local"
                  defaultValue={defaultDeadline}
                  required
                  errors={errors?.fieldErrors}
                />
              ) : null}
              <button type="submit" className="button button--primary" disabled={busy}>
                {MOVE_TEXT[to] ?? `Move to ${LABELS.stage[to]}`}
              </button>
            </Form>
          ))}
          {abilities["deadline.extend"] && stageInfo.deadline ? (
            <Form method="post" className="inline-form" noValidate>
              <input type="hidden" name="intent" value="extend" />
              <TextField
                label="Extend the deadline to (UTC)"
                name="deadline"
                type="datetime-local"
                defaultValue={stageInfo.deadline.iso.slice(0, 16)}
                required
                errors={errors?.fieldErrors}
              />
              <button type="submit" className="button" disabled={busy}>
                Extend deadline
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">Stage history</h2>
        {history.length === 0 ? <p className="muted">No stage announcements yet.</p> : null}
        <ul className="notification-list" data-testid="stage-history">
          {history.map((entry) => (
            <li key={entry.id}>
              {entry.text} <span className="muted small">· {formatUtcTime(entry.createdAt)}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
