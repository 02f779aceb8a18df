import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LABELS, type ParticipantKind } from "../../common/vocabulary";
import { FormError, SelectField, TextField } from "../components/forms";
import { formInput, loadOrThrow, requireActor, runIntent, type ActionErrors } from "../utils/domain.server";

export const meta: MetaFunction = () => [{ title: "Participants & users · Plenary" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json(await loadOrThrow(() => context.services.getParticipantsAdmin(actor)));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const { intent, ...input } = await formInput(request);
  const result = await runIntent(intent ?? "", {
    assignOffice: () => context.services.assignOffice(actor, input),
    saveParticipant: () => context.services.saveParticipant(actor, input),
  });
  if (!result.ok) return result.response;
  const participant = result.value as { id: string } | undefined;
  return participant ? redirect(`/admin/participants/${participant.id}`) : json({ ok: true });
}

export default function ParticipantsAdmin() {
  const { participants, stateMembers } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionErrors | { ok: true }>();
  const errors = actionData && "error" in actionData ? actionData : undefined;
  const chairHolder = stateMembers.find((member) => member.office === "chair")?.id ?? "";
  const coChairHolder = stateMembers.find((member) => member.office === "co_chair")?.id ?? "";
  const memberOptions = [{ value: "", label: "— Vacant —" }, ...stateMembers.map((member) => ({ value: member.id, label: member.label }))];
  return (
    <div className="stack stack--lg">
      <div>
        <p className="eyebrow">Secretariat</p>
        <h1>Participants &amp; users</h1>
      </div>
      <FormError error={errors?.error} />
      <div className="grid-2">
        <section className="card" aria-labelledby="offices-title">
          <h2 id="offices-title">Offices</h2>
          <p className="muted small">The chair and co-chair are held by members of participating states.</p>
          {(["chair", "co_chair"] as const).map((office) => (
            <Form method="post" className="inline-form" key={office}>
              <input type="hidden" name="intent" value="assignOffice" />
              <input type="hidden" name="office" value={office} />
              <SelectField
                label={LABELS.office[office]}
                name="userId"
                options={memberOptions}
                defaultValue={office === "chair" ? chairHolder : coChairHolder}
              />
              <button type="submit" className="button">
                Assign {LABELS.office[office].toLowerCase()}
              </button>
            </Form>
          ))}
        </section>
        <section className="card" aria-labelledby="add-participant-title">
          <h2 id="add-participant-title">Add a participant</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="saveParticipant" />
            <SelectField
              label="Kind"
              name="kind"
              errors={errors?.fieldErrors}
              options={[
                { value: "state", label: "Participating state" },
                { value: "observer", label: "Observer (international organisation or observer state)" },
              ]}
            />
            <TextField label="Name" name="name" required errors={errors?.fieldErrors} />
            <div className="grid-2 grid-2--tight">
              <TextField label="Short code" name="code" required hint="e.g. PAK or UNHCR" errors={errors?.fieldErrors} />
              <TextField label="Colour" name="colour" type="color" defaultValue="#1f6feb" errors={errors?.fieldErrors} />
            </div>
            <button type="submit" className="button button--primary">
              Add participant
            </button>
          </Form>
        </section>
      </div>
      <section className="card" aria-labelledby="participants-title">
        <h2 id="participants-title">All participants ({participants.length})</h2>
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
                <td>{LABELS.participantKind[participant.kind as ParticipantKind]}</td>
                <td className="mono">{participant.code}</td>
                <td>{participant.users.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
