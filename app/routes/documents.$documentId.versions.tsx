import { TEXT_LIMITS } from "../../common/limits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import type { issueVersionInput as IssueVersionInput } from "../../server/domain/versions/issueVersion";
import { FieldNote, FormError, FormErrors, Notice, TextField } from "../components/forms";
import { issueVersionInput } from "../utils/inputs.server";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { readForm, submitForm, unknownIntent } from "../utils/forms.server";
import { formatUtc } from "../utils/format";
import { useActionReply } from "../utils/useActionReply";
import { useLiveRevalidation } from "../utils/useLiveRevalidation";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Versions · ${data.document.symbol} · Plenary` : "Versions · Plenary" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json(await loadOrThrow(() => context.services.listVersions(actor, params.documentId ?? "")));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent !== "issue") return unknownIntent(intent);
  const result = await submitForm(formData, issueVersionInput, (input) => context.services.issueVersion(actor, input), {
    intent,
    params: { documentId: params.documentId },
  });
  if (!result.ok) return result.response;
  return json(result.reply({ notice: `${result.value.label} issued. Every open editor now shows its numbering.`, resetForm: true }));
}

/** The issued versions of a document: issue the next one (chair), compare any two. */
export default function Versions() {
  const { document, versions, nextLabel, canIssue } = useLoaderData<typeof loader>();
  const actionData = useActionReply<typeof action>();
  // Parsed by issueVersion's schema; a refusal (the Final already issued, a note too long) answers in the form.
  const [form, fields] = useForm<z.input<typeof IssueVersionInput>>({ id: "issue-version", lastResult: actionData?.result });
  const { key: finalKey, ...finalProps } = getInputProps(fields.final, { type: "checkbox", value: "true" });
  useLiveRevalidation(document.id);
  const latest = versions.at(-1);
  const previous = versions.at(-2);
  return (
    <div className="stack stack--lg page--medium">
      <div>
        <p className="eyebrow">
          <Link to={`/documents/${document.id}`}>
            {document.symbol} · {document.title}
          </Link>
        </p>
        <h1>Versions</h1>
        <p className="muted">Each version is frozen when issued: it cannot be changed or deleted, and carries a content hash.</p>
      </div>
      {/* A refusal whose form is gone meanwhile (someone issued the Final version) still shows. */}
      {!(canIssue && nextLabel) && actionData?.error ? <FormError error={actionData.error} /> : null}
      <Notice>{actionData?.notice}</Notice>
      {versions.length === 0 ? (
        <p className="muted">No version has been issued yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Issued</th>
              <th scope="col">Amendments recorded</th>
              <th scope="col">Content hash (SHA-256)</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.id}>
                <th scope="row">{version.label}</th>
                <td>
                  {formatUtc(version.issuedAt)} by {version.issuedBy}
                  {version.note ? <div className="small muted">{version.note}</div> : null}
                </td>
                <td>{version.amendments}</td>
                <td>
                  <code className="small" title={version.contentHash}>
                    {version.contentHash.slice(0, 16)}…
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {versions.length >= 2 ? (
        <Form
          method="get"
          action={`/documents/${document.id}/compare`}
          className="card inline-form"
          aria-label="Compare two versions"
          id="compare"
        >
          <label>
            From{" "}
            <select name="from" defaultValue={previous?.id}>
              {versions.map((version) => (
                <option key={version.id} value={version.id}>
                  {version.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            To{" "}
            <select name="to" defaultValue={latest?.id}>
              {versions.map((version) => (
                <option key={version.id} value={version.id}>
                  {version.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--primary">
            Compare
          </button>
        </Form>
      ) : (
        <p className="muted small" id="compare" data-testid="compare-needs-two">
          Two versions can be compared once a second one is issued.
        </p>
      )}
      {canIssue && nextLabel ? (
        <Form method="post" className="card stack" aria-labelledby="issue-title" {...getFormProps(form)}>
          <h2 id="issue-title">Issue {nextLabel}</h2>
          <FormErrors form={form} />
          <p className="small muted">
            Freezes the current text as {nextLabel}, renumbers provisional paragraphs (OP7bis becomes OP8) and records what happened to
            every amendment since the previous version. Undecided amendments carry forward.
          </p>
          <input type="hidden" name="intent" value="issue" />
          <TextField label="Note (optional)" field={fields.note} maxLength={TEXT_LIMITS.versionNote} />
          <label className="checkbox">
            <input {...finalProps} key={finalKey} /> Issue as the Final version (nothing can follow it)
          </label>
          <FieldNote field={fields.final} />
          <div>
            <button type="submit" className="button button--primary">
              Issue {nextLabel}
            </button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
