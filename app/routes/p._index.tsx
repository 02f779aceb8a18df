import type { LoaderFunctionArgs } from "@remix-run/node";
import { htmlResponse } from "../utils/publicPage.server";

/** The public index of published texts: readable without signing in, works without JavaScript. */
export async function loader({ context }: LoaderFunctionArgs) {
  return htmlResponse(await context.services.renderPublicationsIndex());
}
