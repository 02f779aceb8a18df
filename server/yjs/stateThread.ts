import { Worker } from "node:worker_threads";

/**
 * One worker thread, started on first use and never holding the process up when idle, that merges
 * Yjs updates (stateWorker.mjs): the encoding of a long document's whole state is made there, not
 * on the event loop (docs/decisions/097).
 */
export class StateThread {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (result: Uint8Array[]) => void; reject: (error: Error) => void }>();

  /**
   * Starts the thread ahead of its first use: starting a worker holds the event loop for 5-10 ms,
   * which fell inside the first cold open of a long document (docs/decisions/171).
   */
  warm() {
    this.worker ??= this.start();
  }

  /**
   * The updates merged into one, off the event loop: joined by copying when they follow on from each
   * other (a snapshot's chunks), otherwise by Y.mergeUpdates. The inputs are copied, not moved.
   */
  merge(updates: readonly Uint8Array[]): Promise<Uint8Array> {
    return this.post({ updates }).then((result) => result[0]!);
  }

  /**
   * What a client holding `stateVector` lacks of the state the updates make (a whole-state encoding,
   * then the updates since): `Y.diffUpdate` of the encoding, and of the rest merged, when there is a rest.
   */
  diff(updates: readonly Uint8Array[], stateVector: Uint8Array): Promise<Uint8Array[]> {
    return this.post({ updates, stateVector });
  }

  private post(message: { updates: readonly Uint8Array[]; stateVector?: Uint8Array }): Promise<Uint8Array[]> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    worker.ref();
    worker.postMessage({ id, ...message });
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  private start() {
    // Plain JavaScript: no loader needed, and none inherited.
    const worker = new Worker(new URL("./stateWorker.mjs", import.meta.url), { execArgv: [] });
    worker.unref();
    worker.on("message", ({ id, result, error }: { id: number; result?: Uint8Array[]; error?: string }) => {
      const entry = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      if (error !== undefined) entry?.reject(new Error(error));
      else entry?.resolve(result!);
    });
    worker.on("error", (error) => {
      for (const entry of this.waiting.values()) entry.reject(error);
      this.waiting.clear();
      if (this.worker === worker) this.worker = null;
    });
    return worker;
  }

  close() {
    for (const entry of this.waiting.values()) entry.reject(new Error("state thread closed"));
    this.waiting.clear();
    void this.worker?.terminate();
    this.worker = null;
  }
}
