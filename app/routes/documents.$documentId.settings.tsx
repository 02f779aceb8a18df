import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LABELS, LANGUAGES, type Stage } from "../../common/vocabulary";
import { FormError, SelectField, TextField } from "../components/forms";
import { formInput, loadOrThrow, requireActor, runIntent, type ActionErrors } from "../utils/domain.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Settings · ${data?.document.title ?? "Document"} · Plenary` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const page = await loadOrThrow(() => context.services.getDocument(actor, params.documentId ?? ""));
  if (!page.abilities["document.editSettings"]) throw new Response("Only the secretariat changes document settings.", { status: 403 });
  return json(page);
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const { intent = "save", ...fields } = await formInput(request);
  const input = { ...fields, documentId: params.documentId ?? "" };
  const result = await runIntent(intent, {
    save: () => context.services.updateDocumentSettings(actor, input),
    reopen: () => context.services.reopenDocument(actor, input),
  });
  if (!result.ok) return result.response;
  return json({ notice: intent === "reopen" ? "The text is reopened." : "Settings saved." });
}

export default function DocumentSettings() {
  const { document, stageMoves, reopenings } = useLoaderData<typeof loader>();
  const stage = document.stage as Stage;
  const stageOptions = [stage, ...stageMoves].map((value) => ({ value, label: value === stage ? `${LABELS.stage[value]} (current)` : LABELS.stage[value] }));
  const actionData = useActionData<ActionErrors | { notice: string }>();
  const errors = actionData && "error" in actionData ? actionData : undefined;
  return (
    <div className="stack stack--lg page--narrow">
      <div>
        <p className="eyebrow">
          <Link to={`/documents/${document.id}`}>{document.symbol}</Link>
        </p>
        <h1>Document settings</h1>
      </div>
      <section className="card">
        <Form method="post" className="stack" noValidate>
          <FormError error={errors?.error} />
          {actionData && "notice" in actionData ? (
            <div className="alert alert--success" role="status">
              {actionData.notice}
            </div>
          ) : null}
          <TextField label="Title" name="title" defaultValue={document.title} required errors={errors?.fieldErrors} />
          <TextField label="Symbol" name="symbol" defaultValue={document.symbol} required errors={errors?.fieldErrors} />
          <SelectField
            label="Language"
            name="language"
            defaultValue={document.language}
            options={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
            errors={errors?.fieldErrors}
          />
          <SelectField
            label="Stage"
            name="stage"
            defaultValue={document.stage}
            options={stageOptions}
            errors={errors?.fieldErrors}
            hint="Only the next steps of the procedure are offered. Moving the stage is recorded in the audit log. Adopted and published texts cannot be edited."
          />
          <button type="submit" className="button button--primary" name="intent" value="save">
            Save settings
          </button>
        </Form>
      </section>
      {reopenings.length > 0 ? (
        <section className="card" aria-labelledby="reopen-title">
          <Form method="post" className="stack" noValidate>
            <h2 id="reopen-title">Reopen the adopted text</h2>
            <p className="muted small">Reopening returns the text to an earlier stage. The reason is recorded in the audit log.</p>
            <SelectField
              label="Return to"
              name="stage"
              defaultValue={reopenings[reopenings.length - 1]}
              options={reopenings.map((value) => ({ value, label: LABELS.stage[value] }))}
              errors={errors?.fieldErrors}
            />
            <TextField label="Reason" name="reason" required errors={errors?.fieldErrors} />
            <button type="submit" className="button button--danger" name="intent" value="reopen">
              Reopen
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
