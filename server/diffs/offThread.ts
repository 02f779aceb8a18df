import { Worker } from "node:worker_threads";
import { diffAmendment, type DiffPart } from "../../app/editor/diff";
import type { AmendmentOperation } from "../../common/vocabulary";

// Word diffs of amendments run on worker threads (docs/decisions/073). A diff at the wording
// limit costs tens of milliseconds of segmenting and Myers' search even when bounded (more while
// the code is still cold after a start), and it used to run inside the request that tabled the
// amendment or inside the background refresh: every other request and WebSocket message waited.
// One thread for what people wait on (tabling), one below the event loop for the background refresh.

interface Job {
  resolve: (diff: DiffPart[] | DiffPart[][]) => void;
  reject: (error: Error) => void;
}

/**
 * One diff thread. Two of them (docs/decisions/124): the one a person waits on (tabling) at the
 * default priority, and the one the background refresh of current diffs uses at nice 10: under
 * constant typing that refresh re-diffs every outdated amendment of the typed paragraphs (a
 * thousand on the consolidation bench, every 2 s), and at full priority on a server's core it took
 * the core from the event loop, so from the typists and the chair.
 */
class DiffThread {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly jobs = new Map<number, Job>();
  /** The thread's nice value once it has loaded its code and said so (null before, or where threads cannot be told apart). */
  nice: number | null = null;

  constructor(private readonly background: boolean) {}

  run<T extends DiffPart[] | DiffPart[][]>(message: Record<string, unknown>): Promise<T> {
    const running = (this.worker ??= this.start());
    const id = this.nextId++;
    const result = new Promise<T>((resolve, reject) =>
      this.jobs.set(id, { resolve: resolve as (diff: DiffPart[] | DiffPart[][]) => void, reject }),
    );
    running.ref();
    running.postMessage({ id, ...message });
    return result;
  }

  async stop() {
    const running = this.worker;
    this.worker = null;
    if (running) await running.terminate();
  }

  private failAll(error: Error) {
    for (const job of this.jobs.values()) job.reject(error);
    this.jobs.clear();
  }

  private start(): Worker {
    this.nice = null;
    const started = new Worker(new URL("./worker.mjs", import.meta.url), { execArgv: [], workerData: { background: this.background } });
    started.on(
      "message",
      (message: { id: number; diff?: DiffPart[]; diffs?: DiffPart[][]; error?: string; ready?: boolean; nice?: number | null }) => {
        if (message.ready) {
          this.nice = message.nice ?? null;
          return;
        }
        const job = this.jobs.get(message.id);
        if (!job) return;
        this.jobs.delete(message.id);
        if (message.diff) job.resolve(message.diff);
        else if (message.diffs) job.resolve(message.diffs);
        else job.reject(new Error(`Word diff failed: ${message.error ?? "unknown error"}`));
        if (this.jobs.size === 0) started.unref();
      },
    );
    started.on("error", (error) => {
      if (this.worker === started) this.worker = null;
      this.failAll(error);
    });
    started.on("exit", (code) => {
      if (this.worker === started) this.worker = null;
      this.failAll(new Error(`The word-diff thread stopped (exit code ${code})`));
    });
    started.unref();
    return started;
  }
}

const interactive = new DiffThread(false);
const background = new DiffThread(true);

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
    return await interactive.run<DiffPart[]>({ operation, targetText, proposedText, language });
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
 * Several amendment diffs in one message there and back, on the background thread (the refresh of
 * current diffs: a paragraph typed into outdates every amendment to it, hundreds at once). Keep
 * batches small enough for the thread's turn to stay short; results in the order of `batch`.
 */
export async function diffAmendmentsOffThread(batch: readonly AmendmentDiffJob[]): Promise<DiffPart[][]> {
  if (batch.length === 0) return [];
  try {
    return await background.run<DiffPart[][]>({ batch });
  } catch (error) {
    console.error("The word-diff thread failed; diffing on the event loop", error);
    return batch.map((job) => diffAmendment(job.operation, job.targetText, job.proposedText, job.language));
  }
}

/** Starts the thread ahead of the first diff, and gets its code compiled; resolves once it has answered. */
export async function warmDiffThread(): Promise<void> {
  await diffAmendmentOffThread("replace", "Warm up the word diff.", "Warm the word diff up.");
}

/** Each diff thread's nice value once started (null: not started, or not told apart), for tests and diagnostics. */
export function diffThreadPriorities() {
  return { interactive: interactive.nice, background: background.nice };
}

/** Stops the threads (graceful shutdown, tests); the next diff starts another. */
export async function stopDiffThread() {
  await Promise.all([interactive.stop(), background.stop()]);
}
