/** A public page: standalone HTML with no script, cacheable for a few minutes (it never changes). */
export function htmlResponse(html: string, status = 200) {
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": status === 200 ? "public, max-age=300" : "no-store" },
  });
}
