import type { ConnectionState, PresentUser } from "./editor/useCollaboration";

const LABEL: Record<ConnectionState["kind"], string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline — changes will sync when you are back online",
  denied: "Access denied",
  halted: "Not saving",
};

export function ConnectionStatus({ connection }: { connection: ConnectionState }) {
  return (
    <p className={`connection connection--${connection.kind}`} role="status" aria-live="polite" data-testid="connection-state">
      <span className="connection__dot" aria-hidden="true" />
      {LABEL[connection.kind]}
      {connection.kind === "denied" || connection.kind === "halted" ? (
        <span className="connection__reason">: {connection.message}</span>
      ) : null}
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
