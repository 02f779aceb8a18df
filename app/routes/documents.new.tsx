import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { getFormProps, useForm } from "@conform-to/react";
import { Form, Link, useActionData } from "@remix-run/react";
import type { z } from "zod";
import { createDocumentInput } from "../utils/inputs.server";
import { LANGUAGES } from "../../common/vocabulary";
import { LABELS } from "../labels";
import { FormErrors, SelectField, TextField, optionsFrom } from "../components/forms";
import { requireActor } from "../utils/domain.server";
import { readForm, submitForm } from "../utils/forms.server";

export const meta: MetaFunction = () => [{ title: "New document · Plenary" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const refusal = context.services.getViewer(actor).createDocumentRefusal;
  if (refusal) throw new Response(refusal, { status: 403 });
  return json(null);
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const result = await submitForm(await readForm(request), createDocumentInput, (input) => context.services.createDocument(actor, input));
  if (!result.ok) return result.response;
  return redirect(`/documents/${result.value.id}`);
}

export default function NewDocument() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof createDocumentInput>>({
    lastResult: actionData?.result,
    defaultValue: { kind: "declaration", language: "en" },
  });
  return (
    <div className="stack stack--lg page--narrow">
      <div>
        <p className="eyebrow">
          <Link to="/">Documents</Link>
        </p>
        <h1>New document</h1>
      </div>
      <section className="card">
        <Form method="post" className="stack" {...getFormProps(form)}>
          <FormErrors form={form} />
          <SelectField label="Kind" field={fields.kind} options={optionsFrom(LABELS.documentKind)} />
          <TextField label="Title" field={fields.title} required />
          <TextField label="Symbol" field={fields.symbol} required hint="The official document symbol, e.g. BP/MC/2025/L.3" />
          <SelectField
            label="Language"
            field={fields.language}
            options={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
          />
          <button type="submit" className="button button--primary">
            Create document
          </button>
        </Form>
      </section>
    </div>
  );
}
