import { Worker } from "node:worker_threads";
import type { ViewName, ViewOf } from "./views";

/** What a render thread has done, for tests and diagnostics: the views it made, and its nice value once started. */
export interface ViewThreadStats {
  made: Partial<Record<ViewName, number>>;
  nice: number | null;
}

/**
 * A worker thread that makes read-only views of long documents (views.ts, viewWorker.mjs,
 * docs/decisions/118): the document page of a 50-page text took 120-290 ms of rendering, plus
 * building the Y.Doc, on the event loop. It never holds the process up when idle. A `background`
 * thread runs at nice 10 (docs/decisions/127): views the server makes for itself must not take the
 * core from a cold open or a reader's page.
 */
export class ViewThread {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { name: ViewName; resolve: (view: unknown) => void; reject: (error: Error) => void }>();
  private readonly made: Partial<Record<ViewName, number>> = {};
  private nice: number | null = null;

  constructor(private readonly background = false) {}

  /** Starts the thread and loads its code, so the first view does not wait for it. */
  warm() {
    this.worker ??= this.start();
  }

  /** The view of the document the updates make (the first `baseCount` of them named by `token`, see views.ts). */
  render<N extends ViewName>(name: N, room: string, token: string, updates: readonly Uint8Array[], baseCount: number): Promise<ViewOf<N>> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    worker.ref();
    worker.postMessage({ id, name, room, token, updates, baseCount });
    return new Promise((resolve, reject) => this.waiting.set(id, { name, resolve: resolve as (view: unknown) => void, reject }));
  }

  stats(): ViewThreadStats {
    return { made: { ...this.made }, nice: this.nice };
  }

  private start() {
    const worker = new Worker(new URL("./viewWorker.mjs", import.meta.url), { execArgv: [], workerData: { background: this.background } });
    worker.unref();
    worker.on("message", (message: { id?: number; view?: unknown; error?: string; nice?: number | null }) => {
      if (message.id === undefined) {
        this.nice = message.nice ?? null; // ready
        return;
      }
      const entry = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (this.waiting.size === 0) worker.unref();
      if (message.error !== undefined) entry?.reject(new Error(message.error));
      else if (entry) {
        this.made[entry.name] = (this.made[entry.name] ?? 0) + 1;
        entry.resolve(message.view);
      }
    });
    const fail = (error: Error) => {
      for (const entry of this.waiting.values()) entry.reject(error);
      this.waiting.clear();
      if (this.worker === worker) this.worker = null;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the render thread stopped (exit code ${code})`)));
    return worker;
  }

  close() {
    const worker = this.worker;
    this.worker = null;
    for (const entry of this.waiting.values()) entry.reject(new Error("render thread closed"));
    this.waiting.clear();
    void worker?.terminate();
  }
}
