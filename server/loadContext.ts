import type { Actor } from "./policies";
import type { Services } from "./services";
import type { SessionCookie } from "./http/sessionCookie";

/** What every Remix loader and action receives (built once in server/app.ts). */
export interface PlenaryLoadContext {
  services: Services;
  actor: Actor | null;
  sessionToken: string | undefined;
  sessionCookie: SessionCookie;
  clientIp: string;
  cspNonce: string;
  /** Reference id of this request, shown to the user with an unexpected error and logged with it. */
  requestId: string;
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends PlenaryLoadContext {}
}
