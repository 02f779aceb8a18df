import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { getFormProps, useForm } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { LABELS } from "../labels";
import { assignOfficeInput } from "../utils/inputs.server";
import { participantInput } from "../utils/inputs.server";
import { FormErrors, Notice, PALETTE_OPTIONS, SelectField, TextField } from "../components/forms";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { readForm, submitForm, unknownIntent } from "../utils/forms.server";
import { FIELD_LIMITS } from "../../common/limits";

export const meta: MetaFunction = () => [{ title: "Participants & users · Plenary" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json(await loadOrThrow(() => context.services.getParticipantsAdmin(actor)));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent === "saveParticipant") {
    const result = await submitForm(formData, participantInput, (input) => context.services.saveParticipant(actor, input), { intent });
    if (!result.ok) return result.response;
    return redirect(`/admin/participants/${result.value.id}?added=1`);
  }
  if (intent === "assignOffice") {
    const result = await submitForm(formData, assignOfficeInput, (input) => context.services.assignOffice(actor, input), { intent });
    if (!result.ok) return result.response;
    const { office, holder } = result.value;
    const title = LABELS.office[office];
    return json(
      result.reply({
        notice: holder ? `${title}: ${holder.name} (${holder.participant}).` : `The office of ${title.toLowerCase()} is now vacant.`,
      }),
    );
  }
  return unknownIntent(intent);
}

export default function ParticipantsAdmin() {
  const { participants, stateMembers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const chairHolder = stateMembers.find((member) => member.office === "chair")?.id ?? "";
  const coChairHolder = stateMembers.find((member) => member.office === "co_chair")?.id ?? "";
  const memberOptions = [{ value: "", label: "— Vacant —" }, ...stateMembers.map((member) => ({ value: member.id, label: member.label }))];
  const [addForm, addFields] = useForm<z.input<typeof participantInput>>({
    id: "add-participant",
    lastResult: actionData?.intent === "saveParticipant" ? actionData.result : undefined,
    defaultValue: { kind: "state" },
  });
  return (
    <div className="stack stack--lg">
      <div>
        <p className="eyebrow">Secretariat</p>
        <h1>Participants &amp; users</h1>
      </div>
      <div className="grid-2">
        <section className="card" aria-labelledby="offices-title">
          <h2 id="offices-title">Offices</h2>
          <p className="muted small">The chair and co-chair are held by members of participating states.</p>
          {(["chair", "co_chair"] as const).map((office) => (
            <OfficeForm
              key={office}
              office={office}
              holder={office === "chair" ? chairHolder : coChairHolder}
              options={memberOptions}
              lastResult={
                actionData?.intent === "assignOffice" && actionData.result.initialValue?.office === office ? actionData : undefined
              }
            />
          ))}
        </section>
        <section className="card" aria-labelledby="add-participant-title">
          <h2 id="add-participant-title">Add a participant</h2>
          <Form method="post" className="stack" {...getFormProps(addForm)}>
            <FormErrors form={addForm} />
            <input type="hidden" name="intent" value="saveParticipant" />
            <SelectField
              label="Kind"
              field={addFields.kind}
              options={[
                { value: "state", label: "Participating state" },
                { value: "observer", label: "Observer (international organisation or observer state)" },
              ]}
            />
            <TextField label="Name" field={addFields.name} required maxLength={FIELD_LIMITS.name} />
            <div className="grid-2 grid-2--tight">
              <TextField label="Short code" field={addFields.code} required hint="e.g. PAK or UNHCR" />
              <SelectField
                label="Colour"
                field={addFields.colour}
                options={[{ value: "", label: "Least used (automatic)" }, ...PALETTE_OPTIONS]}
                hint="From a palette that stays distinct for colour-blind readers."
              />
            </div>
            <button type="submit" className="button button--primary">
              Add participant
            </button>
          </Form>
        </section>
      </div>
      <section className="card" aria-labelledby="participants-title">
        <h2 id="participants-title">All participants ({participants.length})</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Kind</th>
                <th scope="col">Code</th>
                <th scope="col">Users</th>
              </tr>
            </thead>
            <tbody>
              {participants.map((participant) => (
                <tr key={participant.id}>
                  <td>
                    <span className="participant-dot" style={{ background: participant.colour }} aria-hidden="true" />
                    <Link to={`/admin/participants/${participant.id}`}>{participant.name}</Link>
                  </td>
                  <td>{LABELS.participantKind[participant.kind]}</td>
                  <td className="mono">{participant.code}</td>
                  <td>{participant.users.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

type Reply = NonNullable<ReturnType<typeof useActionData<typeof action>>>;

function OfficeForm({
  office,
  holder,
  options,
  lastResult,
}: {
  office: "chair" | "co_chair";
  holder: string;
  options: { value: string; label: string }[];
  lastResult?: Reply;
}) {
  const [form, fields] = useForm<z.input<typeof assignOfficeInput>>({
    id: `office-${office}`,
    lastResult: lastResult?.result,
    defaultValue: { office, userId: holder },
  });
  return (
    <Form method="post" className="stack office-form" {...getFormProps(form)}>
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="assignOffice" />
      <input type="hidden" name="office" value={office} />
      <div className="inline-form">
        <SelectField label={LABELS.office[office]} field={fields.userId} options={options} />
        <button type="submit" className="button">
          Assign {LABELS.office[office].toLowerCase()}
        </button>
      </div>
      <Notice>{lastResult?.notice}</Notice>
    </Form>
  );
}
