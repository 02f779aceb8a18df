import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { isAllowedOrigin } from "../http/csrf";

/** Express's compiled `trust proxy` predicate (app.get("trust proxy fn")). */
export type TrustProxy = (address: string | undefined, hop: number) => boolean;

/**
 * Our own origin as the browser sees it on a WebSocket upgrade, by the rule Express applies to
 * HTTP requests (req.protocol): the connection's scheme, or X-Forwarded-Proto when the hop that
 * sent it is trusted.
 */
export function upgradeOwnOrigin(req: IncomingMessage, trustProxy: TrustProxy): string | null {
  const host = req.headers.host;
  if (!host) return null;
  let scheme = (req.socket as TLSSocket).encrypted ? "https" : "http";
  const forwarded = req.headers["x-forwarded-proto"];
  if (typeof forwarded === "string" && trustProxy(req.socket.remoteAddress, 0)) scheme = forwarded.split(",")[0]!.trim() || scheme;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Cross-site WebSocket hijacking: a browser sends the session cookie with an upgrade from any
 * page, so an upgrade from a page of another origin is refused, exactly as HTTP mutations are.
 * Browsers always send Origin on an upgrade; a client without one is not a browser page.
 */
export function upgradeOriginAllowed(req: IncomingMessage, allowedOrigins: readonly string[], trustProxy: TrustProxy): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers["sec-fetch-site"] !== "cross-site";
  return isAllowedOrigin(origin, upgradeOwnOrigin(req, trustProxy), allowedOrigins);
}
