// A render thread (docs/decisions/118, 127): builds a long document from its stored rows (or a live
// room's shared encoding) and makes a read-only view of it (the document page, the block list), so
// that neither the building nor the rendering holds the event loop. Plain JavaScript, like the
// word-diff thread, loading the one views module through tsx, so what it renders is exactly what
// the event loop would have rendered.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";
import { lowerThreadPriority, threadPriority } from "./lowerThreadPriority.mjs";

// Two such threads (docs/decisions/127). The one making views a reader waits for (pages, tabling,
// compilation) runs at the default priority: at nice 10 the first page of a long document after a
// start took 8.7 s on a quiet machine (1.0 s at the default), starved by whatever else wanted the
// core (decision 119). The one making views the server wants for itself (the base blocks behind
// current diffs, edit sessions' block numbers) yields the core, its code loading included.
if (workerData?.background) lowerThreadPriority();

const { renderView } = await tsImport("./views.ts", import.meta.url);

parentPort.on("message", ({ id, name, room, token, updates, baseCount }) => {
  try {
    parentPort.postMessage({ id, view: renderView(name, room, token, updates, baseCount) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  }
});
parentPort.postMessage({ ready: true, nice: threadPriority() });
