import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export async function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  if (context.sessionToken) await context.services.signOut(context.sessionToken);
  return redirect("/login", { headers: { "Set-Cookie": await context.sessionCookie.clear() } });
}
