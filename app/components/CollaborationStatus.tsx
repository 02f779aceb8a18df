import type { ConnectionState, PresentUser } from "./editor/useCollaboration";

const LABEL: Record<ConnectionState["kind"], string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline — changes will sync when you are back online",
  denied: "Access denied",
  halted: "Not saving",
};

// Someone who may edit is told plainly when what they type is not reaching the server: it stays
// in the tab and is sent once the connection is back (readers only need to know it is down).
const UNSAVED: Partial<Record<ConnectionState["kind"], string>> = {
  reconnecting: "the connection dropped; reconnecting… Your changes are kept in this tab and saved once it is back.",
  offline: "you are offline. Your changes are kept in this tab and saved once you are back online.",
};

/** `editing`: the person may write here, so a lost connection means their text is not being saved. */
export function ConnectionStatus({ connection, editing = false }: { connection: ConnectionState; editing?: boolean }) {
  const unsaved = editing ? UNSAVED[connection.kind] : undefined;
  const reason = connection.kind === "denied" || connection.kind === "halted" ? connection.message : unsaved;
  return (
    <p
      className={`connection connection--${unsaved ? "halted" : connection.kind}`}
      role="status"
      aria-live="polite"
      data-testid="connection-state"
    >
      <span className="connection__dot" aria-hidden="true" />
      <span>
        {unsaved ? LABEL.halted : LABEL[connection.kind]}
        {reason ? <span className="connection__reason">: {reason}</span> : null}
      </span>
    </p>
  );
}

export function PresenceList({ present }: { present: PresentUser[] }) {
  // One entry per person, even with several tabs open.
  const people = [...new Map(present.map((user) => [`${user.name}|${user.participant}`, user])).values()];
  return (
    <section className="presence" aria-label="People in this document">
      <h2 className="visually-hidden">In this document</h2>
      <ul data-testid="presence-list">
        {people.map((user) => (
          <li key={user.clientId} className="presence__person" title={`${user.name}, ${user.participant}`}>
            <span className="presence__avatar" style={{ background: user.color }} aria-hidden="true">
              {initials(user.name)}
            </span>
            <span className="presence__name">
              {user.name} <span className="presence__participant">· {user.participant}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function initials(name: string) {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}
