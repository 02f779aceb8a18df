import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "../utils/download.server";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { compilationExportInput } from "../utils/inputs.server";
import { parseParams } from "../utils/params.server";

/** The compilation of amendments as a download: /documents/:id/compilation/export/{html,docx,pdf,akn}. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const input = parseParams(compilationExportInput, params);
  const file = await loadOrThrow(() => context.services.exportCompilation(actor, input));
  return fileResponse(file);
}
