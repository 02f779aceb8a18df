import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { PlenaryLoadContext } from "../loadContext";

/** Renders of the sign-in page before the server listens. */
const WARM_RENDERS = 8;

/**
 * Renders the sign-in page a few times before the server takes its first request. In a fresh process
 * the first page rendered compiled React's server renderer on the event loop: the first document
 * page after a start held the loop 35-40 ms in React, against 8 ms for the same page again
 * (docs/decisions/171). The sign-in page runs the same renderer and reads nothing but the absent
 * session, so rendering it writes nothing and needs no data.
 */
export async function warmRenderer(build: ServerBuild, context: Pick<PlenaryLoadContext, "services" | "sessionCookie">): Promise<number[]> {
  const handle = createRequestHandler(build, "production");
  const statuses: number[] = [];
  for (let render = 0; render < WARM_RENDERS; render++) {
    const response = await handle(new Request("http://localhost/login"), {
      ...context,
      actor: null,
      sessionToken: undefined,
      requestId: "warm-up",
      clientIp: "127.0.0.1",
      cspNonce: "warm-up",
      pageHtml: new Map(),
    } satisfies PlenaryLoadContext);
    await response.text();
    statuses.push(response.status);
  }
  // Not a reason to refuse to start: the first pages are only slower.
  if (statuses.some((status) => status !== 200)) console.error(`warming the renderer: the sign-in page answered ${statuses.join(", ")}`);
  return statuses;
}
