import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getFormProps, useForm } from "@conform-to/react";
import type { z } from "zod";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { signInInput } from "../utils/inputs.server";
import { FormErrors, TextField } from "../components/forms";
import { readForm, submitForm } from "../utils/forms.server";
import { safeRedirect } from "../utils/domain.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Plenary" }];

// Document responses keep only the headers a route passes on: forward Retry-After on 429.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.actor) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const redirectTo = formData.get("redirectTo");
  const result = await submitForm(formData, signInInput, (input) => context.services.signIn(input, context.clientIp), {
    hideFields: ["password"],
  });
  if (!result.ok) return result.response;
  const { token, expiresAt } = result.value;
  return redirect(safeRedirect(typeof redirectTo === "string" ? redirectTo : null), {
    headers: { "Set-Cookie": await context.sessionCookie.write(token, expiresAt) },
  });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof signInInput>>({ lastResult: actionData?.result, shouldRevalidate: "onInput" });
  const [searchParams] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  return (
    <div className="login">
      <div className="card login__card">
        <p className="eyebrow">Plenary</p>
        <h1>Sign in</h1>
        <p className="muted">Drafting workspace of the Budapest Process.</p>
        <Form method="post" className="stack" {...getFormProps(form)}>
          <FormErrors form={form} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <TextField label="Email" field={fields.email} type="email" autoComplete="username" required autoFocus />
          <TextField label="Password" field={fields.password} type="password" autoComplete="current-password" required />
          <button type="submit" className="button button--primary" disabled={submitting}>
            {submitting ? "Signing in…" : "Sign in"}
          </button>
        </Form>
      </div>
    </div>
  );
}
