import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getFormProps, useForm } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { LABELS } from "../labels";
import { resetPasswordInput } from "../utils/inputs.server";
import { setUserDisabledInput } from "../utils/inputs.server";
import { updateUserInput } from "../utils/inputs.server";
import { ConfirmAction } from "../components/ConfirmAction";
import { FormErrors, Notice, SelectField, TextField } from "../components/forms";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { readForm, submitForm, unknownIntent } from "../utils/forms.server";
import { FIELD_LIMITS } from "../../common/limits";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} · Plenary` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const user = await loadOrThrow(() => context.services.getUserAdmin(actor, params.userId ?? ""));
  if (!user) throw new Response("User not found.", { status: 404 });
  return json({ user });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const options = { intent, params: { userId: params.userId } };
  if (intent === "updateUser") {
    const result = await submitForm(formData, updateUserInput, (input) => context.services.updateUser(actor, input), options);
    if (!result.ok) return result.response;
    return json(result.reply({ notice: `Saved ${result.value.name}.` }));
  }
  if (intent === "resetPassword") {
    const result = await submitForm(formData, resetPasswordInput, (input) => context.services.resetPassword(actor, input), {
      ...options,
      hideFields: ["password"],
    });
    if (!result.ok) return result.response;
    return json(
      result.reply({
        notice: "Password reset. The user's sessions were ended; share the new password through a separate channel.",
        resetForm: true,
      }),
    );
  }
  if (intent === "setUserDisabled") {
    const result = await submitForm(formData, setUserDisabledInput, (input) => context.services.setUserDisabled(actor, input), options);
    if (!result.ok) return result.response;
    return json(
      result.reply({
        notice: formData.get("disabled") === "true" ? "User disabled. Their sessions and open documents were closed." : "User enabled.",
      }),
    );
  }
  return unknownIntent(intent);
}

export default function UserAdmin() {
  const { user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const replyFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const [profileForm, profileFields] = useForm<z.input<typeof updateUserInput>>({
    id: "profile",
    lastResult: replyFor("updateUser")?.result,
    defaultValue: { name: user.name, delegationRole: user.delegationRole ?? "delegate" },
  });
  const [passwordForm, passwordFields] = useForm<z.input<typeof resetPasswordInput>>({
    id: "password",
    lastResult: replyFor("resetPassword")?.result,
  });
  const [accessForm] = useForm({ id: "access", lastResult: replyFor("setUserDisabled")?.result });
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
          {user.office ? <span className="badge badge--office">{LABELS.office[user.office]}</span> : null}
          {user.disabledAt ? <span className="badge badge--danger">Disabled</span> : null}
        </p>
      </div>
      <div className="grid-2">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <Form method="post" className="stack" {...getFormProps(profileForm)}>
            <FormErrors form={profileForm} />
            <input type="hidden" name="intent" value="updateUser" />
            <TextField label="Full name" field={profileFields.name} required maxLength={FIELD_LIMITS.name} />
            {isDelegation ? (
              <SelectField
                label="Delegation role"
                field={profileFields.delegationRole}
                options={[
                  { value: "delegate", label: "Delegate" },
                  { value: "head", label: "Head of delegation" },
                ]}
              />
            ) : null}
            <button type="submit" className="button button--primary">
              Save
            </button>
            <Notice>{replyFor("updateUser")?.notice}</Notice>
          </Form>
        </section>
        <div className="stack">
          <section className="card" aria-labelledby="password-title">
            <h2 id="password-title">Reset password</h2>
            <Form method="post" className="stack" {...getFormProps(passwordForm)}>
              <FormErrors form={passwordForm} />
              <input type="hidden" name="intent" value="resetPassword" />
              <TextField
                label="New password"
                field={passwordFields.password}
                type="password"
                autoComplete="new-password"
                required
                maxLength={FIELD_LIMITS.password}
                hint="At least 12 characters."
              />
              <button type="submit" className="button">
                Reset password
              </button>
              <Notice>{replyFor("resetPassword")?.notice}</Notice>
            </Form>
          </section>
          <section className="card" aria-labelledby="access-title">
            <h2 id="access-title">Access</h2>
            <p className="muted small">Disabling ends the user's sessions and closes their open documents at once.</p>
            <Form method="post" {...getFormProps(accessForm)}>
              <FormErrors form={accessForm} />
              <input type="hidden" name="intent" value="setUserDisabled" />
              <input type="hidden" name="disabled" value={user.disabledAt ? "false" : "true"} />
              {user.disabledAt ? (
                <button type="submit" className="button">
                  Enable user
                </button>
              ) : (
                <ConfirmAction
                  label="Disable user…"
                  question={`Disable ${user.name}? Their sessions end and their open documents close at once.`}
                  confirmLabel="Disable user"
                >
                  {(confirm) => confirm}
                </ConfirmAction>
              )}
              <Notice>{replyFor("setUserDisabled")?.notice}</Notice>
            </Form>
          </section>
        </div>
      </div>
    </div>
  );
}
