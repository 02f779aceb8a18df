import type { LoaderFunctionArgs } from "@remix-run/node";
import { isDomainError } from "../../server/domain/kernel/errors";
import { renderDocumentHtml } from "../../server/exports/html";
import { htmlResponse } from "../utils/publicPage.server";

/** A published text at its stable address: the adopted version, its hash and adoption record. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    const text = await context.services.getPublishedText({ processSlug: params.process ?? "", slug: params.slug ?? "" });
    return htmlResponse(renderDocumentHtml(text));
  } catch (error) {
    if (isDomainError(error))
      return new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
}
