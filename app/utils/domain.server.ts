import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { isDomainError } from "../../server/domain/kernel/errors";

// Routes catch domain refusals through this .server module, which keeps server code out of the browser bundle.
export { isDomainError };
import type { Actor } from "../../server/policies";

/** The signed-in actor, or a redirect to the sign-in page that comes back here afterwards. */
export function requireActor(context: AppLoadContext, request: Request): Actor {
  if (context.actor) return context.actor;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
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
