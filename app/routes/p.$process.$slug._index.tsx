import type { LoaderFunctionArgs } from "@remix-run/node";
import { htmlResponse, plainRefusal } from "../utils/publicPage.server";

/** A published text at its stable address: the adopted version, its hash and adoption record. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  return plainRefusal(async () =>
    htmlResponse(await context.services.renderPublishedPage({ processSlug: params.process ?? "", slug: params.slug ?? "" })),
  );
}
