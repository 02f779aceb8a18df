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
  /**
   * HTML that a loader hands to the server render of this whole page (app/utils/pageHtml.tsx) rather
   * than through its data; null for a data request (client navigation, revalidation), whose loader
   * returns it in its data as usual. A long text's rendered body is then written into the page
   * once, not again as escaped JSON in the page's data (docs/decisions/132).
   */
  pageHtml: Map<string, string> | null;
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends PlenaryLoadContext {}
}
