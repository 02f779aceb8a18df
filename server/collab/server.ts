import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import * as decoding from "lib0/decoding";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate as encodeAwarenessStates, removeAwarenessStates } from "y-protocols/awareness";
import * as Y from "yjs";
import { WebSocketServer, type WebSocket } from "ws";
import type { UpdateAuthor } from "../db/updateLog";
import type { DomainEvents } from "../domain/kernel/context";
import { isDomainError } from "../domain/kernel/errors";
import type { RoomAccess } from "../domain/documents/authorizeRoom";
import type { Actor } from "../policies";
import type { CommittedUpdate, LiveDocument, LiveDocuments } from "../yjs/liveDocuments";
import { Outbound } from "./outbound";
import {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP_1,
  SYNC_STEP_2,
  SYNC_UPDATE,
  awarenessMessage,
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from "./protocol";

export const COLLAB_PATH = "/collab/";

export function isCollabPath(url: string | undefined) {
  return new URL(url ?? "/", "http://localhost").pathname.startsWith(COLLAB_PATH);
}

/** Close codes the browser client understands (see app/editor/useCollaboration). */
export const CLOSE = {
  malformed: 1007,
  tooBig: 1009,
  shuttingDown: 1001,
  slowConsumer: 1013,
  sessionEnded: 4401,
  accessRevoked: 4403,
} as const;

/** Presence is coalesced over this window: at 200 sockets, one frame per change was most of the sending. */
const PRESENCE_WINDOW_MS = 40;
const MAX_CLIENT_IDS_PER_CONNECTION = 4;
const PING_INTERVAL_MS = 30_000;

export interface CollabOptions {
  liveDocuments: LiveDocuments;
  events: DomainEvents;
  maxFrameBytes: number;
  authenticate: (req: IncomingMessage) => Promise<Actor | null>;
  authorizeRoom: (actor: Actor | null, room: string) => Promise<RoomAccess>;
}

/** One open WebSocket. It is the Yjs transaction origin of its updates, and carries their author. */
class Connection {
  readonly clientIds = new Set<number>();
  readonly outbound: Outbound;
  alive = true;
  author: UpdateAuthor;

  constructor(
    readonly ws: WebSocket,
    readonly req: IncomingMessage,
    readonly room: CollabRoom,
    public actor: Actor,
    public canWrite: boolean,
  ) {
    this.author = { userId: actor.userId, participantId: actor.participantId };
    this.outbound = new Outbound(ws, (clientIds) => room.presenceMessage(clientIds), () => ws.close(CLOSE.slowConsumer, "Connection too slow; reconnecting"));
  }

  send(message: Uint8Array) {
    this.outbound.send(message);
  }
}

/** The transport side of a loaded room: its sockets and its presence. */
class CollabRoom {
  readonly connections = new Set<Connection>();
  readonly awareness: Awareness;

  constructor(readonly live: LiveDocument) {
    this.awareness = new Awareness(live.doc);
    this.awareness.setLocalState(null);
    // Committed updates only: nothing reaches another client before it is in the database.
    live.on("committed", (batch) => this.broadcastCommitted(batch));
    this.awareness.on("update", ({ added, updated, removed }: Record<string, number[]>) => {
      for (const clientId of [...added!, ...updated!, ...removed!]) this.changedPresence.add(clientId);
      this.presenceFlush ??= setTimeout(() => this.broadcastPresence(), PRESENCE_WINDOW_MS);
    });
  }

  private changedPresence = new Set<number>();
  private presenceFlush: NodeJS.Timeout | null = null;

  /**
   * One frame per committed batch, the same for every socket (a sender gets its own updates back,
   * which Yjs ignores): merging per recipient cost a merge per writer in the batch, which is what
   * collapsed under overload. A socket that is behind gets the batches merged (see Outbound).
   */
  private broadcastCommitted(batch: readonly CommittedUpdate[]) {
    const update = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((entry) => entry.update));
    const message = updateMessage(update);
    for (const connection of this.connections) connection.outbound.update(update, message);
  }

  /** The current presence of these client ids (those the room still knows). */
  presenceMessage(clientIds: readonly number[]): Uint8Array | null {
    const known = clientIds.filter((clientId) => this.awareness.meta.has(clientId));
    return known.length > 0 ? awarenessMessage(encodeAwarenessStates(this.awareness, known)) : null;
  }

  /** Presence changes are gathered for PRESENCE_WINDOW_MS and go out together, after document updates. */
  private broadcastPresence() {
    this.presenceFlush = null;
    const changed = [...this.changedPresence];
    this.changedPresence.clear();
    const message = this.presenceMessage(changed);
    if (!message) return;
    for (const connection of this.connections) connection.outbound.presenceChanged(changed, message);
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
  let closing = false;

  httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Other upgrade paths belong to someone else (for example a dev server); leave them alone.
    if (!isCollabPath(req.url)) return;
    socket.on("error", () => socket.destroy());
    const encodedRoom = new URL(req.url ?? "/", "http://localhost").pathname.slice(COLLAB_PATH.length);
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
    let actor: Actor | null;
    let access: RoomAccess;
    try {
      actor = await options.authenticate(req);
      access = await options.authorizeRoom(actor, roomName);
    } catch (error) {
      if (isDomainError(error)) return rejectUpgrade(socket, error.status, error.message);
      console.error("collab upgrade failed", error);
      return rejectUpgrade(socket, 500, "Internal error");
    }
    if (socket.destroyed || !actor) return socket.destroy();
    let room: CollabRoom;
    try {
      // A long stored log is compacted off the event loop before the room opens.
      room = await openRoom(access.room);
      // Closed meanwhile by the last socket leaving: open it again.
      while (rooms.get(access.room) !== room) room = await openRoom(access.room);
    } catch (error) {
      console.error("collab room failed to load", error);
      return rejectUpgrade(socket, 500, "Internal error");
    }
    if (socket.destroyed || closing) {
      closeIfEmpty(room);
      return socket.destroy();
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(ws, req, room, actor, access.canWrite);
      room.connections.add(connection);
      startConnection(connection);
    });
  }

  const opening = new Map<string, Promise<CollabRoom>>();
  function openRoom(name: string): Promise<CollabRoom> {
    const open = rooms.get(name);
    if (open) return Promise.resolve(open);
    let pending = opening.get(name);
    if (!pending) {
      pending = liveDocuments
        .acquire(name)
        .then((live) => {
          const room = new CollabRoom(live);
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
    removeAwarenessStates(room.awareness, [...connection.clientIds], null);
    closeIfEmpty(room);
  }

  function closeIfEmpty(room: CollabRoom) {
    if (room.connections.size > 0 || rooms.get(room.live.room) !== room) return;
    rooms.delete(room.live.room);
    room.destroy();
    room.live.removeAllListeners("committed");
    liveDocuments.release(room.live);
  }

  function startConnection(connection: Connection) {
    const { ws, room } = connection;
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      try {
        if (!isBinary) throw new Error("text frame");
        handleMessage(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch {
        // Only this socket is closed; the room and everyone else carry on.
        ws.close(CLOSE.malformed, "Malformed message");
      }
    });
    ws.on("close", () => leaveRoom(connection));
    ws.on("error", () => ws.terminate());
    ws.on("pong", () => (connection.alive = true));

    connection.send(syncStep1Message(Y.encodeStateVector(room.live.doc)));
    const states = [...room.awareness.getStates().keys()];
    if (states.length > 0) connection.send(awarenessMessage(encodeAwarenessStates(room.awareness, states)));
  }

  function handleMessage(connection: Connection, message: Uint8Array) {
    const { room } = connection;
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === SYNC_STEP_1) {
          // Answer with committed state only: wait for any pending batch to reach the database.
          room.live.whenCommitted(() => connection.send(syncStep2Message(Y.encodeStateAsUpdate(room.live.doc, payload))));
        } else if (syncType === SYNC_STEP_2 || syncType === SYNC_UPDATE) {
          // A read-only connection's update is dropped here, whatever its client claims.
          if (connection.canWrite) Y.applyUpdate(room.live.doc, payload, connection);
        } else {
          throw new Error("unknown sync message");
        }
        return;
      }
      case MESSAGE_AWARENESS:
        return applyStampedAwareness(connection, decoding.readVarUint8Array(decoder));
      case MESSAGE_QUERY_AWARENESS: {
        const states = [...room.awareness.getStates().keys()];
        connection.send(awarenessMessage(encodeAwarenessStates(room.awareness, states)));
        return;
      }
      case MESSAGE_AUTH:
        return;
      default:
        throw new Error("unknown message type");
    }
  }

  /**
   * Presence is stamped from the session: a client may say where its caret is, but its name,
   * participant and colour come from the server, and it may only speak for its own client ids.
   */
  function applyStampedAwareness(connection: Connection, update: Uint8Array) {
    const { room, actor } = connection;
    const entries = decodeAwarenessUpdate(update).filter((entry) => {
      if (connection.clientIds.has(entry.clientId)) return true;
      const ownedElsewhere = [...room.connections].some((other) => other !== connection && other.clientIds.has(entry.clientId));
      if (ownedElsewhere || connection.clientIds.size >= MAX_CLIENT_IDS_PER_CONNECTION) return false;
      connection.clientIds.add(entry.clientId);
      return true;
    });
    if (entries.length === 0) return;
    const stamped = entries.map((entry) => ({
      ...entry,
      state:
        entry.state === null
          ? null
          : {
              ...entry.state,
              user: {
                name: actor.name,
                color: actor.participantColour,
                participant: actor.participantName,
                participantCode: actor.participantCode,
                canWrite: connection.canWrite,
              },
            },
    }));
    applyAwarenessUpdate(room.awareness, encodeAwarenessUpdate(stamped), connection);
  }

  /** Re-checks a connection after a rights change: close it, or update its write permission. */
  async function recheck(connection: Connection) {
    try {
      const actor = await options.authenticate(connection.req);
      if (!actor) return connection.ws.close(CLOSE.sessionEnded, "Your session has ended");
      const access = await options.authorizeRoom(actor, connection.room.live.room);
      connection.actor = actor;
      connection.canWrite = access.canWrite;
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
  events.on("amendment.changed", ({ amendmentId }) => {
    for (const connection of allConnections()) if (connection.room.live.room === `draft.${amendmentId}`) void recheck(connection);
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
    connectionCount: () => allConnections().length,
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

function rejectUpgrade(socket: Duplex, status: number, message: string) {
  if (socket.destroyed) return;
  const reason = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 422: "Bad Request", 503: "Service Unavailable" }[status] ?? "Error";
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
