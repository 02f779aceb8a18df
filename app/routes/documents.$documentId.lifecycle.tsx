import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getFormProps, useForm } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { LABELS, moveLabel } from "../labels";
import { formatUtcTime, toWallTime } from "../../common/time";
import { FormErrors, Notice, TextAreaField, TextField } from "../components/forms";
import { StageBadge } from "../components/StageBadge";
import { StageDeadline, StageNotice } from "../components/StageStatus";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { readForm, submitForm, unknownIntent } from "../utils/forms.server";
import {
  adoptionInput,
  breakInput,
  extendDeadlineInput,
  moveStageInput,
  publishVersionInput,
  startSilenceInput,
} from "../utils/inputs.server";
import { useActionReply } from "../utils/useActionReply";
import { useLiveRevalidation } from "../utils/useLiveRevalidation";
import { FIELD_LIMITS, TEXT_LIMITS } from "../../common/limits";
import type { Stage } from "../../common/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Stage · ${data?.document.symbol ?? "Document"} · Plenary` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json(await loadOrThrow(() => context.services.getLifecycle(actor, params.documentId ?? "")));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const options = { intent, params: { documentId: params.documentId } };
  const services = context.services;
  // Each intent is parsed with its command's own schema; the deadline's "in the future" rule is
  // the command's (it reads the clock), and its error still comes back beside the field.
  const result =
    intent === "move"
      ? await submitForm(formData, moveStageInput, (input) => services.moveStage(actor, input), options)
      : intent === "extend"
        ? await submitForm(formData, extendDeadlineInput, (input) => services.extendDeadline(actor, input), options)
        : intent === "silence"
          ? await submitForm(formData, startSilenceInput, (input) => services.startSilence(actor, input), options)
          : intent === "object"
            ? await submitForm(formData, breakInput, (input) => services.breakSilence(actor, input), options)
            : intent === "adopt"
              ? await submitForm(formData, adoptionInput, (input) => services.recordAdoption(actor, input), options)
              : intent === "publish"
                ? await submitForm(formData, publishVersionInput, (input) => services.publishVersion(actor, input), options)
                : null;
  if (!result) return unknownIntent(intent);
  if (!result.ok) return result.response;
  const stage = String(formData.get("stage") ?? "");
  const notice =
    intent === "move" && stage in LABELS.stage
      ? `The text is now at the stage: ${LABELS.stage[stage as keyof typeof LABELS.stage]}.`
      : DONE[intent];
  return json(result.reply({ notice }));
}

/** What each form did, in words (a bare "Done." left the secretariat to read the page for it). */
const DONE: Record<string, string> = {
  extend: "Deadline extended.",
  silence: "Silence procedure started.",
  object: "Your objection is recorded: silence is broken, and the text returns to consolidation.",
  adopt: "Adoption recorded.",
  publish: "Published: the text is now readable by anyone at its public address.",
};

export default function Lifecycle() {
  const { document, abilities, stageInfo, moves, history, versions, latestVersion, silence, adoption, publication, can } =
    useLoaderData<typeof loader>();
  const actionData = useActionReply<typeof action>();
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
          {moves.map(({ to, needsDeadline }) => (
            <MoveForm
              key={to}
              to={to}
              needsDeadline={needsDeadline}
              from={document.stage}
              busy={busy}
              defaultDeadline={defaultDeadline}
              timeZone={stageInfo.timeZone}
              lastResult={actionData?.intent === "move" && actionData.result.initialValue?.stage === to ? actionData.result : undefined}
            />
          ))}
          {abilities["deadline.extend"] && stageInfo.deadline ? (
            <ExtendForm
              busy={busy}
              deadline={toWallTime(stageInfo.deadline.iso, stageInfo.timeZone)}
              timeZone={stageInfo.timeZone}
              lastResult={actionData?.intent === "extend" ? actionData.result : undefined}
            />
          ) : null}
        </section>
      ) : null}

      {silence?.underWay ? (
        <section className="card stack" aria-labelledby="silence-heading" data-testid="silence">
          <h2 id="silence-heading">Silence procedure</h2>
          <p>
            <strong>{silence.version}</strong> is under the silence procedure
            {stageInfo.deadline ? (
              <>
                {" "}
                until <time dateTime={stageInfo.deadline.iso}>{stageInfo.deadline.local}</time> ({stageInfo.deadline.utc})
              </>
            ) : null}
            . If no participating state objects by then, it is adopted.
          </p>
          {can.adoptAfterSilence ? (
            <p className="small muted" data-testid="adopt-after-silence">
              A meeting&apos;s adoption can be recorded once the procedure has ended: states may object until the deadline. To end it
              earlier, return the text to consolidation.
            </p>
          ) : null}
          {can.breakSilence ? (
            <ObjectionForm busy={busy} lastResult={actionData?.intent === "object" ? actionData.result : undefined} />
          ) : null}
        </section>
      ) : null}

      {silence && silence.objections.length > 0 ? (
        <section className="card stack" aria-labelledby="objections-heading" data-testid="objections">
          <h2 id="objections-heading">Objections to {silence.version}</h2>
          {silence.objections.map((objection) => (
            <blockquote key={objection.id} className="objection">
              <p>
                <strong>{objection.participant}</strong> broke silence <span className="muted small">· {objection.at}</span>
              </p>
              <p dir="auto">{objection.text}</p>
            </blockquote>
          ))}
        </section>
      ) : null}

      {can.startSilence && latestVersion ? (
        <section className="card stack" aria-labelledby="start-silence-heading">
          <h2 id="start-silence-heading">Silence procedure</h2>
          <SilenceForm
            busy={busy}
            version={latestVersion}
            defaultDeadline={defaultDeadline}
            timeZone={stageInfo.timeZone}
            lastResult={actionData?.intent === "silence" ? actionData.result : undefined}
          />
        </section>
      ) : null}

      {can.adopt && latestVersion ? (
        <section className="card stack" aria-labelledby="adopt-heading">
          <h2 id="adopt-heading">Record adoption at a meeting</h2>
          <AdoptForm busy={busy} version={latestVersion} lastResult={actionData?.intent === "adopt" ? actionData.result : undefined} />
        </section>
      ) : null}

      {adoption ? (
        <section className="card stack" aria-labelledby="adoption-heading" data-testid="adoption">
          <h2 id="adoption-heading">Adoption</h2>
          <p>
            <strong>{adoption.version}</strong>: {adoption.text}
          </p>
          {can.publish ? (
            <PublishForm
              busy={busy}
              label={adoption.version}
              lastResult={actionData?.intent === "publish" ? actionData.result : undefined}
            />
          ) : null}
        </section>
      ) : null}

      {publication ? (
        <section className="card" aria-labelledby="publication-heading" data-testid="publication">
          <h2 id="publication-heading">Published</h2>
          <p>
            Readable by anyone at <a href={publication.path}>{publication.path}</a> since {publication.publishedAt}.
          </p>
          <p>
            Content hash (SHA-256): <span className="hash">{publication.contentHash}</span>
          </p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions and downloads</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Text</th>
              <th scope="col">Issued</th>
              <th scope="col">Downloads</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.id}>
                <td>{version.label}</td>
                <td className="nowrap">{version.issuedAt}</td>
                <td>
                  <Downloads base={`/documents/${document.id}/export`} query={`?version=${version.id}`} label={version.label} />
                </td>
              </tr>
            ))}
            <tr>
              <td>Current text</td>
              <td className="muted">—</td>
              <td>
                <Downloads base={`/documents/${document.id}/export`} query="" label="the current text" />
              </td>
            </tr>
            <tr>
              <td>Compilation of amendments</td>
              <td className="muted">—</td>
              <td>
                <Downloads base={`/documents/${document.id}/compilation/export`} query="" label="the compilation" />
              </td>
            </tr>
          </tbody>
        </table>
      </section>

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

function MoveForm({
  to,
  needsDeadline,
  from,
  busy,
  defaultDeadline,
  timeZone,
  lastResult,
}: {
  to: Stage;
  /** Opening amendments asks until when. */
  needsDeadline: boolean;
  from: Stage;
  busy: boolean;
  defaultDeadline: string;
  timeZone: string;
  lastResult?: Result;
}) {
  const [form, fields] = useForm<{ deadline: string }>({ id: `move-${to}`, lastResult, defaultValue: { deadline: defaultDeadline } });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="stage" value={to} />
      {needsDeadline ? (
        <TextField
          label={`Amendments close at (${timeZone} time)`}
          field={fields.deadline}
          type="datetime-local"
          required
          hint={zoneHint(timeZone)}
        />
      ) : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        {moveLabel(from, to)}
      </button>
    </Form>
  );
}

/** Deadlines are typed on the participant's wall clock; the page then shows them with UTC beside. */
const zoneHint = (timeZone: string) =>
  `Your participant's time zone, ${timeZone}. Stored in UTC; shown in each reader's time zone with UTC beside it.`;

function ExtendForm({ busy, deadline, timeZone, lastResult }: { busy: boolean; deadline: string; timeZone: string; lastResult?: Result }) {
  const [form, fields] = useForm<{ deadline: string }>({ id: "extend", lastResult, defaultValue: { deadline } });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="extend" />
      <TextField
        label={`Extend the deadline to (${timeZone} time)`}
        field={fields.deadline}
        type="datetime-local"
        required
        hint={zoneHint(timeZone)}
      />
      <button type="submit" className="button" disabled={busy}>
        Extend deadline
      </button>
    </Form>
  );
}

const FORMAT_NAMES = { docx: "Word", pdf: "PDF", html: "HTML", akn: "Akoma Ntoso" } as const;

function Downloads({ base, query, label }: { base: string; query: string; label: string }) {
  return (
    <span className="inline-form">
      {(["docx", "pdf", "html", "akn"] as const).map((format) => (
        <a key={format} href={`${base}/${format}${query}`} aria-label={`${FORMAT_NAMES[format]}: ${label}`}>
          {FORMAT_NAMES[format]}
        </a>
      ))}
    </span>
  );
}

function ObjectionForm({ busy, lastResult }: { busy: boolean; lastResult?: Result }) {
  const [form, fields] = useForm<{ objection: string }>({ id: "object", lastResult });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="object" />
      <TextAreaField
        label="Break silence: your delegation's written objection"
        field={fields.objection}
        rows={4}
        maxLength={TEXT_LIMITS.objection}
        required
        hint="Shown to every participant. One objection returns the text to consolidation."
      />
      <button type="submit" className="button button--danger" disabled={busy}>
        Break silence
      </button>
    </Form>
  );
}

function SilenceForm({
  busy,
  version,
  defaultDeadline,
  timeZone,
  lastResult,
}: {
  busy: boolean;
  version: { id: string; label: string };
  defaultDeadline: string;
  timeZone: string;
  lastResult?: Result;
}) {
  const [form, fields] = useForm<{ deadline: string }>({ id: "silence", lastResult, defaultValue: { deadline: defaultDeadline } });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="silence" />
      <input type="hidden" name="versionId" value={version.id} />
      <TextField
        label={`Put ${version.label} under silence until (${timeZone} time)`}
        field={fields.deadline}
        type="datetime-local"
        required
        hint={zoneHint(timeZone)}
      />
      <button type="submit" className="button button--primary" disabled={busy}>
        Start the silence procedure
      </button>
    </Form>
  );
}

function AdoptForm({ busy, version, lastResult }: { busy: boolean; version: { id: string; label: string }; lastResult?: Result }) {
  const [form, fields] = useForm<{ meetingDate: string; meetingPlace: string }>({ id: "adopt", lastResult });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="adopt" />
      <input type="hidden" name="versionId" value={version.id} />
      <TextField label="Date of the meeting" field={fields.meetingDate} type="date" required />
      <TextField label="Place" field={fields.meetingPlace} required maxLength={FIELD_LIMITS.name} />
      <button type="submit" className="button button--primary" disabled={busy}>
        Record adoption of {version.label}
      </button>
    </Form>
  );
}

function PublishForm({ busy, label, lastResult }: { busy: boolean; label: string; lastResult?: Result }) {
  const [form] = useForm({ id: "publish", lastResult });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="publish" />
      <button type="submit" className="button button--primary" disabled={busy}>
        Publish {label}
      </button>
    </Form>
  );
}
