import { Worker } from "node:worker_threads";
import type { ViewName, ViewOf } from "./views";

/** What a render thread has done, for tests and diagnostics: the views it made, and its nice value once started. */
export interface ViewThreadStats {
  made: Partial<Record<ViewName, number>>;
  nice: number | null;
  /** Threads started so far (a background thread ends when idle and starts again on demand). */
  started: number;
  running: boolean;
}

/**
 * A worker thread that makes read-only views of long documents (views.ts, viewWorker.mjs,
 * docs/decisions/118): the document page of a 50-page text took 120-290 ms of rendering, plus
 * building the Y.Doc, on the event loop. It never holds the process up when idle. A `background`
 * thread runs at nice 10 (docs/decisions/127): views the server makes for itself must not take the
 * core from a cold open or a reader's page. With `idleMs`, the thread ends once it has had nothing
 * to do for that long (its code and the documents it keeps are ~110 MiB for a 50-page text), and
 * starts again on the next view.
 */
export class ViewThread {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { name: ViewName; resolve: (view: unknown) => void; reject: (error: Error) => void }>();
  private readonly made: Partial<Record<ViewName, number>> = {};
  private nice: number | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private started = 0;
  private loaded: Promise<void> = Promise.resolve();

  constructor(private readonly options: { background?: boolean; idleMs?: number } = {}) {}

  /** Starts the thread and loads its code, so the first view does not wait for it. */
  warm() {
    this.worker ??= this.start();
  }

  /** The view of the document the updates make (the first `baseCount` of them named by `token`, see views.ts). */
  render<N extends ViewName>(name: N, room: string, token: string, updates: readonly Uint8Array[], baseCount: number): Promise<ViewOf<N>> {
    const worker = (this.worker ??= this.start());
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const id = this.nextId++;
    worker.ref();
    worker.postMessage({ id, name, room, token, updates, baseCount });
    return new Promise((resolve, reject) => this.waiting.set(id, { name, resolve: resolve as (view: unknown) => void, reject }));
  }

  stats(): ViewThreadStats {
    return { made: { ...this.made }, nice: this.nice, started: this.started, running: this.worker !== null };
  }

  /** Resolves once the thread, if started, has loaded its code (or failed). */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  private start() {
    this.started += 1;
    let markLoaded!: () => void;
    this.loaded = new Promise((resolve) => (markLoaded = resolve));
    const worker = new Worker(new URL("./viewWorker.mjs", import.meta.url), {
      execArgv: [],
      workerData: { background: this.options.background === true },
    });
    worker.unref();
    worker.on("message", (message: { id?: number; view?: unknown; error?: string; nice?: number | null }) => {
      if (message.id === undefined) {
        this.nice = message.nice ?? null; // ready
        markLoaded();
        return;
      }
      const entry = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (this.waiting.size === 0) {
        worker.unref();
        this.endWhenIdle(worker);
      }
      if (message.error !== undefined) entry?.reject(new Error(message.error));
      else if (entry) {
        this.made[entry.name] = (this.made[entry.name] ?? 0) + 1;
        entry.resolve(message.view);
      }
    });
    const fail = (error: Error) => {
      markLoaded();
      // A thread ended for idleness has nothing waiting; what waits belongs to its successor.
      if (this.worker !== worker) return;
      for (const entry of this.waiting.values()) entry.reject(error);
      this.waiting.clear();
      this.worker = null;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the render thread stopped (exit code ${code})`)));
    return worker;
  }

  private endWhenIdle(worker: Worker) {
    const { idleMs } = this.options;
    if (idleMs === undefined) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.worker !== worker || this.waiting.size > 0) return;
      this.worker = null;
      void worker.terminate();
    }, idleMs);
    this.idleTimer.unref();
  }

  close() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    for (const entry of this.waiting.values()) entry.reject(new Error("render thread closed"));
    this.waiting.clear();
    void worker?.terminate();
  }
}
