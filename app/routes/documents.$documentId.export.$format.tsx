import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "../utils/download.server";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { exportInput } from "../utils/inputs.server";
import { parseParams, searchValues } from "../utils/params.server";

/** Downloads of a document: /documents/:id/export/{html,docx,pdf,akn}[?version=<id>]. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const { version } = searchValues(request, ["version"]);
  const input = parseParams(exportInput, { ...params, versionId: version }, { versionId: "version" });
  const file = await loadOrThrow(() => context.services.exportDocument(actor, input));
  return fileResponse(file);
}
