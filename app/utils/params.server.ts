import type { z } from "zod";

/**
 * What a loader reads from its URL (path params and search params), parsed with the query's own
 * exported schema before the query runs. A bad value is a 400 that names the parameter and says
 * what is wrong with it, never a 500 and never a stack; the query then receives a typed input.
 * An empty search parameter counts as absent, as a form with an unchosen filter sends it.
 */
export function parseParams<Schema extends z.ZodTypeAny>(
  schema: Schema,
  values: Record<string, string | null | undefined>,
  /** How a field is called in the URL, where the schema names it otherwise ({ participantId: "state" }). */
  urlNames: Record<string, string> = {},
): z.output<Schema> {
  const present = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, value === "" || value === null ? undefined : value]),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    return name ? `Invalid "${urlNames[name] ?? name}" in the address: ${issue.message}` : issue.message;
  });
  throw new Response([...new Set(messages)].join(" "), {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** The named search parameters of a request (absent ones undefined), for parseParams. */
export function searchValues<Name extends string>(request: Request, names: readonly Name[]): Record<Name, string | undefined> {
  const search = new URL(request.url).searchParams;
  return Object.fromEntries(names.map((name) => [name, search.get(name) ?? undefined])) as Record<Name, string | undefined>;
}
