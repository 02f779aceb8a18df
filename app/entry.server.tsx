import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./utils/nonce";
import { PageHtmlContext } from "./utils/pageHtml";
import { logUnexpected } from "../server/http/errors";

const ABORT_DELAY = 5_000;

/**
 * Logs what Remix itself catches (rendering failures) under the request's reference id.
 * Loader and action failures were already logged and answered by server/http/errors.ts; a 4xx
 * (an unknown URL) is an answer, not an error.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error)) return;
  logUnexpected(context.requestId ?? "-", `${request.method} ${new URL(request.url).pathname}`, error);
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <PageHtmlContext.Provider value={loadContext.pageHtml ?? new Map()}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
        </PageHtmlContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        // Wait for everything: pages are documents, read by people and by crawlers alike.
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
