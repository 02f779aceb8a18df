import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { z } from "zod";
import { YJS_FIELD } from "../../app/editor/ydocFields";
import type { Actor } from "../policies";
import type { AwarenessEntry } from "./protocol";

// Presence (awareness) is relayed to every reader of a room, so what a client may put in it is a
// schema, not a bag (docs/decisions/020): its caret as two Yjs relative positions inside the text,
// or nothing. The `user` part is the server's to write; whatever the client sent there is replaced.

const id = z
  .object({ client: z.number().int().min(0).max(0xffffffff), clock: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
  .strict();

/** Y.RelativePosition as JSON.stringify writes it (what y-tiptap's caret plugin sends). */
const relativePosition = z
  .object({
    type: id.nullable().optional(),
    tname: z.literal(YJS_FIELD).nullable().optional(),
    item: id.nullable().optional(),
    assoc: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  })
  .strict()
  .refine((position) => Boolean(position.item ?? position.type ?? position.tname), "A position names an item, a type or the text");

const presenceState = z
  .object({
    // Replaced by the server's stamp; accepted in any shape since the client's own copy is ignored.
    user: z.unknown().optional(),
    cursor: z.object({ anchor: relativePosition, head: relativePosition }).strict().nullable().optional(),
  })
  .strict();

export type PresenceState = z.infer<typeof presenceState>;

/**
 * The state to relay for one entry, stamped with the connection's identity, or undefined when
 * the entry is refused (it is then not applied at all). A null state (a client leaving) passes.
 */
export function checkPresence(
  entry: AwarenessEntry,
  doc: Y.Doc,
  stamp: Record<string, unknown>,
): Record<string, unknown> | null | undefined {
  if (entry.state === null) return null;
  const parsed = presenceState.safeParse(entry.state);
  if (!parsed.success) return undefined;
  const { cursor } = parsed.data;
  if (cursor && !(insideText(doc, cursor.anchor) && insideText(doc, cursor.head))) return undefined;
  return { ...(cursor === undefined ? {} : { cursor }), user: stamp };
}

/** The position resolves, in this room's document, to a place inside the base text's fragment. */
function insideText(doc: Y.Doc, json: z.infer<typeof relativePosition>): boolean {
  let absolute: Y.AbsolutePosition | null;
  try {
    absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc);
  } catch {
    return false;
  }
  if (!absolute) return false;
  const fragment = doc.getXmlFragment(YJS_FIELD);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let type: Y.AbstractType<any> | null = absolute.type;
  // The grammar is three deep (fragment, block, text); a caret sits at most there.
  for (let depth = 0; depth < 4 && type; depth++) {
    if (type === fragment) return true;
    type = type._item?.parent instanceof Y.AbstractType ? type._item.parent : null;
  }
  return false;
}

/** What every other reader sees of a person: from the session, never from the client. */
export function presenceStamp(actor: Actor, canWrite: boolean) {
  return {
    name: actor.name,
    color: actor.participantColour,
    participant: actor.participantName,
    participantCode: actor.participantCode,
    canWrite,
  };
}

/**
 * Who may speak for an awareness client id in a room (docs/decisions/090). An id belongs to the
 * user whose connection first used it: another user can never take it over, even while its
 * owner is disconnected, and the owner reconnecting takes it back from any stale connection.
 * The record lives as long as the room is loaded, bounded in size.
 */
export class ClientIdOwners {
  private readonly owners = new Map<number, string>();

  constructor(private readonly capacity = 20_000) {}

  /** True when `userId` may use `clientId` (recording it as the owner when nobody owns it). */
  claim(clientId: number, userId: string): boolean {
    const owner = this.owners.get(clientId);
    if (owner !== undefined) return owner === userId;
    if (this.owners.size >= this.capacity) this.owners.delete(this.owners.keys().next().value!);
    this.owners.set(clientId, userId);
    return true;
  }

  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId);
  }
}

/** Presence as one node relays it to the others: the awareness update, and who owns each id in it. */
export interface RelayedPresence {
  update: Uint8Array;
  owners: Map<number, string>;
}

/**
 * Another node must know whose each client id is (docs/decisions/090): y-websocket clients echo
 * every presence change they receive back to their server, so a node that did not record the
 * owner of a relayed id would let the first local echo claim it, and later stamp that id with
 * the echoing user's name and rights.
 */
export function encodeRelayedPresence(update: Uint8Array, clientIds: readonly number[], owners: ClientIdOwners): Uint8Array {
  const encoder = encoding.createEncoder();
  const owned = clientIds.flatMap((clientId) => {
    const owner = owners.ownerOf(clientId);
    return owner === undefined ? [] : [[clientId, owner] as const];
  });
  encoding.writeVarUint(encoder, owned.length);
  for (const [clientId, owner] of owned) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarString(encoder, owner);
  }
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Throws on garbage (a frame from a node of another version, say): the caller drops it. */
export function decodeRelayedPresence(payload: Uint8Array): RelayedPresence {
  const decoder = decoding.createDecoder(payload);
  const owners = new Map<number, string>();
  const count = decoding.readVarUint(decoder);
  for (let index = 0; index < count; index++) {
    const clientId = decoding.readVarUint(decoder);
    const owner = decoding.readVarString(decoder);
    if (owner.length > 64) throw new Error("bad owner");
    owners.set(clientId, owner);
  }
  return { update: decoding.readVarUint8Array(decoder), owners };
}
