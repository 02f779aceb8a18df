import { Worker } from "node:worker_threads";
import { diffAmendment, type DiffPart } from "../../app/editor/diff";
import type { AmendmentOperation } from "../../common/vocabulary";

// Word diffs of amendments run on one worker thread (docs/decisions/073). A diff at the wording
// limit costs tens of milliseconds of segmenting and Myers' search even when bounded (more while
// the code is still cold after a start), and it used to run inside the request that tabled the
// amendment or inside the background refresh: every other request and WebSocket message waited.
// One thread is enough: diffs are rare (tabling, a target's change), and they queue in order.

interface Job {
  resolve: (diff: DiffPart[] | DiffPart[][]) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
let nextId = 0;
const jobs = new Map<number, Job>();

function failAll(error: Error) {
  for (const job of jobs.values()) job.reject(error);
  jobs.clear();
}

function startWorker(): Worker {
  const started = new Worker(new URL("./worker.mjs", import.meta.url), { execArgv: [] });
  started.on("message", (message: { id: number; diff?: DiffPart[]; diffs?: DiffPart[][]; error?: string }) => {
    const job = jobs.get(message.id);
    if (!job) return;
    jobs.delete(message.id);
    if (message.diff) job.resolve(message.diff);
    else if (message.diffs) job.resolve(message.diffs);
    else job.reject(new Error(`Word diff failed: ${message.error ?? "unknown error"}`));
    if (jobs.size === 0) started.unref();
  });
  started.on("error", (error) => {
    if (worker === started) worker = null;
    failAll(error);
  });
  started.on("exit", (code) => {
    if (worker === started) worker = null;
    failAll(new Error(`The word-diff thread stopped (exit code ${code})`));
  });
  started.unref();
  return started;
}

/**
 * The diff an amendment shows (app/editor/diff.ts, `diffAmendment`), computed off the event loop.
 * Same bounds, same result; if the thread cannot run, it is computed here rather than lost.
 */
export async function diffAmendmentOffThread(
  operation: AmendmentOperation,
  targetText: string,
  proposedText: string,
  language = "en",
): Promise<DiffPart[]> {
  try {
    worker ??= startWorker();
    const id = nextId++;
    const running = worker;
    const diff = new Promise<DiffPart[]>((resolve, reject) =>
      jobs.set(id, { resolve: resolve as (diff: DiffPart[] | DiffPart[][]) => void, reject }),
    );
    running.ref();
    running.postMessage({ id, operation, targetText, proposedText, language });
    return await diff;
  } catch (error) {
    console.error("The word-diff thread failed; diffing on the event loop", error);
    return diffAmendment(operation, targetText, proposedText, language);
  }
}

export interface AmendmentDiffJob {
  operation: AmendmentOperation;
  targetText: string;
  proposedText: string;
  language: string;
}

/**
 * Several amendment diffs in one message there and back (the background refresh of current
 * diffs: a paragraph typed into outdates every amendment to it, hundreds at once). Keep batches
 * small enough for the thread's turn to stay short; results in the order of `batch`.
 */
export async function diffAmendmentsOffThread(batch: readonly AmendmentDiffJob[]): Promise<DiffPart[][]> {
  if (batch.length === 0) return [];
  try {
    worker ??= startWorker();
    const id = nextId++;
    const running = worker;
    const diffs = new Promise<DiffPart[][]>((resolve, reject) =>
      jobs.set(id, { resolve: resolve as (diff: DiffPart[] | DiffPart[][]) => void, reject }),
    );
    running.ref();
    running.postMessage({ id, batch });
    return await diffs;
  } catch (error) {
    console.error("The word-diff thread failed; diffing on the event loop", error);
    return batch.map((job) => diffAmendment(job.operation, job.targetText, job.proposedText, job.language));
  }
}

/** Starts the thread ahead of the first diff, and gets its code compiled. */
export function warmDiffThread() {
  void diffAmendmentOffThread("replace", "Warm up the word diff.", "Warm the word diff up.");
}

/** Stops the thread (graceful shutdown, tests); the next diff starts another. */
export async function stopDiffThread() {
  const running = worker;
  worker = null;
  if (running) await running.terminate();
}
