import { Form, Link, NavLink } from "@remix-run/react";
import { LABELS } from "../labels";
import type { loader } from "../root";
import type { SerializeFrom } from "@remix-run/node";

type User = SerializeFrom<typeof loader>["user"];

export function AppHeader({ user, unreadNotifications }: { user: User; unreadNotifications: number }) {
  return (
    <header className="app-header">
      <Link to="/" className="brand" aria-label="Plenary home">
        <span className="brand__mark" aria-hidden="true">
          ¶
        </span>
        Plenary
      </Link>
      {user ? (
        <>
          <nav aria-label="Main" className="app-nav">
            <NavLink to="/" end>
              Process
            </NavLink>
            {user.participantKind === "state" ? <NavLink to="/amendments">Our amendments</NavLink> : null}
            {user.abilities["process.manage"] ? <NavLink to="/admin/participants">Participants &amp; users</NavLink> : null}
            {user.abilities["audit.read"] ? <NavLink to="/audit">Audit log</NavLink> : null}
          </nav>
          <div className="whoami">
            <NavLink to="/notifications" className="notifications-link" aria-label={`Notifications, ${unreadNotifications} unread`}>
              Notifications
              {unreadNotifications > 0 ? <span className="notifications-link__count">{unreadNotifications}</span> : null}
            </NavLink>
            <span className="participant-dot" style={{ background: user.colour }} aria-hidden="true" />
            <span>
              <strong>{user.name}</strong>
              <span className="whoami__detail">
                {user.participantName}
                {" · "}
                {user.office
                  ? LABELS.office[user.office as "chair" | "co_chair"]
                  : user.delegationRole
                    ? LABELS.delegationRole[user.delegationRole as "head" | "delegate"]
                    : LABELS.participantKind[user.participantKind as "secretariat"]}
              </span>
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="button button--quiet">
                Sign out
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </header>
  );
}
