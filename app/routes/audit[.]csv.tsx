import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadOrThrow, requireActor } from "../utils/domain.server";

/** The filtered audit log as CSV (UTF-8 with BOM, for spreadsheets). */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const url = new URL(request.url);
  const filter = Object.fromEntries(
    ["participantId", "userId", "action", "from", "to"].map((name) => [name, url.searchParams.get(name) ?? ""]),
  );
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
