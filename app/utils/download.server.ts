import type { ExportFile } from "../../server/queries/exportFiles";

/** A download: the right content type, an attachment with an ASCII and a UTF-8 file name. */
export function fileResponse(file: ExportFile, options: { inline?: boolean; cache?: string } = {}) {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const disposition = `${options.inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`;
  const body = typeof file.body === "string" ? file.body : new Uint8Array(file.body);
  return new Response(body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": disposition,
      "Cache-Control": options.cache ?? "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
