import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "../utils/download.server";
import { loadOrThrow } from "../utils/domain.server";
import { publishedExportInput } from "../utils/inputs.server";
import { parseParams } from "../utils/params.server";

const ADDRESS = { processSlug: "process", slug: "text" };

/** Downloads of a published text, for anyone: /p/:process/:slug/{html,docx,pdf,akn}. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  const input = parseParams(publishedExportInput, { processSlug: params.process, slug: params.slug, format: params.format }, ADDRESS);
  const file = await loadOrThrow(() => context.services.exportPublished(input));
  return fileResponse(file, { cache: "public, max-age=300" });
}
