import * as Y from "yjs";
import { listBlocks, listDocumentBlocks, renderDocumentHtml, yDocToJson } from "../../app/editor/documentModel";
import { readBaseline } from "../../app/editor/numbering";

/**
 * Read-only views of a room's document that can be made off the event loop (docs/decisions/118):
 * the render thread (viewWorker.mjs) loads this module, so a view made there is the one the event
 * loop would have made. Each takes the document and returns plain data (structured-cloned back).
 */
export const VIEWS = {
  /** The document page: its text rendered as HTML, and its blocks with their numbers. */
  documentPage: (doc: Y.Doc) => {
    const json = yDocToJson(doc);
    const baseline = readBaseline(doc);
    return { html: renderDocumentHtml(json, baseline), blocks: listBlocks(json, baseline) };
  },
  /** The current blocks of the text (compilation, tabling, decisions). */
  baseBlocks: listDocumentBlocks,
} as const;

export type ViewName = keyof typeof VIEWS;
export type ViewOf<N extends ViewName> = ReturnType<(typeof VIEWS)[N]>;

/** Rooms whose document the render thread keeps, to apply only what changed at the next view. */
const KEPT_DOCUMENTS = 2;
const kept = new Map<string, { token: string; doc: Y.Doc }>();

/**
 * Makes a view from updates (stored rows in order, or a live document's shared encoding and the
 * updates since). The first `baseCount` updates are named by `token`: when the document of `room`
 * already holds that base, only the rest is applied (Yjs ignores what a document already has).
 * Runs in the render thread.
 */
export function renderView(name: ViewName, room: string, token: string, updates: readonly Uint8Array[], baseCount: number): unknown {
  let entry = kept.get(room);
  kept.delete(room);
  if (entry?.token !== token) {
    entry?.doc.destroy();
    entry = { token, doc: new Y.Doc() };
    Y.transact(entry.doc, () => updates.slice(0, baseCount).forEach((update) => Y.applyUpdate(entry!.doc, update)));
  }
  const { doc } = entry;
  Y.transact(doc, () => updates.slice(baseCount).forEach((update) => Y.applyUpdate(doc, update)));
  kept.set(room, entry);
  while (kept.size > KEPT_DOCUMENTS) {
    const [oldest, { doc: dropped }] = kept.entries().next().value!;
    dropped.destroy();
    kept.delete(oldest);
  }
  return VIEWS[name](doc);
}
