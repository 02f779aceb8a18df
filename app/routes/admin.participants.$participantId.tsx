import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LABELS, type DelegationRole, type Office } from "../../common/vocabulary";
import { FormError, SelectField, TextField } from "../components/forms";
import { formInput, loadOrThrow, requireActor, runIntent, type ActionErrors } from "../utils/domain.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.participant.name ?? "Participant"} · Plenary` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const participant = await loadOrThrow(() => context.services.getParticipantAdmin(actor, params.participantId ?? ""));
  if (!participant) throw new Response("Participant not found.", { status: 404 });
  return json({ participant });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const { intent, ...input } = await formInput(request);
  const participantId = params.participantId ?? "";
  const result = await runIntent(intent ?? "", {
    addUser: () => context.services.addUser(actor, { ...input, participantId }),
    saveParticipant: () => context.services.saveParticipant(actor, { ...input, participantId }),
  });
  if (!result.ok) return result.response;
  return redirect(`/admin/participants/${participantId}`);
}

export default function ParticipantAdmin() {
  const { participant } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionErrors>();
  const isDelegation = participant.kind !== "secretariat";
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
      <FormError error={actionData?.error} />
      <div className="grid-2">
        {isDelegation ? (
          <section className="card" aria-labelledby="edit-title">
            <h2 id="edit-title">Participant</h2>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="saveParticipant" />
              <SelectField
                label="Kind"
                name="kind"
                defaultValue={participant.kind}
                errors={actionData?.fieldErrors}
                options={[
                  { value: "state", label: "Participating state" },
                  { value: "observer", label: "Observer" },
                ]}
              />
              <TextField label="Name" name="name" defaultValue={participant.name} required errors={actionData?.fieldErrors} />
              <div className="grid-2 grid-2--tight">
                <TextField label="Short code" name="code" defaultValue={participant.code} required errors={actionData?.fieldErrors} />
                <TextField label="Colour" name="colour" type="color" defaultValue={participant.colour} errors={actionData?.fieldErrors} />
              </div>
              <button type="submit" className="button button--primary">
                Save participant
              </button>
            </Form>
          </section>
        ) : null}
        <section className="card" aria-labelledby="add-user-title">
          <h2 id="add-user-title">Add a user to {participant.code}</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="addUser" />
            <TextField label="Full name" name="name" required errors={actionData?.fieldErrors} />
            <TextField label="Email" name="email" type="email" required errors={actionData?.fieldErrors} />
            {isDelegation ? (
              <SelectField
                label="Delegation role"
                name="delegationRole"
                errors={actionData?.fieldErrors}
                options={[
                  { value: "delegate", label: "Delegate" },
                  { value: "head", label: "Head of delegation" },
                ]}
              />
            ) : null}
            <TextField
              label="Initial password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              hint="At least 12 characters. Share it with the user through a separate channel."
              errors={actionData?.fieldErrors}
            />
            <button type="submit" className="button button--primary">
              Add user
            </button>
          </Form>
        </section>
      </div>
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">Users ({participant.users.length})</h2>
        {participant.users.length === 0 ? (
          <p className="muted">No users yet.</p>
        ) : (
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
                    {user.delegationRole ? LABELS.delegationRole[user.delegationRole as DelegationRole] : "Secretariat officer"}
                    {user.office ? <span className="badge badge--office">{LABELS.office[user.office as Office]}</span> : null}
                  </td>
                  <td>{user.disabledAt ? <span className="badge badge--danger">Disabled</span> : <span className="badge">Active</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
