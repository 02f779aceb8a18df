import { YJS_FIELD } from "../../app/editor/ydocFields";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { listBlocks, yDocToJson } from "../../app/editor/documentModel";

export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: { code: number; reason: string }[];
  destroy: () => void;
}

/**
 * y-websocket's provider, in Node, adds one `process.on("exit")` listener per instance (to clear
 * its presence when the process ends) and removes it in `destroy()`. A test with twenty clients
 * open at once is therefore legitimately over Node's default of ten listeners: the limit follows
 * the number of live clients, so a listener anything else leaks still warns.
 */
const baseExitListeners = process.getMaxListeners();
let liveClients = 0;
function countClient(delta: 1 | -1) {
  liveClients += delta;
  process.setMaxListeners(baseExitListeners + liveClients);
}

/** A real y-websocket client in Node, authenticated by the given session cookie. */
export function connectClient(serverUrl: string, room: string, cookie: string): CollabClient {
  const doc = new Y.Doc();
  const closes: { code: number; reason: string }[] = [];
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  countClient(1);
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, "ws")}/collab`, room, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  provider.on("connection-close", (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  let destroyed = false;
  return {
    doc,
    provider,
    closes,
    destroy: () => {
      provider.destroy();
      doc.destroy();
      if (!destroyed) countClient(-1);
      destroyed = true;
    },
  };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const synced = (client: CollabClient) => waitFor(() => client.provider.synced, "sync");

export function blockTexts(doc: Y.Doc): string[] {
  return listBlocks(yDocToJson(doc)).map((block) => block.text);
}

export function fullText(doc: Y.Doc): string {
  return blockTexts(doc).join("\n");
}

/** Types text into a block the way the editor would: into the block's Y.XmlText. */
export function typeInto(doc: Y.Doc, blockIndex: number, text: string, at?: number) {
  const element = doc.getXmlFragment(YJS_FIELD).get(blockIndex) as Y.XmlElement;
  let textNode = element.get(0) as Y.XmlText | undefined;
  if (!(textNode instanceof Y.XmlText)) {
    textNode = new Y.XmlText();
    element.insert(0, [textNode]);
  }
  textNode.insert(Math.min(at ?? textNode.length, textNode.length), text);
}

/** Appends a new operative paragraph with a fresh id. */
export function appendBlock(doc: Y.Doc, text: string, kind = "operative") {
  const element = new Y.XmlElement(kind);
  element.setAttribute("id", crypto.randomUUID());
  element.setAttribute("status", "open");
  element.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(YJS_FIELD);
  fragment.insert(fragment.length, [element]);
}

/** The HTTP status of a WebSocket upgrade to the collaboration endpoint. */
export function upgradeStatus(serverUrl: string, room: string, cookie?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${serverUrl.replace(/^http/, "ws")}/collab/${room}`, { headers: cookie ? { cookie } : {} });
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("open", () => {
      resolve(101);
      socket.close();
    });
    socket.on("error", (error) => {
      if (!/Unexpected server response/.test(String(error))) reject(error);
    });
  });
}

/**
 * Puts the client's caret at `offset` in block `blockIndex` (presence, as y-tiptap sends it) and
 * returns a marker to find it with `showsCaret`. Presence travels on the same socket after any
 * update sent before it, so seeing it elsewhere proves the server handled that update.
 */
export function setCaret(client: CollabClient, blockIndex: number, offset: number): string {
  const element = client.doc.getXmlFragment(YJS_FIELD).get(blockIndex) as Y.XmlElement;
  const position = Y.createRelativePositionFromTypeIndex(element.get(0) as Y.XmlText, offset);
  client.provider.awareness.setLocalStateField("cursor", { anchor: position, head: position });
  return JSON.stringify(JSON.parse(JSON.stringify(position)));
}

export function showsCaret(observer: CollabClient, marker: string): boolean {
  return [...observer.provider.awareness.getStates().values()].some(
    (state) => JSON.stringify((state.cursor as { anchor?: unknown } | null | undefined)?.anchor) === marker,
  );
}
