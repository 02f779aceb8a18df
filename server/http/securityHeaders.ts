import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import helmet from "helmet";

/** A fresh nonce per response, for the inline scripts Remix renders (see entry.server). */
export const assignCspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
};

export function securityHeaders(secure: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
        // 'self' covers same-host WebSockets in current browsers; the explicit entries cover the rest.
        "connect-src": ["'self'", (req) => `ws://${req.headers.host} wss://${req.headers.host}`],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "upgrade-insecure-requests": null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // Helmet's "no-referrer" makes a browser send `Origin: null` with a plain form post, which the
    // origin check (csrf.ts) must refuse: every form failed before JavaScript loaded. "same-origin"
    // still gives other sites nothing, and our own posts carry our origin.
    referrerPolicy: { policy: "same-origin" },
    // HSTS only where the app is served over HTTPS; on plain-HTTP localhost it would stick.
    strictTransportSecurity: secure,
  });
}
