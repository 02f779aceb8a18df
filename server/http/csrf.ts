import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF protection by origin check: a browser always sends Origin (or at least Sec-Fetch-Site)
 * on a cross-site POST, so a mutating request whose origin is not ours is refused. Together
 * with SameSite=Lax session cookies this needs no token in every form.
 */
export const rejectCrossSiteRequests: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.get("origin");
  const host = req.get("host");
  if (origin && origin !== "null") {
    try {
      if (new URL(origin).host === host) return next();
    } catch {
      // fall through to the refusal: an unparseable Origin is not ours
    }
    return refuse(res);
  }
  if (origin === "null" || req.get("sec-fetch-site") === "cross-site") return refuse(res);
  return next();
};

function refuse(res: Parameters<RequestHandler>[1]) {
  res.status(403).type("text/plain").send("Cross-site request refused. Reload the page and try again.");
}
