import { useEffect, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CLOSE_CODES, COLLAB_PATH, DENIED_MESSAGES } from "../../../common/collab";

export type ConnectionState =
  | { kind: "connecting" }
  | { kind: "connected" }
  | { kind: "reconnecting" }
  | { kind: "offline" }
  | { kind: "denied"; message: string }
  | { kind: "halted"; message: string };

export interface PresentUser {
  clientId: number;
  name: string;
  participant: string;
  color: string;
  canWrite: boolean;
}

// 44xx close codes are permanent: y-websocket stops retrying and the page says why.
const DENIED_CODES = DENIED_MESSAGES;

// The server stopped this connection for what it sent: a refused change (1007), a full room
// (4413), or too many messages or sockets (4429). Its reason says which; retrying would repeat it.
const HALTED_CODES: Record<number, string> = {
  [CLOSE_CODES.malformed]: "Your last change was refused and not saved. Reload the page to continue.",
  [CLOSE_CODES.roomFull]: "This text has reached its size limit; your last change was not saved.",
  [CLOSE_CODES.tooMany]: "Too many changes or connections at once. Reload the page to continue.",
};

/** One Y.Doc and WebsocketProvider per room, with a connection state people can understand. */
export function useCollaboration(room: string) {
  const [session, setSession] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [connection, setConnection] = useState<ConnectionState>({ kind: "connecting" });
  const [loaded, setLoaded] = useState(false);
  const [present, setPresent] = useState<PresentUser[]>([]);

  useEffect(() => {
    const doc = new Y.Doc();
    const url = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}${COLLAB_PATH}`;
    const provider = new WebsocketProvider(url, room, doc, { disableBc: true, maxBackoffTime: 5000 });
    let everConnected = false;
    let denied = false;
    let loadedOnce = false;

    const deny = (message: string) => {
      denied = true;
      provider.disconnect();
      setConnection({ kind: "denied", message });
    };
    const halt = (message: string) => {
      denied = true;
      provider.disconnect();
      setConnection({ kind: "halted", message });
    };
    // A refused upgrade looks like any network error to a browser: ask the server why.
    const explainFailure = async () => {
      if (denied || !navigator.onLine) return;
      try {
        const response = await fetch(`/api/collab-access?room=${encodeURIComponent(room)}`, { credentials: "same-origin" });
        if (response.status === 401) deny("Your session has ended. Sign in again to continue.");
        else if (response.status === 403 || response.status === 404) {
          const body = (await response.json().catch(() => ({}))) as { message?: string };
          deny(body.message ?? "You do not have access to this document.");
        }
      } catch {
        // The server is unreachable: keep retrying, the state says "reconnecting".
      }
    };

    provider.on("status", ({ status }) => {
      if (denied) return;
      if (status === "connected") {
        everConnected = true;
        setConnection({ kind: "connected" });
      } else if (!navigator.onLine) setConnection({ kind: "offline" });
      else setConnection({ kind: everConnected ? "reconnecting" : "connecting" });
    });
    // Once loaded, the text stays on screen through disconnects (read-only when access ends).
    provider.on("sync", (isSynced) => {
      if (!isSynced) return;
      // For the editor-ready benchmark's timeline (bench/editorReady.ts): the server's state applied.
      if (!loadedOnce) performance.mark("plenary:synced");
      loadedOnce = true;
      setLoaded(true);
    });
    provider.on("connection-error", () => void explainFailure());
    provider.on("connection-close", (event) => {
      if (event && DENIED_CODES[event.code]) deny(DENIED_CODES[event.code]!);
      else if (event && HALTED_CODES[event.code]) halt(event.reason ? `${event.reason}.` : HALTED_CODES[event.code]!);
      else if (!everConnected || provider.wsUnsuccessfulReconnects > 0) void explainFailure();
    });
    const goOffline = () => !denied && setConnection({ kind: "offline" });
    const goOnline = () => !denied && setConnection({ kind: provider.wsconnected ? "connected" : "reconnecting" });
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);

    const updatePresence = () => {
      const users: PresentUser[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        const user = state.user as Omit<PresentUser, "clientId"> | undefined;
        if (user?.name) users.push({ clientId, ...user });
      });
      setPresent(users);
    };
    provider.awareness.on("change", updatePresence);
    setSession({ doc, provider });
    return () => {
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      provider.awareness.off("change", updatePresence);
      provider.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [room]);

  return { session, connection, loaded, present };
}
