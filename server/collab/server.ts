import { CLOSE_CODES, COLLAB_PATH, draftRoom } from "../../common/collab";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import * as decoding from "lib0/decoding";
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate as encodeAwarenessStates,
  removeAwarenessStates,
} from "y-protocols/awareness";
import * as Y from "yjs";
import { WebSocketServer, type WebSocket } from "ws";
import type { UpdateAuthor } from "../db/updateLog";
import type { DomainEvents } from "../domain/kernel/context";
import { isDomainError } from "../domain/kernel/errors";
import type { RoomAccess } from "../domain/documents/authorizeRoom";
import type { Actor } from "../policies";
import { REMOTE_ORIGIN, type CommittedUpdate, type LiveDocument, type LiveDocuments } from "../yjs/liveDocuments";
import { mergeBatch } from "../yjs/mergeUpdates";
import { Outbound, ReadGate } from "./outbound";
import {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP_1,
  SYNC_STEP_2,
  SYNC_UPDATE,
  decodeAwarenessUpdate,
  type AwarenessEntry,
  encodeAwarenessUpdate,
  syncStep1Message,
  syncStep2Message,
  isEmptyStateVector,
  isEmptyUpdate,
  updateMessage,
} from "./protocol";
import { ConnectionRates, RoomSize, type CollabQuotas } from "./limits";
import { PresenceFrames } from "./presenceFrames";
import { ClientIdOwners, checkPresence, decodeRelayedPresence, encodeRelayedPresence, presenceStamp } from "./presence";
import { UpdateRefused, validateUpdate, type RoomKind, type UpdateRule } from "./validateUpdate";

/** Room paths: "/collab/<room>". */
const ROOM_PREFIX = `${COLLAB_PATH}/`;

export function isCollabPath(url: string | undefined) {
  return new URL(url ?? "/", "http://localhost").pathname.startsWith(ROOM_PREFIX);
}

/** Close codes the browser client understands (common/collab). */
const CLOSE = CLOSE_CODES;

/** Presence is coalesced over this window: at 200 sockets, one frame per change was most of the sending. */
const PRESENCE_WINDOW_MS = 40;
const MAX_CLIENT_IDS_PER_CONNECTION = 4;
const PING_INTERVAL_MS = 30_000;
/** Origin of presence received from another node. */
const REMOTE_PRESENCE = Symbol("remote presence");

/** Who is behind an upgrade's session cookie, and for how long the session stays valid. */
export interface SocketSession {
  actor: Actor;
  expiresInMs: number;
}

export interface CollabOptions {
  liveDocuments: LiveDocuments;
  events: DomainEvents;
  maxFrameBytes: number;
  authenticate: (req: IncomingMessage) => Promise<SocketSession | null>;
  authorizeRoom: (actor: Actor | null, room: string) => Promise<RoomAccess>;
  /** The origin rule of HTTP, applied to the upgrade (see ./origin). */
  originAllowed: (req: IncomingMessage) => boolean;
  maxConnectionsPerUser: number;
  quotas: CollabQuotas;
  /**
   * Bytes a room may hold applied but not committed: a writer who takes it past this is no longer
   * read from until the backlog is committed (backpressure instead of an unbounded queue).
   */
  maxUncommittedBytes?: number;
  /** Further rules every writer's update must pass (paragraph locks and the like). */
  updateRules?: readonly UpdateRule[];
  /** Runs once when a room opens, before anyone syncs (repairs of what was stored before validation). */
  prepareRoom?: (room: string) => Promise<unknown>;
  /** The server's clock in ms (the test clock in tests): sessions expire by it. */
  now?: () => number;
}

// setTimeout's limit: a longer session is re-checked when this much has passed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One open WebSocket. It is the Yjs transaction origin of its updates, and carries their author. */
class Connection {
  readonly clientIds = new Set<number>();
  /** The last presence clock this socket sent for each of its client ids (the client's own count). */
  readonly clientClocks = new Map<number, number>();
  readonly outbound: Outbound;
  readonly reading: ReadGate;
  alive = true;
  author: UpdateAuthor;
  readonly rates: ConnectionRates;
  expiryTimer: NodeJS.Timeout | null = null;
  /** When the session behind the socket expires, by the server's clock. */
  expiresAt = Infinity;
  /** Writer's updates received in this turn of the event loop, applied together (see applyIncoming). */
  incoming: Uint8Array[] = [];
  /** Of those, how many the transaction under way has applied (AuthoredOrigin). */
  updatesInTransaction = 0;

  constructor(
    readonly ws: WebSocket,
    readonly req: IncomingMessage,
    readonly room: CollabRoom,
    public actor: Actor,
    public canWrite: boolean,
    quotas: CollabQuotas,
  ) {
    this.author = { userId: actor.userId, participantId: actor.participantId };
    this.reading = new ReadGate(ws);
    this.outbound = new Outbound(
      ws,
      (clientIds) => room.presenceMessage(ownPresenceLeftOut(this, clientIds)),
      () => ws.close(CLOSE.slowConsumer, "Connection too slow; reconnecting"),
      this.reading,
    );
    this.rates = new ConnectionRates(quotas);
  }

  send(message: Uint8Array) {
    this.outbound.send(message);
  }
}

/**
 * A socket is never sent the presence of its own client ids. The room relays them under its own
 * clock, which a re-stamp moves past the client's; a y-websocket client taking that copy back
 * would adopt it as its own state and send it again, each time one clock further.
 */
function ownPresenceLeftOut(connection: Connection, clientIds: readonly number[]): number[] {
  return connection.clientIds.size === 0 ? [...clientIds] : clientIds.filter((clientId) => !connection.clientIds.has(clientId));
}

/** The transport side of a loaded room: its sockets and its presence. */
class CollabRoom {
  readonly connections = new Set<Connection>();
  readonly awareness: Awareness;
  private readonly presenceFrames: PresenceFrames;
  readonly kind: RoomKind;
  readonly size: RoomSize;

  constructor(
    readonly live: LiveDocument,
    quotas: CollabQuotas,
    readonly clientIdOwners: ClientIdOwners,
  ) {
    this.kind = live.room.startsWith("draft.") ? "draft" : "document";
    this.size = new RoomSize(() => live.stateSize(), quotas.roomMaxBytes[this.kind]);
    this.awareness = new Awareness(live.doc);
    this.awareness.setLocalState(null);
    this.presenceFrames = new PresenceFrames(this.awareness);
    // Committed updates only: nothing reaches another client before it is in the database.
    live.on("committed", (batch) => {
      // Another node's writers grow the room too: counted, so the quota holds across nodes.
      for (const entry of batch) if (entry.origin === REMOTE_ORIGIN) this.size.applied(entry.update.byteLength);
      this.broadcastCommitted(batch);
    });
    this.awareness.on("update", ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      const changed = [...added!, ...updated!, ...removed!];
      for (const clientId of changed) this.changedPresence.add(clientId);
      this.presenceFlush ??= setTimeout(() => this.broadcastPresence(), PRESENCE_WINDOW_MS);
      // Presence checked here goes to the other nodes holding the room; theirs is not sent back,
      // and each node times out the others' states itself (docs/decisions/055).
      if (live.relay && origin !== REMOTE_PRESENCE && origin !== "timeout") {
        live.relay.publishAwareness(encodeRelayedPresence(encodeAwarenessStates(this.awareness, changed), changed, clientIdOwners));
      }
    });
    live.on("remoteAwareness", (payload, fromNode) => this.applyRemotePresence(payload, fromNode));
    live.on("awarenessQuery", () => {
      const local = [...this.connections].flatMap((connection) => [...connection.clientIds]);
      const known = local.filter((clientId) => this.awareness.getStates().has(clientId));
      if (known.length > 0) {
        live.relay?.publishAwareness(encodeRelayedPresence(encodeAwarenessStates(this.awareness, known), known, clientIdOwners));
      }
    });
    // A node that stopped answering (killed, cut off): its sockets' carets go now, not in 30 s.
    live.on("remoteNodeGone", (nodeId) => {
      const ids = [...this.remoteOrigin].filter(([, from]) => from === nodeId).map(([clientId]) => clientId);
      for (const clientId of ids) this.remoteOrigin.delete(clientId);
      const present = ids.filter((clientId) => this.awareness.getStates().has(clientId));
      if (present.length > 0) removeAwarenessStates(this.awareness, present, REMOTE_PRESENCE);
    });
    // A node opening the room learns at once who is present on the others.
    live.relay?.queryAwareness();
  }

  private changedPresence = new Set<number>();
  private presenceFlush: NodeJS.Timeout | null = null;
  /** Client ids present through another node, by that node's id (removed when it falls silent). */
  private readonly remoteOrigin = new Map<number, string>();

  /**
   * Presence another node checked and stamped: applied as it is, except for ids this node knows
   * to be another user's (the first owner keeps an id, across nodes as on one).
   */
  private applyRemotePresence(payload: Uint8Array, fromNode: string) {
    let accepted: AwarenessEntry[];
    try {
      const { update, owners } = decodeRelayedPresence(payload);
      accepted = decodeAwarenessUpdate(update, Number.MAX_SAFE_INTEGER).filter((entry) => {
        const owner = owners.get(entry.clientId);
        return owner !== undefined && this.clientIdOwners.claim(entry.clientId, owner);
      });
    } catch (error) {
      console.error(`presence from node ${fromNode} for ${this.live.room} dropped`, error);
      return;
    }
    for (const entry of accepted) {
      if (entry.state === null) this.remoteOrigin.delete(entry.clientId);
      else this.remoteOrigin.set(entry.clientId, fromNode);
    }
    if (accepted.length > 0) applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), REMOTE_PRESENCE);
  }

  /**
   * One frame per committed batch, the same for every socket (a sender gets its own updates back,
   * which Yjs ignores): merging per recipient cost a merge per writer in the batch, which is what
   * collapsed under overload. A socket that is behind gets the batches merged (see Outbound).
   */
  private broadcastCommitted(batch: readonly CommittedUpdate[]) {
    const update = mergeBatch(batch.map((entry) => entry.update));
    const message = updateMessage(update);
    for (const connection of this.connections) connection.outbound.update(update, message, batch.length);
  }

  /** The current presence of these client ids (those the room still knows). */
  presenceMessage(clientIds: Iterable<number>): Uint8Array | null {
    return this.presenceFrames.message(clientIds);
  }

  /** Presence changes are gathered for PRESENCE_WINDOW_MS and go out together, after document updates. */
  private broadcastPresence() {
    this.presenceFlush = null;
    const changed = [...this.changedPresence];
    this.changedPresence.clear();
    const message = this.presenceMessage(changed);
    if (!message) return;
    for (const connection of this.connections) {
      const others = ownPresenceLeftOut(connection, changed);
      if (others.length === changed.length) connection.outbound.presenceChanged(changed, message);
      else if (others.length > 0) connection.outbound.presenceChanged(others, this.presenceMessage(others) ?? message);
    }
  }

  destroy() {
    if (this.presenceFlush) clearTimeout(this.presenceFlush);
    this.awareness.destroy();
  }
}

export function attachCollabServer(httpServer: Server, options: CollabOptions) {
  const { liveDocuments, events } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes });
  const rooms = new Map<string, CollabRoom>();
  // Kept while the process runs, so a room unloading and loading again does not free the ids.
  const clientIdOwners = new Map<string, ClientIdOwners>();
  // Open (and authenticated, about to open) sockets per user.
  const socketsPerUser = new Map<string, number>();
  const countSocket = (userId: string, delta: number) => {
    const count = (socketsPerUser.get(userId) ?? 0) + delta;
    if (count > 0) socketsPerUser.set(userId, count);
    else socketsPerUser.delete(userId);
  };
  let closing = false;
  const now = options.now ?? Date.now;
  const maxUncommittedBytes = options.maxUncommittedBytes ?? 1024 * 1024;

  httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Other upgrade paths belong to someone else (for example a dev server); leave them alone.
    if (!isCollabPath(req.url)) return;
    socket.on("error", () => socket.destroy());
    if (!options.originAllowed(req)) return rejectUpgrade(socket, 403, "Cross-site connection refused.");
    const encodedRoom = new URL(req.url ?? "/", "http://localhost").pathname.slice(ROOM_PREFIX.length);
    let roomName: string;
    try {
      roomName = decodeURIComponent(encodedRoom);
    } catch {
      return rejectUpgrade(socket, 400, "Malformed room name.");
    }
    void acceptUpgrade(req, socket, head, roomName);
  });

  // Authentication and loading finish before the socket is upgraded: until then nothing is
  // read from it, so a client cannot make the server buffer unauthenticated messages.
  async function acceptUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, roomName: string) {
    if (closing) return rejectUpgrade(socket, 503, "Server shutting down");
    let session: SocketSession | null;
    let access: RoomAccess;
    try {
      session = await options.authenticate(req);
      access = await options.authorizeRoom(session?.actor ?? null, roomName);
    } catch (error) {
      if (isDomainError(error)) return rejectUpgrade(socket, error.status, error.message);
      console.error("collab upgrade failed", error);
      return rejectUpgrade(socket, 500, "Internal error");
    }
    if (socket.destroyed || !session) return socket.destroy();
    const { actor } = session;
    // Counted from here, so a burst of parallel upgrades cannot slip past the limit.
    countSocket(actor.userId, 1);
    if ((socketsPerUser.get(actor.userId) ?? 0) > options.maxConnectionsPerUser) {
      countSocket(actor.userId, -1);
      // Refused after the upgrade, so a browser can read why (an HTTP refusal is opaque to it).
      return wss.handleUpgrade(req, socket, head, (ws) =>
        ws.close(CLOSE.tooMany, `Too many open connections (${options.maxConnectionsPerUser}); close other tabs and reload`),
      );
    }
    const accepted = await openAndUpgrade(req, socket, head, session, access);
    if (!accepted) countSocket(actor.userId, -1);
  }

  async function openAndUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    { actor, expiresInMs }: SocketSession,
    access: RoomAccess,
  ): Promise<boolean> {
    let room: CollabRoom;
    try {
      // A long stored log is compacted off the event loop before the room opens.
      room = await openRoom(access.room);
      // Closed meanwhile by the last socket leaving: open it again.
      while (rooms.get(access.room) !== room) room = await openRoom(access.room);
    } catch (error) {
      console.error("collab room failed to load", error);
      rejectUpgrade(socket, 500, "Internal error");
      return false;
    }
    if (socket.destroyed || closing) {
      closeIfEmpty(room);
      socket.destroy();
      return false;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(ws, req, room, actor, access.canWrite, options.quotas);
      room.connections.add(connection);
      scheduleExpiry(connection, expiresInMs);
      startConnection(connection);
    });
    return true;
  }

  /** A socket lives no longer than its session: at expiry it is re-checked, and closed (4401). */
  function scheduleExpiry(connection: Connection, expiresInMs: number) {
    if (connection.expiryTimer) clearTimeout(connection.expiryTimer);
    connection.expiresAt = now() + expiresInMs;
    connection.expiryTimer = setTimeout(() => void recheck(connection), Math.min(Math.max(expiresInMs, 0) + 10, MAX_TIMER_MS));
    connection.expiryTimer.unref();
  }

  const opening = new Map<string, Promise<CollabRoom>>();
  function openRoom(name: string): Promise<CollabRoom> {
    const open = rooms.get(name);
    if (open) return Promise.resolve(open);
    let pending = opening.get(name);
    if (!pending) {
      pending = liveDocuments
        .acquire(name)
        .then(async (live) => {
          try {
            await options.prepareRoom?.(name);
          } catch (error) {
            console.error(`preparing ${name} failed`, error);
          }
          let owners = clientIdOwners.get(name);
          if (!owners) clientIdOwners.set(name, (owners = new ClientIdOwners()));
          const room = new CollabRoom(live, options.quotas, owners);
          rooms.set(name, room);
          return room;
        })
        .finally(() => opening.delete(name));
      opening.set(name, pending);
    }
    return pending;
  }

  function leaveRoom(connection: Connection) {
    const { room } = connection;
    if (!room.connections.delete(connection)) return;
    if (connection.expiryTimer) clearTimeout(connection.expiryTimer);
    countSocket(connection.actor.userId, -1);
    removeAwarenessStates(room.awareness, [...connection.clientIds], null);
    closeIfEmpty(room);
  }

  function closeIfEmpty(room: CollabRoom) {
    if (room.connections.size > 0 || rooms.get(room.live.room) !== room) return;
    rooms.delete(room.live.room);
    room.destroy();
    for (const event of ["committed", "remoteAwareness", "awarenessQuery", "remoteNodeGone"] as const) room.live.removeAllListeners(event);
    liveDocuments.release(room.live);
  }

  function startConnection(connection: Connection) {
    const { ws, room } = connection;
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      // A socket being closed (refused update, quota, rate) has nothing more applied.
      if (ws.readyState !== ws.OPEN) return;
      if (!connection.rates.message()) return ws.close(CLOSE.tooMany, "Too many messages; reload the page to reconnect");
      try {
        if (!isBinary) throw new Error("text frame");
        handleMessage(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        refuse(connection, error);
      }
    });
    ws.on("close", () => leaveRoom(connection));
    ws.on("error", () => ws.terminate());
    ws.on("pong", () => (connection.alive = true));

    connection.send(syncStep1Message(Y.encodeStateVector(room.live.doc)));
    const present = room.presenceMessage(room.awareness.getStates().keys());
    if (present) connection.send(present);
  }

  function handleMessage(connection: Connection, message: Uint8Array) {
    const { room, ws } = connection;
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    // Anything but a document update sees the updates this socket sent before it applied (a caret
    // may point into them; a sync answer waits for them to be committed).
    if (connection.incoming.length > 0 && !isUpdateMessage(type, message)) {
      applyIncoming(connection);
      if (ws.readyState !== ws.OPEN) return;
    }
    switch (type) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === SYNC_STEP_1) {
          // Answer with committed state only: wait for any pending batch to reach the database.
          // A client with nothing yet (an editor opening the page) gets the shared encoding of the whole state.
          // For a long document, updates applied since that encoding follow as one update message.
          room.live.whenCommitted(() => {
            // A reconnecting client: what it lacks, cut off the event loop for a long document (docs/decisions/118).
            // Updates committed meanwhile reach it as broadcasts; Yjs applies them in any order.
            if (!isEmptyStateVector(payload)) {
              void room.live.stateDiff(payload).then(([diff, since]) => {
                connection.send(syncStep2Message(diff!));
                if (since) connection.send(updateMessage(since));
              });
              return;
            }
            const [state, since] = room.live.fullState();
            connection.send(syncStep2Message(state!));
            if (since) connection.send(updateMessage(since));
          });
        } else if (syncType === SYNC_STEP_2 || syncType === SYNC_UPDATE) {
          // A read-only connection's update is dropped here, whatever its client claims.
          if (connection.canWrite) receiveWritersUpdate(connection, payload);
        } else {
          throw new Error("unknown sync message");
        }
        return;
      }
      case MESSAGE_AWARENESS:
        return applyStampedAwareness(connection, decoding.readVarUint8Array(decoder));
      case MESSAGE_QUERY_AWARENESS: {
        const present = room.presenceMessage(ownPresenceLeftOut(connection, [...room.awareness.getStates().keys()]));
        if (present) connection.send(present);
        return;
      }
      case MESSAGE_AUTH:
        return;
      default:
        throw new Error("unknown message type");
    }
  }

  /** Closes a socket whose message was refused. Only this socket; the room and everyone else carry on. */
  function refuse(connection: Connection, error: unknown) {
    // Nothing of a refused update was applied, stored or sent.
    connection.ws.close(
      CLOSE.malformed,
      error instanceof UpdateRefused ? closeReason(`Change refused: ${error.message}`) : "Malformed message",
    );
  }

  /**
   * A writer's update is taken within its socket's rate at once, and applied with the others the
   * socket sent in the same read (applyIncoming), after the ones before it.
   */
  function receiveWritersUpdate(connection: Connection, update: Uint8Array) {
    if (!connection.rates.update(update.byteLength))
      return connection.ws.close(CLOSE.tooMany, "Too many changes too fast; reload the page to reconnect");
    connection.incoming.push(update);
    if (connection.incoming.length === 1) queueMicrotask(() => applyIncoming(connection));
  }

  /**
   * Applies the updates a socket sent in one read of it, in order, in one Yjs transaction: each is
   * checked against the document as the ones before it left it (exactly as if applied one by one),
   * and the first refused closes the socket with nothing after it applied; those before it stand,
   * as they would have. Under load a read brings many updates, and they then share one transaction,
   * one update event, one stored row and one place in the broadcast: the cost per update falls as
   * the server falls behind (docs/decisions/116).
   */
  function applyIncoming(connection: Connection) {
    const updates = connection.incoming;
    if (updates.length === 0) return;
    connection.incoming = [];
    const { ws, room } = connection;
    if (ws.readyState !== ws.OPEN) return;
    let refusal: unknown = null;
    connection.updatesInTransaction = 0;
    Y.transact(
      room.live.doc,
      () => {
        for (const update of updates) {
          try {
            if (!applyWritersUpdate(connection, update)) return;
            // A client's answer to the server's sync step 1 is usually empty; read together with
            // keystrokes (a busy server reads them at once), it is not an edit of its own.
            if (!isEmptyUpdate(update)) connection.updatesInTransaction += 1;
          } catch (error) {
            refusal = error;
            return;
          }
        }
      },
      connection,
    );
    if (refusal !== null) return refuse(connection, refusal);
    // The database is behind (slow, or its write lock held): this writer waits until the room's
    // backlog is committed, so it cannot grow without bound. Its updates already applied are kept.
    if (room.live.uncommittedBytes > maxUncommittedBytes && !connection.reading.holds("commits")) {
      connection.reading.hold("commits");
      room.live.whenCommitted(() => connection.reading.release("commits"));
    }
  }

  /**
   * A writer's update: within its room's quota, checked against the document schema (and any
   * further rule), and only then applied; refusals throw. False when the socket was closed.
   */
  function applyWritersUpdate(connection: Connection, update: Uint8Array): boolean {
    const { room, ws } = connection;
    if (ws.readyState !== ws.OPEN) return false;
    if (!room.size.admits(update.byteLength)) {
      const limit = `${Math.round(room.size.maxBytes / 1024)} KiB`;
      ws.close(
        CLOSE.roomFull,
        closeReason(
          `This ${room.kind === "draft" ? "draft" : "document"} has reached its size limit (${limit}); your last change was not saved`,
        ),
      );
      return false;
    }
    validateUpdate(room.live.doc, room.kind, update, options.updateRules);
    Y.applyUpdate(room.live.doc, update, connection);
    room.size.applied(update.byteLength);
    return true;
  }

  /**
   * Presence is stamped from the session: a client may say where its caret is (checked against
   * the presence schema), but its name, participant and colour come from the server, and it
   * may only speak for client ids its user owns.
   */
  function applyStampedAwareness(connection: Connection, update: Uint8Array) {
    const { room, actor } = connection;
    const stamp = presenceStamp(actor, connection.canWrite);
    const accepted: AwarenessEntry[] = [];
    for (const entry of decodeAwarenessUpdate(update)) {
      if (isEcho(connection, entry)) continue;
      if (!claimClientId(connection, entry.clientId)) continue;
      // A socket's presence for an id must move the client's own clock forward; the first one on
      // a socket is taken as it comes (a reconnecting y-websocket client repeats its last clock).
      const last = connection.clientClocks.get(entry.clientId);
      if (last !== undefined && (entry.clock < last || (entry.clock === last && entry.state !== null))) continue;
      const state = checkPresence(entry, room.live.doc, stamp);
      if (state === undefined) continue;
      connection.clientClocks.set(entry.clientId, entry.clock);
      // Readers compare the room's clock, which a re-stamp (or the room's record of an earlier
      // socket) may have moved past the client's: relayed one past the room's, the client's next
      // caret is never mistaken for a state already seen and dropped. (The client never sees the
      // room's clock: its own presence is not sent back to it, see ownPresenceLeftOut.)
      const roomClock = room.awareness.meta.get(entry.clientId)?.clock ?? 0;
      accepted.push({ ...entry, clock: entry.clock > roomClock ? entry.clock : roomClock + 1, state });
    }
    if (accepted.length === 0) return;
    applyAwarenessUpdate(room.awareness, encodeAwarenessUpdate(accepted), connection);
  }

  /**
   * y-websocket clients send back every presence change they receive. Another socket of the same
   * user (a second tab) echoing an id an open socket holds, at a clock the room has already seen,
   * is not that id's owner reconnecting: taking the id would hide the first tab's caret from the
   * second (a socket is not sent its own ids' presence) and move the id's fate to the wrong socket.
   */
  function isEcho(connection: Connection, entry: AwarenessEntry): boolean {
    const roomClock = connection.room.awareness.meta.get(entry.clientId)?.clock;
    if (roomClock === undefined || entry.clock > roomClock || connection.clientIds.has(entry.clientId)) return false;
    for (const other of connection.room.connections) if (other !== connection && other.clientIds.has(entry.clientId)) return true;
    return false;
  }

  function claimClientId(connection: Connection, clientId: number): boolean {
    if (connection.clientIds.has(clientId)) return true;
    if (connection.clientIds.size >= MAX_CLIENT_IDS_PER_CONNECTION) return false;
    if (!connection.room.clientIdOwners.claim(clientId, connection.actor.userId)) return false;
    // The owner reconnecting wins over its own stale socket, which no longer speaks for the id.
    for (const other of connection.room.connections) {
      if (other === connection) continue;
      other.clientIds.delete(clientId);
      other.clientClocks.delete(clientId);
    }
    connection.clientIds.add(clientId);
    return true;
  }

  /** Shows everyone the connection's current identity and rights (after a change of either). */
  function restamp(connection: Connection) {
    const { awareness } = connection.room;
    const stamp = presenceStamp(connection.actor, connection.canWrite);
    const entries: AwarenessEntry[] = [];
    for (const clientId of connection.clientIds) {
      const state = awareness.getStates().get(clientId);
      const clock = awareness.meta.get(clientId)?.clock;
      if (state && clock !== undefined) entries.push({ clientId, clock: clock + 1, state: { ...state, user: stamp } });
    }
    if (entries.length > 0) applyAwarenessUpdate(awareness, encodeAwarenessUpdate(entries), connection);
  }

  /** Re-checks a connection after a rights change: close it, or update its write permission. */
  async function recheck(connection: Connection) {
    try {
      const session = await options.authenticate(connection.req);
      if (!session) return connection.ws.close(CLOSE.sessionEnded, "Your session has ended");
      const access = await options.authorizeRoom(session.actor, connection.room.live.room);
      connection.actor = session.actor;
      connection.canWrite = access.canWrite;
      scheduleExpiry(connection, session.expiresInMs);
      restamp(connection);
    } catch (error) {
      const status = isDomainError(error) ? error.status : 500;
      connection.ws.close(status === 401 ? CLOSE.sessionEnded : CLOSE.accessRevoked, "Your access has changed");
    }
  }

  const allConnections = () => [...rooms.values()].flatMap((room) => [...room.connections]);
  events.on("user.accessChanged", (userId) => {
    for (const connection of allConnections()) if (connection.actor.userId === userId) void recheck(connection);
  });
  // A stage change affects the document's room and its delegations' drafting rooms alike.
  events.on("document.changed", () => {
    for (const connection of allConnections()) void recheck(connection);
  });
  // Only the amendment's drafting room is concerned: found by name, not by listing every socket (a
  // bulk of decisions emits one event per amendment while every typist of the document is connected).
  events.on("amendment.changed", ({ amendmentId }) => {
    const name = draftRoom(amendmentId);
    for (const room of rooms.values()) if (room.live.room === name) for (const connection of room.connections) void recheck(connection);
  });

  const pinger = setInterval(() => {
    for (const connection of allConnections()) {
      if (!connection.alive) connection.ws.terminate();
      connection.alive = false;
      connection.ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  return {
    /**
     * Re-checks every socket whose session has expired by the server's clock now. Timers fire on
     * real time; when the clock moves otherwise (the test clock), this catches up with it.
     */
    recheckExpired() {
      for (const connection of allConnections()) if (connection.expiresAt <= now()) void recheck(connection);
    },
    /** Re-checks every socket's session and rights (after events may have been lost: a Redis outage). */
    recheckAll() {
      for (const connection of allConnections()) void recheck(connection);
    },
    /** Stops accepting, closes every socket and releases every room (LiveDocuments flushes them). */
    async close() {
      closing = true;
      clearInterval(pinger);
      const closed = allConnections().map(
        (connection) =>
          new Promise<void>((resolve) => {
            connection.ws.once("close", () => resolve());
            connection.ws.close(CLOSE.shuttingDown, "Server shutting down");
            setTimeout(() => {
              connection.ws.terminate();
              resolve();
            }, 1000).unref();
          }),
      );
      await Promise.all(closed);
      wss.close();
    },
  };
}

/** A sync message carrying a document update (its sub-type is one byte). */
function isUpdateMessage(type: number, message: Uint8Array): boolean {
  return type === MESSAGE_SYNC && (message[1] === SYNC_STEP_2 || message[1] === SYNC_UPDATE);
}

/** A close reason fits in 123 bytes. */
function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = `${reason.slice(0, -2)}…`;
  return reason;
}

function rejectUpgrade(socket: Duplex, status: number, message: string) {
  if (socket.destroyed) return;
  const reason =
    { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 422: "Bad Request", 503: "Service Unavailable" }[
      status
    ] ?? "Error";
  const code = status === 422 ? 400 : status;
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${code} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // Drain and discard whatever the client keeps sending, so closing does not reset the
  // connection before the refusal is read; give up after a second either way.
  socket.resume();
  setTimeout(() => socket.destroy(), 1000).unref();
}
