import { LRUCache } from "lru-cache";
import { printPdf } from "./pdf";

// A published text never changes (docs/decisions/032), so its PDF is printed once and then
// served from memory: anonymous visitors asking again and again for a public PDF cannot fill the
// print queue. Concurrent requests for one text share one print (lru-cache's fetch coalesces
// them). Bounded by bytes and entries; the least recently asked-for PDF goes first.

const MAX_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 200;

interface Print {
  html: () => string;
  title: string;
}

const cache = new LRUCache<string, Buffer, Print>({
  max: MAX_ENTRIES,
  maxSize: MAX_BYTES,
  sizeCalculation: (pdf) => Math.max(1, pdf.length),
  fetchMethod: (_key, _stale, { context }) => printPdf(context.html(), context.title),
});

/**
 * The PDF of a published text, keyed by what makes it that text: its content hash and public
 * address. A failed print (busy, Chromium missing) is not cached.
 */
export async function publishedPdf(key: { contentHash: string; publicPath: string }, print: Print): Promise<Buffer> {
  const pdf = await cache.fetch(`${key.contentHash} ${key.publicPath}`, { context: print });
  if (!pdf) throw new Error("The PDF could not be printed.");
  return pdf;
}
