import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getFormProps, useForm } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { LABELS } from "../labels";
import { addUserInput } from "../utils/inputs.server";
import { participantInput, timeZoneInput } from "../utils/inputs.server";
import { FormErrors, Notice, PALETTE_OPTIONS, SelectField, TextField } from "../components/forms";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { readForm, submitForm, unknownIntent } from "../utils/forms.server";
import { FIELD_LIMITS } from "../../common/limits";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.participant.name ?? "Participant"} · Plenary` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const participant = await loadOrThrow(() => context.services.getParticipantAdmin(actor, params.participantId ?? ""));
  if (!participant) throw new Response("Participant not found.", { status: 404 });
  // Suggestions for the time-zone field (the server validates whatever is typed).
  return json({ participant, timeZones: ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")] });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const participantId = params.participantId ?? "";
  if (intent === "addUser") {
    // The password is never sent back, and a successful add clears the form (no double submit).
    const result = await submitForm(formData, addUserInput, (input) => context.services.addUser(actor, input), {
      intent,
      params: { participantId },
      hideFields: ["password"],
    });
    if (!result.ok) return result.response;
    return json(
      result.reply({
        notice: `Added ${result.value.name} (${result.value.email}). Share the password through a separate channel.`,
        resetForm: true,
      }),
    );
  }
  if (intent === "saveParticipant") {
    const result = await submitForm(formData, participantInput, (input) => context.services.saveParticipant(actor, input), {
      intent,
      params: { participantId },
    });
    if (!result.ok) return result.response;
    return json(result.reply({ notice: `Saved ${result.value.name}.` }));
  }
  if (intent === "setTimeZone") {
    const result = await submitForm(formData, timeZoneInput, (input) => context.services.setParticipantTimeZone(actor, input), {
      intent,
      params: { participantId },
    });
    if (!result.ok) return result.response;
    return json(result.reply({ notice: `${result.value.name} now reads and enters deadlines in ${result.value.timeZone}.` }));
  }
  return unknownIntent(intent);
}

export default function ParticipantAdmin() {
  const { participant, timeZones } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const isDelegation = participant.kind !== "secretariat";
  const [editForm, editFields] = useForm<z.input<typeof participantInput>>({
    id: "edit-participant",
    lastResult: actionData?.intent === "saveParticipant" ? actionData.result : undefined,
    defaultValue: { kind: participant.kind, name: participant.name, code: participant.code, colour: participant.colour },
  });
  const [zoneForm, zoneFields] = useForm<z.input<typeof timeZoneInput>>({
    id: "time-zone",
    lastResult: actionData?.intent === "setTimeZone" ? actionData.result : undefined,
    defaultValue: { timeZone: participant.timeZone },
  });
  const [userForm, userFields] = useForm<z.input<typeof addUserInput>>({
    id: "add-user",
    lastResult: actionData?.intent === "addUser" ? actionData.result : undefined,
    defaultValue: { delegationRole: "delegate" },
  });
  const colourOptions = PALETTE_OPTIONS.some((option) => option.value === participant.colour)
    ? PALETTE_OPTIONS
    : [{ value: participant.colour, label: `Current (${participant.colour})` }, ...PALETTE_OPTIONS];
  return (
    <div className="stack stack--lg">
      <div>
        <p className="eyebrow">
          <Link to="/admin/participants">Participants &amp; users</Link>
        </p>
        <h1>
          <span className="participant-dot participant-dot--lg" style={{ background: participant.colour }} aria-hidden="true" />
          {participant.name}
        </h1>
      </div>
      {searchParams.get("added") ? <Notice>Added {participant.name}. Add its users below.</Notice> : null}
      <div className="grid-2">
        {isDelegation ? (
          <section className="card" aria-labelledby="edit-title">
            <h2 id="edit-title">Participant</h2>
            <Form method="post" className="stack" {...getFormProps(editForm)}>
              <FormErrors form={editForm} />
              <input type="hidden" name="intent" value="saveParticipant" />
              <SelectField
                label="Kind"
                field={editFields.kind}
                options={[
                  { value: "state", label: "Participating state" },
                  { value: "observer", label: "Observer" },
                ]}
              />
              <TextField label="Name" field={editFields.name} required maxLength={FIELD_LIMITS.name} />
              <div className="grid-2 grid-2--tight">
                <TextField label="Short code" field={editFields.code} required />
                <SelectField label="Colour" field={editFields.colour} options={colourOptions} />
              </div>
              <button type="submit" className="button button--primary">
                Save participant
              </button>
              <Notice>{actionData?.intent === "saveParticipant" ? actionData.notice : undefined}</Notice>
            </Form>
          </section>
        ) : null}
        <section className="card" aria-labelledby="add-user-title">
          <h2 id="add-user-title">Add a user to {participant.code}</h2>
          <Form method="post" className="stack" {...getFormProps(userForm)}>
            <FormErrors form={userForm} />
            <input type="hidden" name="intent" value="addUser" />
            <TextField label="Full name" field={userFields.name} required maxLength={FIELD_LIMITS.name} />
            <TextField label="Email" field={userFields.email} type="email" required maxLength={FIELD_LIMITS.email} />
            {isDelegation ? (
              <SelectField
                label="Delegation role"
                field={userFields.delegationRole}
                options={[
                  { value: "delegate", label: "Delegate" },
                  { value: "head", label: "Head of delegation" },
                ]}
              />
            ) : null}
            <TextField
              label="Initial password"
              field={userFields.password}
              type="password"
              autoComplete="new-password"
              required
              maxLength={FIELD_LIMITS.password}
              hint="At least 12 characters. Share it with the user through a separate channel."
            />
            <button type="submit" className="button button--primary">
              Add user
            </button>
            <Notice>{actionData?.intent === "addUser" ? actionData.notice : undefined}</Notice>
          </Form>
        </section>
      </div>
      <section className="card" aria-labelledby="time-zone-title">
        <h2 id="time-zone-title">Time zone</h2>
        <Form method="post" className="inline-form" {...getFormProps(zoneForm)}>
          <FormErrors form={zoneForm} />
          <input type="hidden" name="intent" value="setTimeZone" />
          <TextField
            label="Time zone (IANA name)"
            field={zoneFields.timeZone}
            required
            maxLength={FIELD_LIMITS.timeZone}
            list="time-zones"
            autoComplete="off"
            hint="For example Europe/Vienna or Asia/Karachi. Its users read and enter deadlines in this zone, with UTC beside it."
          />
          <datalist id="time-zones">
            {timeZones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <button type="submit" className="button button--primary">
            Save time zone
          </button>
          <Notice>{actionData?.intent === "setTimeZone" ? actionData.notice : undefined}</Notice>
        </Form>
      </section>
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">Users ({participant.users.length})</h2>
        {participant.users.length === 0 ? (
          <p className="muted">No users yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {participant.users.map((user) => (
                  <tr key={user.id}>
                    <td>
                      <Link to={`/admin/users/${user.id}`}>{user.name}</Link>
                    </td>
                    <td>{user.email}</td>
                    <td>
                      {user.delegationRole ? LABELS.delegationRole[user.delegationRole] : "Secretariat officer"}
                      {user.office ? <span className="badge badge--office">{LABELS.office[user.office]}</span> : null}
                    </td>
                    <td>
                      {user.disabledAt ? <span className="badge badge--danger">Disabled</span> : <span className="badge">Active</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
