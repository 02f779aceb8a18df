import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "../utils/download.server";
import { loadOrThrow, requireActor } from "../utils/domain.server";

/** The compilation of amendments as a download: /documents/:id/compilation/export/{html,docx,pdf,akn}. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const file = await loadOrThrow(() =>
    context.services.exportCompilation(actor, { documentId: params.documentId ?? "", format: params.format ?? "" }),
  );
  return fileResponse(file);
}
