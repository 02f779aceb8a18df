import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "../utils/download.server";
import { loadOrThrow } from "../utils/domain.server";

/** Downloads of a published text, for anyone: /p/:process/:slug/{html,docx,pdf,akn}. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  const file = await loadOrThrow(() =>
    context.services.exportPublished({ processSlug: params.process ?? "", slug: params.slug ?? "", format: params.format ?? "" }),
  );
  return fileResponse(file, { cache: "public, max-age=300" });
}
