import type { LoaderFunctionArgs } from "@remix-run/node";
import { htmlResponse, plainRefusal } from "../utils/publicPage.server";
import { publishedTextInput } from "../utils/inputs.server";
import { parseParams } from "../utils/params.server";

/** A published text at its stable address: the adopted version, its hash and adoption record. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  const input = parseParams(
    publishedTextInput,
    { processSlug: params.process, slug: params.slug },
    { processSlug: "process", slug: "text" },
  );
  return plainRefusal(async () => htmlResponse(await context.services.renderPublishedPage(input)));
}
