import type { Browser } from "playwright-core";

// The PDF is the public page printed by headless Chromium: the same HTML, laid out by a real
// browser (Arabic right to left, Cyrillic, Latin), with Debian's Noto fonts embedded.
// scripts/ensure-chromium.sh installs Chromium and fonts-noto-core where they are missing.

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Prints wait in line; past this many the request is refused rather than piling up. */
const MAX_QUEUED = 8;
const PRINT_TIMEOUT_MS = 30_000;

let browser: Promise<Browser> | null = null;
let queue: Promise<unknown> = Promise.resolve();
let queued = 0;
let printed = 0;

/** How many PDFs this process has printed (a cache hit prints none). */
export const pdfsPrinted = () => printed;

export class PdfUnavailable extends Error {}
export class PdfBusy extends Error {}

function launch() {
  // Loaded on the first print, not at start-up: playwright-core is ~0.3 s of the main thread's CPU
  // to load, and most servers never print (docs/decisions/152).
  browser ??= import("playwright-core")
    .then(({ chromium }) => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }))
    .catch((error: unknown) => {
      browser = null;
      throw new PdfUnavailable(`Chromium could not start (${error instanceof Error ? error.message.split("\n")[0] : "unknown error"}).`);
    });
  return browser;
}

/** Prints standalone HTML to an A4 PDF. One print at a time; no scripts, no network. */
export function printPdf(html: string, title: string): Promise<Buffer> {
  if (queued >= MAX_QUEUED) return Promise.reject(new PdfBusy("Too many PDF exports at once. Try again in a minute."));
  queued += 1;
  const job = queue.then(async () => {
    const instance = await launch();
    const context = await instance.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(PRINT_TIMEOUT_MS);
      await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
      await page.setContent(html, { waitUntil: "load" });
      const pdf = await page.pdf({
        format: "A4",
        printBackground: true,
        margin: { top: "2cm", bottom: "2cm", left: "2cm", right: "2cm" },
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;font-family:'Noto Sans',sans-serif">${title.replace(/[<>&"]/g, "")} · <span class="pageNumber"></span>/<span class="totalPages"></span></div>`,
      });
      printed += 1;
      return pdf;
    } finally {
      await context.close();
    }
  });
  queue = job.catch(() => undefined).finally(() => (queued -= 1));
  return job;
}

/** Graceful shutdown: close the browser if one was started. */
export async function closePdfPrinter() {
  const current = browser;
  browser = null;
  if (current) await (await current.catch(() => null))?.close();
}
