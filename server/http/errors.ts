import { randomBytes } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { isDomainError } from "../domain/kernel/errors";

/**
 * What a client is told about a failure it did not cause: a plain message and a reference id.
 * The server log holds the detail (stack, SQL, paths) under the same id, so a user can report
 * the id and the operator can find the cause, and nothing internal ever reaches a browser.
 */
export const UNEXPECTED_MESSAGE = "Something went wrong on our side. The error has been logged.";

export type UnexpectedErrorBody = { message: string; reference: string };

export function newReference(): string {
  return randomBytes(5).toString("hex").toUpperCase();
}

/** Every request gets a reference id up front, so every log line about it can carry it. */
export const assignRequestReference: RequestHandler = (_req, res, next) => {
  res.locals.requestId = newReference();
  next();
};

export function logUnexpected(reference: string, where: string, error: unknown) {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  console.error(`[error ${reference}] ${where}\n${detail}`);
}

/** The last Express handler: anything thrown outside Remix (middleware, live events). */
export const handleUnexpectedError: ErrorRequestHandler = (error, req, res, _next) => {
  const reference = (res.locals.requestId as string | undefined) ?? newReference();
  logUnexpected(reference, `${req.method} ${req.originalUrl}`, error);
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(500).type("text/plain").send(`${UNEXPECTED_MESSAGE} Reference: ${reference}`);
};

type RouteFunction = (args: { request: Request; context: { requestId?: string } }) => unknown;

/**
 * Wraps every route's loader and action so that whatever escapes them is answered the same way:
 * a domain error becomes its status and message (a route that forgot `loadOrThrow` still says
 * "Not found" rather than 500), anything else is logged with the request's reference and answered
 * with a 500 carrying `{ message, reference }` for the error page. Remix's own sanitising (in
 * production) would drop the stack too, but also the reference.
 */
export function withErrorReferences(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module } as Record<string, unknown>;
    for (const name of ["loader", "action"] as const) {
      const original = module[name] as RouteFunction | undefined;
      if (original) module[name] = guarded(original, `${name} of ${id}`);
    }
    routes[id] = { ...route, module: module as unknown as typeof route.module };
  }
  return { ...build, routes };
}

function guarded(original: RouteFunction, where: string): RouteFunction {
  return async (args) => {
    try {
      return await original(args);
    } catch (error) {
      // Responses (redirects, 404s thrown on purpose) pass through untouched.
      if (error instanceof Response) throw error;
      if (isDomainError(error))
        throw new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      const reference = args.context.requestId ?? newReference();
      logUnexpected(reference, `${args.request.method} ${new URL(args.request.url).pathname} (${where})`, error);
      throw Response.json({ message: UNEXPECTED_MESSAGE, reference } satisfies UnexpectedErrorBody, { status: 500 });
    }
  };
}
