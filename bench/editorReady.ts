// Navigation → a live, editable editor holding the synced text, in Debian's Chromium.
import { performance } from "node:perf_hooks";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../tests/support/chromium";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Times each navigation to the document page until the editor is editable and shows `lastText`. */
export async function editorReadyMs(
  browser: Browser,
  url: string,
  cookie: string,
  documentId: string,
  lastText: string,
  runs: number,
): Promise<number[]> {
  const [name, ...value] = cookie.split("=");
  const context = await browser.newContext();
  await context.addCookies([{ name: name!, value: value.join("="), url }]);
  const page = await context.newPage();
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await page.goto(`${url}/documents/${documentId}`);
      await page.waitForFunction(
        (expected) => {
          const editor = document.querySelector('.ProseMirror[contenteditable="true"]');
          return editor !== null && (editor.textContent ?? "").includes(expected);
        },
        lastText,
        { timeout: 120_000, polling: 10 },
      );
      times.push(performance.now() - started);
      await page.goto("about:blank");
    }
  } finally {
    await context.close();
  }
  return times;
}
