import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LABELS, LANGUAGES } from "../../common/vocabulary";
import { FormError, SelectField, TextField, optionsFrom } from "../components/forms";
import { formInput, loadOrThrow, requireActor, runCommand, type ActionErrors } from "../utils/domain.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Settings · ${data?.document.title ?? "Document"} · Plenary` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const page = await loadOrThrow(() => context.services.getDocument(actor, params.documentId ?? ""));
  if (!page.abilities["document.editSettings"]) throw new Response("Only the secretariat changes document settings.", { status: 403 });
  return json(page);
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const input = { ...(await formInput(request)), documentId: params.documentId ?? "" };
  const result = await runCommand(() => context.services.updateDocumentSettings(actor, input));
  if (!result.ok) return result.response;
  return json({ notice: "Settings saved." });
}

export default function DocumentSettings() {
  const { document } = useLoaderData<typeof loader>();
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
            options={optionsFrom(LABELS.stage)}
            errors={errors?.fieldErrors}
            hint="Moving the stage is recorded in the audit log. Adopted and published texts cannot be edited."
          />
          <button type="submit" className="button button--primary">
            Save settings
          </button>
        </Form>
      </section>
    </div>
  );
}
