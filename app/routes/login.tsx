import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError, TextField } from "../components/forms";
import { formInput, runCommand, safeRedirect, type ActionErrors } from "../utils/domain.server";

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
  const input = await formInput(request);
  const result = await runCommand(() => context.services.signIn(input, context.clientIp));
  if (!result.ok) return result.response;
  const { token, expiresAt } = result.value;
  return redirect(safeRedirect(input.redirectTo), {
    headers: { "Set-Cookie": await context.sessionCookie.write(token, expiresAt) },
  });
}

export default function Login() {
  const actionData = useActionData<ActionErrors>();
  const [searchParams] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  return (
    <div className="login">
      <div className="card login__card">
        <p className="eyebrow">Plenary</p>
        <h1>Sign in</h1>
        <p className="muted">Drafting workspace of the Budapest Process.</p>
        <Form method="post" className="stack" noValidate>
          <FormError error={actionData?.error} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus errors={actionData?.fieldErrors} />
          <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={actionData?.fieldErrors} />
          <button type="submit" className="button button--primary" disabled={submitting}>
            {submitting ? "Signing in…" : "Sign in"}
          </button>
        </Form>
      </div>
    </div>
  );
}
