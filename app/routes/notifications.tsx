import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { formatUtc } from "../utils/format";

export const meta: MetaFunction = () => [{ title: "Notifications · Plenary" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json({ notifications: await loadOrThrow(() => context.services.listNotifications(actor)) });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  await context.services.markNotificationsRead(actor);
  return json({ ok: true });
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.filter((notification) => !notification.readAt).length;
  return (
    <div className="stack stack--lg page--medium">
      <div className="section-head">
        <h1>Notifications</h1>
        {unread > 0 ? (
          <Form method="post">
            <button type="submit" className="button">
              Mark all as read
            </button>
          </Form>
        ) : null}
      </div>
      <section className="card">
        {notifications.length === 0 ? (
          <p className="muted">Nothing yet. You are notified when your delegation is mentioned and when a document moves stage.</p>
        ) : null}
        <ul className="notification-list" data-testid="notifications">
          {notifications.map((notification) => (
            <li key={notification.id} className={notification.readAt ? "" : "notification--unread"}>
              <Link to={notificationTarget(notification)}>{notification.text}</Link>
              <span className="muted small"> · {formatUtc(notification.createdAt)}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** Where a notification lands: its thread (opened and focused), its amendment, else its document. */
function notificationTarget(notification: { documentId: string; threadId: string | null; amendmentId: string | null }) {
  if (notification.threadId) return `/documents/${notification.documentId}?thread=${encodeURIComponent(notification.threadId)}`;
  if (notification.amendmentId) return `/amendments/${notification.amendmentId}`;
  return `/documents/${notification.documentId}`;
}
