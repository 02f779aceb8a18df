import type { NextFunction, Request, Response } from "express";

export const MAX_FORM_BYTES = 1024 * 1024;

/**
 * Every page posts an HTML form as application/x-www-form-urlencoded (Remix's default, with or
 * without JavaScript); nothing uploads files. Any other body (JSON, text, multipart) is refused
 * here with 415 instead of reaching a route whose `request.formData()` would throw a 500.
 * A route that one day accepts uploads adds its own parser and an exception here.
 */
const FORM_TYPE = "application/x-www-form-urlencoded";

export function checkRequestBodies(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const declaredLength = req.get("content-length");
  const length = Number(declaredLength ?? "0");
  if (length > MAX_FORM_BYTES) {
    res.status(413).type("text/plain").send("The submitted form is too large (limit 1 MiB).");
    return;
  }
  if (!declaredLength && req.get("transfer-encoding")) {
    res.status(411).type("text/plain").send("Send forms with a Content-Length.");
    return;
  }
  const type = (req.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  // An empty POST (a bare button) carries no body to parse.
  if (length === 0 && type === "") return next();
  if (type !== FORM_TYPE) {
    res.status(415).type("text/plain").send(`Send forms as ${FORM_TYPE}.`);
    return;
  }
  next();
}
