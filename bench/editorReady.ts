// Navigation → a live, editable editor holding the synced text, in Debian's Chromium.
import { performance } from "node:perf_hooks";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../tests/support/chromium";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Where one navigation's time went, from the page's own performance timeline (ms since navigation start). */
export interface ReadyTimeline {
  readyMs: number;
  responseEnd: number;
  domContentLoaded: number;
  /** The server's state applied to the page's Y.Doc (useCollaboration's mark). */
  synced: number | null;
  /** TipTap created over it (the document page's mark). */
  editorCreated: number | null;
  /** Long tasks (≥ 50 ms) on the page's main thread until ready: their sum and the longest. */
  longTasksMs: number;
  longestTaskMs: number;
}

// Long tasks from the start of every navigation, for the timeline.
const LONG_TASKS_SCRIPT = `window.__plenaryLongTasks = [];
new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__plenaryLongTasks.push(entry.duration); })
  .observe({ type: "longtask", buffered: true });`;

// A string, not a function: tsx names the functions it compiles with a helper the page does not have.
const TIMELINE_SCRIPT = `(() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  const tasks = window.__plenaryLongTasks ?? [];
  return {
    responseEnd: navigation?.responseEnd ?? 0,
    domContentLoaded: navigation?.domContentLoadedEventEnd ?? 0,
    synced: mark("plenary:synced"),
    editorCreated: mark("plenary:editor-created"),
    longTasksMs: tasks.reduce((sum, duration) => sum + duration, 0),
    longestTaskMs: Math.max(0, ...tasks),
  };
})()`;

/** Times each navigation to the document page until the editor is editable and shows `lastText`. */
export async function editorReadyRuns(
  browser: Browser,
  url: string,
  cookie: string,
  documentId: string,
  lastText: string,
  runs: number,
): Promise<ReadyTimeline[]> {
  const [name, ...value] = cookie.split("=");
  const context = await browser.newContext();
  await context.addCookies([{ name: name!, value: value.join("="), url }]);
  await context.addInitScript(LONG_TASKS_SCRIPT);
  const page = await context.newPage();
  const timelines: ReadyTimeline[] = [];
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
      const readyMs = performance.now() - started;
      const timeline = (await page.evaluate(TIMELINE_SCRIPT)) as Omit<ReadyTimeline, "readyMs">;
      timelines.push({ readyMs, ...timeline });
      await page.goto("about:blank");
    }
  } finally {
    await context.close();
  }
  return timelines;
}

/** The ready times alone. */
export async function editorReadyMs(...args: Parameters<typeof editorReadyRuns>): Promise<number[]> {
  return (await editorReadyRuns(...args)).map((timeline) => timeline.readyMs);
}
