import type { Request, RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Our own origin as the browser sees it: scheme, host and port. The scheme comes from the
 * connection, or from X-Forwarded-Proto when `trust proxy` (TRUST_PROXY) says to believe it.
 */
export function ownOrigin(req: Pick<Request, "protocol" | "get">): string | null {
  const host = req.get("host");
  if (!host) return null;
  try {
    return new URL(`${req.protocol}://${host}`).origin;
  } catch {
    return null;
  }
}

/** True when an Origin header names exactly our origin (scheme, host and port). */
export function isSameOrigin(originHeader: string | undefined, req: Pick<Request, "protocol" | "get">): boolean {
  return isAllowedOrigin(originHeader, ownOrigin(req), []);
}

/**
 * The one origin rule, for HTTP and the collaboration WebSocket alike: the Origin header names
 * our own origin or one of the configured ALLOWED_ORIGINS, compared by scheme, host and port.
 */
export function isAllowedOrigin(originHeader: string | undefined, own: string | null, allowed: readonly string[]): boolean {
  if (!originHeader || originHeader === "null") return false;
  let origin: string;
  try {
    origin = new URL(originHeader).origin;
  } catch {
    return false;
  }
  return origin === own || allowed.includes(origin);
}

/**
 * CSRF protection by origin check: a browser always sends Origin (or at least Sec-Fetch-Site)
 * on a cross-site POST, so a mutating request whose origin is not ours is refused. The scheme
 * counts: https://host is another origin than http://host. Together with SameSite=Lax session
 * cookies this needs no token in every form.
 */
export function crossSiteRequestGuard(allowedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    if (origin !== undefined) return isAllowedOrigin(origin, ownOrigin(req), allowedOrigins) ? next() : refuse(res);
    if (req.get("sec-fetch-site") === "cross-site") return refuse(res);
    return next();
  };
}

export const rejectCrossSiteRequests: RequestHandler = crossSiteRequestGuard([]);

function refuse(res: Parameters<RequestHandler>[1]) {
  res.status(403).type("text/plain").send("Cross-site request refused. Reload the page and try again.");
}
