/**
 * Several ProseMirror editors bound to Yjs exactly as in the browser (y-tiptap's sync and undo
 * plugins, our block identity plugin and Enter command), without a DOM: a minimal view that
 * applies transactions and runs plugin views, which is all the binding uses of a view when it
 * has no focus. Updates travel through a network whose delivery the test controls, so
 * concurrency is reproducible.
 */
import { getSchema } from "@tiptap/core";
import { deleteSelection, joinBackward } from "@tiptap/pm/commands";
import { Slice, type Node as PmNode } from "@tiptap/pm/model";
import { EditorState, TextSelection, type Command, type Transaction } from "@tiptap/pm/state";
import { prosemirrorJSONToYXmlFragment, undo, ySyncPlugin, yUndoPlugin } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { splitBlockSameKindCommand } from "../../app/editor/commands";
import { blockIdentityPlugin, documentExtensions } from "../../app/editor/extensions";
import { YJS_FIELD } from "../../app/editor/ydocFields";

export const schema = getSchema(documentExtensions());

interface PluginViewLike {
  update?: (view: HeadlessView, previous: EditorState) => void;
  destroy?: () => void;
}

class HeadlessView {
  state: EditorState;
  private readonly pluginViews: PluginViewLike[] = [];
  constructor(state: EditorState) {
    this.state = state;
    // Plugin views may dispatch while being created (the sync plugin renders the Y.Doc at once).
    for (const plugin of state.plugins) if (plugin.spec.view) this.pluginViews.push(plugin.spec.view(this as never) as PluginViewLike);
  }
  dispatch(tr: Transaction) {
    const previous = this.state;
    this.state = this.state.apply(tr);
    for (const view of this.pluginViews) view.update?.(this, previous);
  }
  hasFocus() {
    return false;
  }
  destroy() {
    for (const view of this.pluginViews) view.destroy?.();
  }
}

let uniqueIds = 0;

export class Peer {
  readonly doc = new Y.Doc();
  readonly view: HeadlessView;
  /** Updates this peer made that the network has not delivered yet. */
  readonly outbox: Uint8Array[] = [];
  constructor(
    readonly name: string,
    clientId: number,
  ) {
    // Fixed client ids: Yjs orders concurrent inserts by them, so a seed replays exactly.
    this.doc.clientID = clientId;
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.outbox.push(update);
    });
    const state = EditorState.create({
      schema,
      plugins: [ySyncPlugin(this.doc.getXmlFragment(YJS_FIELD)), yUndoPlugin(), blockIdentityPlugin(() => `${name}-${++uniqueIds}`)],
    });
    this.view = new HeadlessView(state);
  }
  get state() {
    return this.view.state;
  }
  get caret() {
    return this.state.selection.head;
  }
  /** The text of each block. */
  blocks(): string[] {
    const texts: string[] = [];
    this.state.doc.forEach((block) => texts.push(block.textContent));
    return texts;
  }
  /** Caret as [block index, offset in the block's text]. */
  caretInBlock(): [number, number] {
    const $head = this.state.selection.$head;
    return [$head.index(0), $head.parentOffset];
  }
  placeCaret(blockIndex: number, offset: number) {
    this.view.dispatch(this.state.tr.setSelection(TextSelection.create(this.state.doc, blockStart(this.state.doc, blockIndex) + offset)));
  }
  type(text: string) {
    for (const char of text) this.view.dispatch(this.state.tr.insertText(char));
  }
  private run(command: Command) {
    return command(this.state, (tr) => this.view.dispatch(tr));
  }
  backspace() {
    return this.run((state, dispatch) => {
      if (!state.selection.empty) return deleteSelection(state, dispatch);
      const { $head } = state.selection;
      if ($head.parentOffset > 0) {
        dispatch?.(state.tr.delete($head.pos - 1, $head.pos));
        return true;
      }
      return joinBackward(state, dispatch);
    });
  }
  enter() {
    return this.run(splitBlockSameKindCommand);
  }
  /** Pastes blocks (the first and last merge with the paragraph around the caret, as in a browser). */
  paste(paragraphs: string[]) {
    const nodes = paragraphs.map((text) => schema.nodes.operative!.create(null, text ? schema.text(text) : null));
    const slice = new Slice(schema.nodes.doc!.create(null, nodes).content, 1, 1);
    this.view.dispatch(this.state.tr.replaceSelection(slice));
  }
  undo() {
    return undo(this.state);
  }
  destroy() {
    this.view.destroy();
    this.doc.destroy();
  }
}

const REMOTE = Symbol("remote");

export function blockStart(doc: PmNode, blockIndex: number): number {
  let pos = 0;
  for (let index = 0; index < blockIndex; index++) pos += doc.child(index).nodeSize;
  return pos + 1;
}

/** Peers sharing a document; nothing moves between them until `deliver` is called. */
export function createPeers(count: number, seed: number, paragraphs: string[]) {
  const origin = new Y.Doc();
  prosemirrorJSONToYXmlFragment(
    schema,
    {
      type: "doc",
      content: paragraphs.map((text, index) => ({
        type: "operative",
        attrs: { id: `seed-${index}` },
        content: text ? [{ type: "text", text }] : [],
      })),
    },
    origin.getXmlFragment(YJS_FIELD),
  );
  const initial = Y.encodeStateAsUpdate(origin);
  const peers = Array.from({ length: count }, (_, index) => {
    const peer = new Peer(String.fromCharCode(65 + index), ((seed * 7919 + index * 104729) >>> 0) % 2 ** 30);
    Y.applyUpdate(peer.doc, initial, REMOTE);
    return peer;
  });
  return peers;
}

/** Sends `from`'s pending updates to every other peer (or only to `to`), in order. */
export function deliver(peers: Peer[], from: Peer, to?: Peer) {
  const updates = from.outbox.splice(0);
  for (const peer of peers) {
    if (peer === from || (to && peer !== to)) continue;
    for (const update of updates) Y.applyUpdate(peer.doc, update, REMOTE);
  }
  if (to) {
    // Keep what the others have not received yet.
    const others = peers.filter((peer) => peer !== from && peer !== to);
    if (others.length > 0) from.outbox.unshift(...updates);
  }
}

/** Delivers everything until every peer has every update. */
export function settle(peers: Peer[]) {
  for (const peer of peers) {
    const update = Y.encodeStateAsUpdate(peer.doc);
    peer.outbox.length = 0;
    for (const other of peers) if (other !== peer) Y.applyUpdate(other.doc, update, REMOTE);
  }
}
