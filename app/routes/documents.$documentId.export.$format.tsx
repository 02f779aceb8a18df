import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "../utils/download.server";
import { loadOrThrow, requireActor } from "../utils/domain.server";

/** Downloads of a document: /documents/:id/export/{html,docx,pdf,akn}[?version=<id>]. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const versionId = new URL(request.url).searchParams.get("version") ?? undefined;
  const file = await loadOrThrow(() =>
    context.services.exportDocument(actor, { documentId: params.documentId ?? "", format: params.format ?? "", versionId }),
  );
  return fileResponse(file);
}
