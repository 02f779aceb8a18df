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

/** For loaders: a domain error becomes the matching HTTP error page. */
export async function loadOrThrow<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (isDomainError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export async function formInput(request: Request): Promise<Record<string, string>> {
  const form = await request.formData();
  const input: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") input[key] = value;
  return input;
}

/**
 * Runs the command named by the form's `intent` field: a route with several buttons maps each
 * intent to one domain command. An unknown intent is a 400, never a silent no-op.
 */
export async function runIntent(intent: string, commands: Record<string, () => Promise<unknown>>) {
  const command = commands[intent];
  if (!command) return { ok: false as const, response: json<ActionErrors>({ error: "Unknown action.", fieldErrors: {} }, { status: 400 }) };
  return runCommand(command);
}
