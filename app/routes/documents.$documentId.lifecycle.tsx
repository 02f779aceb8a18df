import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getFormProps, useForm } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { LABELS } from "../../common/vocabulary";
import { formatUtcTime } from "../../common/time";
import { FormErrors, Notice, TextField } from "../components/forms";
import { StageBadge } from "../components/StageBadge";
import { StageDeadline, StageNotice } from "../components/StageStatus";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { readForm, submitForm, unknownIntent } from "../utils/forms.server";
import { useLiveRevalidation } from "../utils/useLiveRevalidation";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Stage · ${data?.document.symbol ?? "Document"} · Plenary` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json(await loadOrThrow(() => context.services.getLifecycle(actor, params.documentId ?? "")));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  // The stage commands validate against the current time, so they parse the form themselves;
  // their field errors still come back beside the controls.
  const options = { intent, params: { documentId: params.documentId } };
  const result =
    intent === "move"
      ? await submitForm(formData, STAGE_FORM, (input) => context.services.moveStage(actor, input), options)
      : intent === "extend"
        ? await submitForm(formData, STAGE_FORM, (input) => context.services.extendDeadline(actor, input), options)
        : null;
  if (!result) return unknownIntent(intent);
  if (!result.ok) return result.response;
  return json(result.reply({ notice: "Done." }));
}

const STAGE_FORM = z.record(z.string(), z.string());

const MOVE_TEXT: Record<string, string> = {
  amendments_open: "Open amendments",
  consolidation: "Close amendments now",
};

export default function Lifecycle() {
  const { document, abilities, stageInfo, moves, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
      <Notice>{actionData?.notice}</Notice>

      {moves.length > 0 || (abilities["deadline.extend"] && stageInfo.deadline) ? (
        <section className="card stack" aria-labelledby="stage-heading">
          <h2 id="stage-heading">Move the stage</h2>
          {moves.map((to) => (
            <MoveForm key={to} to={to} busy={busy} defaultDeadline={defaultDeadline} lastResult={actionData?.intent === "move" && actionData.result.initialValue?.stage === to ? actionData.result : undefined} />
          ))}
          {abilities["deadline.extend"] && stageInfo.deadline ? (
            <ExtendForm busy={busy} deadline={stageInfo.deadline.iso.slice(0, 16)} lastResult={actionData?.intent === "extend" ? actionData.result : undefined} />
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

type Result = NonNullable<ReturnType<typeof useActionData<typeof action>>>["result"];

function MoveForm({ to, busy, defaultDeadline, lastResult }: { to: keyof typeof LABELS.stage; busy: boolean; defaultDeadline: string; lastResult?: Result }) {
  const [form, fields] = useForm<{ deadline: string }>({ id: `move-${to}`, lastResult, defaultValue: { deadline: defaultDeadline } });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="stage" value={to} />
      {to === "amendments_open" ? <TextField label="Amendments close at (UTC)" field={fields.deadline} type="datetime-local" required /> : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        {MOVE_TEXT[to] ?? `Move to ${LABELS.stage[to]}`}
      </button>
    </Form>
  );
}

function ExtendForm({ busy, deadline, lastResult }: { busy: boolean; deadline: string; lastResult?: Result }) {
  const [form, fields] = useForm<{ deadline: string }>({ id: "extend", lastResult, defaultValue: { deadline } });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="extend" />
      <TextField label="Extend the deadline to (UTC)" field={fields.deadline} type="datetime-local" required />
      <button type="submit" className="button" disabled={busy}>
        Extend deadline
      </button>
    </Form>
  );
}
