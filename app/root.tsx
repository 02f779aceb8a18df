import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { abilitiesFor, processResource, roleOf } from "../server/policies";
import { AppHeader } from "./components/AppHeader";
import styles from "./styles/app.css";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const { actor } = context;
  const unreadNotifications = actor ? await context.services.countUnreadNotifications(actor) : 0;
  return json({
    unreadNotifications,
    user: actor
      ? {
          name: actor.name,
          participantName: actor.participantName,
          participantKind: actor.participantKind,
          colour: actor.participantColour,
          role: roleOf(actor),
          office: actor.office,
          delegationRole: actor.delegationRole,
          abilities: abilitiesFor(actor, processResource(actor.processId)),
        }
      : null,
  });
}

export type RootUser = ReturnType<typeof useRootUser>;
export function useRootUser() {
  return useRouteLoaderData<typeof loader>("root")?.user ?? null;
}

function Document({ children, title }: { children: ReactNode; title?: string }) {
  const nonce = useNonce();
  return (
    <html lang="en" dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, unreadNotifications } = useLoaderData<typeof loader>();
  return (
    <Document>
      <AppHeader user={user} unreadNotifications={unreadNotifications} />
      <main id="main" className="page">
        <Outlet />
      </main>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // Unexpected failures arrive as { message, reference } (server/http/errors.ts): never a stack.
  const data: unknown = isRouteErrorResponse(error) ? error.data : null;
  const reference = typeof data === "object" && data !== null && "reference" in data ? String(data.reference) : null;
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string" && error.data
      ? error.data
      : typeof data === "object" && data !== null && "message" in data
        ? String(data.message)
        : error.statusText
    : "Something went wrong on our side. The error has been logged.";
  const heading = { 401: "Please sign in", 403: "Not allowed", 404: "Not found" }[status] ?? "Error";
  return (
    <Document title={`${heading} · Plenary`}>
      <main id="main" className="page page--narrow">
        <div className="card error-card" role="alert">
          <p className="eyebrow">Error {status}</p>
          <h1>{heading}</h1>
          <p>{message}</p>
          {reference ? (
            <p className="muted">
              Reference: <span className="mono">{reference}</span>
            </p>
          ) : null}
          <p>
            <a href="/">Back to the process</a>
          </p>
        </div>
      </main>
    </Document>
  );
}
