import { isDomainError } from "../../server/domain/kernel/errors";

/** A public page: standalone HTML with no script, cacheable for a few minutes (it never changes). */
export function htmlResponse(html: string, status = 200) {
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": status === 200 ? "public, max-age=300" : "no-store" },
  });
}

/** Public pages have no app shell: a domain refusal (no text at this address) is plain text at its status. */
export async function plainRefusal(load: () => Promise<Response>): Promise<Response> {
  try {
    return await load();
  } catch (error) {
    if (isDomainError(error))
      return new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
}
