import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LABELS, type Office } from "../../common/vocabulary";
import { FormError, SelectField, TextField } from "../components/forms";
import { formInput, loadOrThrow, requireActor, runIntent, type ActionErrors } from "../utils/domain.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} · Plenary` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const user = await loadOrThrow(() => context.services.getUserAdmin(actor, params.userId ?? ""));
  if (!user) throw new Response("User not found.", { status: 404 });
  return json({ user });
}

const MESSAGES: Record<string, string> = {
  updateUser: "User saved.",
  setUserDisabled: "Status changed.",
  resetPassword: "Password reset. The user's sessions were ended.",
};

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const { intent = "", ...fields } = await formInput(request);
  const input = { ...fields, userId: params.userId ?? "" };
  const result = await runIntent(intent, {
    updateUser: () => context.services.updateUser(actor, input),
    setUserDisabled: () => context.services.setUserDisabled(actor, input),
    resetPassword: () => context.services.resetPassword(actor, input),
  });
  if (!result.ok) return result.response;
  return json({ notice: MESSAGES[intent]! });
}

export default function UserAdmin() {
  const { user } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionErrors | { notice: string }>();
  const errors = actionData && "error" in actionData ? actionData : undefined;
  const notice = actionData && "notice" in actionData ? actionData.notice : undefined;
  const isDelegation = user.participant.kind !== "secretariat";
  return (
    <div className="stack stack--lg">
      <div>
        <p className="eyebrow">
          <Link to={`/admin/participants/${user.participant.id}`}>{user.participant.name}</Link>
        </p>
        <h1>{user.name}</h1>
        <p className="muted">
          {user.email}
          {user.office ? <span className="badge badge--office">{LABELS.office[user.office as Office]}</span> : null}
          {user.disabledAt ? <span className="badge badge--danger">Disabled</span> : null}
        </p>
      </div>
      <FormError error={errors?.error} />
      {notice ? (
        <div className="alert alert--success" role="status">
          {notice}
        </div>
      ) : null}
      <div className="grid-2">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="updateUser" />
            <TextField label="Full name" name="name" defaultValue={user.name} required errors={errors?.fieldErrors} />
            {isDelegation ? (
              <SelectField
                label="Delegation role"
                name="delegationRole"
                defaultValue={user.delegationRole ?? "delegate"}
                errors={errors?.fieldErrors}
                options={[
                  { value: "delegate", label: "Delegate" },
                  { value: "head", label: "Head of delegation" },
                ]}
              />
            ) : null}
            <button type="submit" className="button button--primary">
              Save
            </button>
          </Form>
        </section>
        <div className="stack">
          <section className="card" aria-labelledby="password-title">
            <h2 id="password-title">Reset password</h2>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="resetPassword" />
              <TextField label="New password" name="password" type="password" autoComplete="new-password" required errors={errors?.fieldErrors} />
              <button type="submit" className="button">
                Reset password
              </button>
            </Form>
          </section>
          <section className="card" aria-labelledby="access-title">
            <h2 id="access-title">Access</h2>
            <p className="muted small">Disabling ends the user's sessions and closes their open documents at once.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="setUserDisabled" />
              <input type="hidden" name="disabled" value={user.disabledAt ? "false" : "true"} />
              <button type="submit" className={user.disabledAt ? "button" : "button button--danger"}>
                {user.disabledAt ? "Enable user" : "Disable user"}
              </button>
            </Form>
          </section>
        </div>
      </div>
    </div>
  );
}
