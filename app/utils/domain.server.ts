import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { isDomainError } from "../../server/domain/kernel/errors";
import type { Actor } from "../../server/policies";

/** The signed-in actor, or a redirect to the sign-in page that comes back here afterwards. */
export function requireActor(context: AppLoadContext, request: Request): Actor {
  if (context.actor) return context.actor;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export type ActionErrors = { error: string; fieldErrors: Record<string, string> };

/**
 * Runs a domain command for an action. Domain errors become a clear message with the right
 * status, so the form re-renders with what the user typed; anything else is a real failure.
 */
export async function runCommand<T>(command: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await command() };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    const headers: HeadersInit = retryAfter ? { "Retry-After": String(retryAfter) } : {};
    return {
      ok: false,
      response: json<ActionErrors>({ error: error.message, fieldErrors: error.fieldErrors }, { status: error.status, headers }),
    };
  }
}

/**
 * For loaders: a domain error becomes the matching HTTP error page. A loader has no form to
 * re-render, so an invalid query (422 for a form) is a plain 400 Bad Request.
 */
export async function loadOrThrow<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (isDomainError(error)) throw new Response(error.message, { status: error.status === 422 ? 400 : error.status });
    throw error;
  }
}

/** The posted form's text fields. A body that is not a readable form is a 400, not a 500. */
export async function formInput(request: Request): Promise<Record<string, string>> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response("The form could not be read. Reload the page and try again.", { status: 400 });
  }
  const entries: [string, string][] = [];
  for (const [key, value] of form) if (typeof value === "string") entries.push([key, value]);
  // fromEntries defines own properties, so a field named "__proto__" is just a field.
  return Object.fromEntries(entries);
}

/**
 * Runs the command named by the form's `intent` field: a route with several buttons maps each
 * intent to one domain command. An unknown intent is a 400, never a silent no-op.
 */
export async function runIntent(intent: string, commands: Record<string, () => Promise<unknown>>) {
  // Own properties only: "constructor", "valueOf" or "__proto__" name no command.
  const command = Object.hasOwn(commands, intent) ? commands[intent] : undefined;
  if (typeof command !== "function") return { ok: false as const, response: json<ActionErrors>({ error: "Unknown action.", fieldErrors: {} }, { status: 400 }) };
  return runCommand(command);
}

/**
 * Where to go after signing in: a path on this site only. The target is resolved against our
 * own origin the way a browser would (backslashes, tabs and newlines included), and accepted only
 * if it stays on that origin; anything else goes home.
 */
export function safeRedirect(target: string | null | undefined, fallback = "/"): string {
  if (!target || !target.startsWith("/")) return fallback;
  const origin = "http://plenary.invalid";
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  return url.pathname + url.search + url.hash;
}
