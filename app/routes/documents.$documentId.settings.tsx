import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getFormProps, useForm } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { LANGUAGES } from "../../common/vocabulary";
import { LABELS } from "../labels";
import { reopenDocumentInput, settingsInput } from "../utils/inputs.server";
import { FormErrors, Notice, SelectField, TextField } from "../components/forms";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { readForm, submitForm, unknownIntent } from "../utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Settings · ${data?.document.title ?? "Document"} · Plenary` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const page = await loadOrThrow(() => context.services.getDocument(actor, params.documentId ?? ""));
  if (page.settingsRefusal) throw new Response(page.settingsRefusal, { status: 403 });
  return json(page);
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "save");
  const options = { intent, params: { documentId: params.documentId } };
  if (intent === "save") {
    const result = await submitForm(formData, settingsInput, (input) => context.services.updateDocumentSettings(actor, input), options);
    if (!result.ok) return result.response;
    return json(result.reply({ notice: "Settings saved." }));
  }
  if (intent === "reopen") {
    const result = await submitForm(formData, reopenDocumentInput, (input) => context.services.reopenDocument(actor, input), options);
    if (!result.ok) return result.response;
    return json(result.reply({ notice: "The text is reopened.", resetForm: true }));
  }
  return unknownIntent(intent);
}

export default function DocumentSettings() {
  const { document, plainMoves, reopenings } = useLoaderData<typeof loader>();
  const stage = document.stage;
  // Only the moves that record nothing but the stage: the others (a deadline, a version under
  // silence, an adoption, a publication) are made on the Stage page, which asks for it.
  const stageOptions = [stage, ...plainMoves].map((value) => ({
    value,
    label: value === stage ? `${LABELS.stage[value]} (current)` : LABELS.stage[value],
  }));
  const actionData = useActionData<typeof action>();
  const replyFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const [form, fields] = useForm<z.input<typeof settingsInput>>({
    id: "settings",
    lastResult: replyFor("save")?.result,
    defaultValue: { title: document.title, symbol: document.symbol, language: document.language, stage: document.stage },
  });
  const [reopenForm, reopenFields] = useForm<z.input<typeof reopenDocumentInput>>({
    id: "reopen",
    lastResult: replyFor("reopen")?.result,
    defaultValue: { stage: reopenings[reopenings.length - 1] },
  });
  return (
    <div className="stack stack--lg page--narrow">
      <div>
        <p className="eyebrow">
          <Link to={`/documents/${document.id}`}>{document.symbol}</Link>
        </p>
        <h1>Document settings</h1>
      </div>
      <Notice>{replyFor("reopen")?.notice}</Notice>
      <section className="card">
        <Form method="post" className="stack" {...getFormProps(form)}>
          <FormErrors form={form} />
          <Notice>{replyFor("save")?.notice}</Notice>
          <TextField label="Title" field={fields.title} required />
          <TextField label="Symbol" field={fields.symbol} required />
          <SelectField
            label="Language"
            field={fields.language}
            options={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
          />
          <SelectField
            label="Stage"
            field={fields.stage}
            options={stageOptions}
            hint={
              <>
                Open amendments with a deadline, put a version under silence, record an adoption and publish on the{" "}
                <Link to={`/documents/${document.id}/lifecycle`}>Stage page</Link>. Every move is recorded in the audit log.
              </>
            }
          />
          <button type="submit" className="button button--primary" name="intent" value="save">
            Save settings
          </button>
        </Form>
      </section>
      {reopenings.length > 0 ? (
        <section className="card" aria-labelledby="reopen-title">
          <Form method="post" className="stack" {...getFormProps(reopenForm)}>
            <h2 id="reopen-title">Reopen the adopted text</h2>
            <FormErrors form={reopenForm} />
            <p className="muted small">Reopening returns the text to an earlier stage. The reason is recorded in the audit log.</p>
            <SelectField
              label="Return to"
              field={reopenFields.stage}
              options={reopenings.map((value) => ({ value, label: LABELS.stage[value] }))}
            />
            <TextField label="Reason" field={reopenFields.reason} required />
            <button type="submit" className="button button--danger" name="intent" value="reopen">
              Reopen
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
