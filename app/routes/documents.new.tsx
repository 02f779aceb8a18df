import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { can, processResource } from "../../server/policies";
import { LABELS, LANGUAGES } from "../../common/vocabulary";
import { FormError, SelectField, TextField, optionsFrom } from "../components/forms";
import { formInput, requireActor, runCommand, type ActionErrors } from "../utils/domain.server";

export const meta: MetaFunction = () => [{ title: "New document · Plenary" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  if (!can(actor, "document.create", processResource(actor.processId))) throw new Response("Only the secretariat and the chair create documents.", { status: 403 });
  return json(null);
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const input = await formInput(request);
  const result = await runCommand(() => context.services.createDocument(actor, input));
  if (!result.ok) return result.response;
  return redirect(`/documents/${result.value.id}`);
}

export default function NewDocument() {
  const actionData = useActionData<ActionErrors>();
  return (
    <div className="stack stack--lg page--narrow">
      <div>
        <p className="eyebrow">
          <Link to="/">Documents</Link>
        </p>
        <h1>New document</h1>
      </div>
      <section className="card">
        <Form method="post" className="stack" noValidate>
          <FormError error={actionData?.error} />
          <SelectField label="Kind" name="kind" options={optionsFrom(LABELS.documentKind)} errors={actionData?.fieldErrors} />
          <TextField label="Title" name="title" required errors={actionData?.fieldErrors} />
          <TextField label="Symbol" name="symbol" required hint="The official document symbol, e.g. BP/MC/2025/L.3" errors={actionData?.fieldErrors} />
          <SelectField
            label="Language"
            name="language"
            options={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
            errors={actionData?.fieldErrors}
          />
          <button type="submit" className="button button--primary">
            Create document
          </button>
        </Form>
      </section>
    </div>
  );
}
