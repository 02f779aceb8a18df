import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isDomainError } from "../utils/domain.server";

/**
 * A browser cannot read the status of a refused WebSocket upgrade, so after a failed connection
 * the editor asks here why (401, 403, 404) and stops retrying when access is denied.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const room = new URL(request.url).searchParams.get("room") ?? "";
  try {
    const access = await context.services.authorizeRoom(context.actor, room);
    return json({ ok: true, canWrite: access.canWrite });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return json({ ok: false, message: error.message }, { status: error.status === 422 ? 400 : error.status });
  }
}
