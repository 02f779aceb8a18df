import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { auditFilterInput } from "../utils/inputs.server";
import { parseParams, searchValues } from "../utils/params.server";

/** The filtered audit log as CSV (UTF-8 with BOM, for spreadsheets). */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const filter = parseParams(auditFilterInput, searchValues(request, ["participantId", "userId", "action", "from", "to"]));
  const csv = await loadOrThrow(() => context.services.exportAuditCsv(actor, filter));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="plenary-audit-${day}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
