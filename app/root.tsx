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
import { useEffect, useState, type ReactNode } from "react";
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
    user: actor ? context.services.getViewer(actor) : null,
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

const ERROR_PAGES: Record<number, { heading: string; explanation: string }> = {
  401: { heading: "Please sign in", explanation: "This page is for signed-in participants." },
  403: {
    heading: "You cannot open this page",
    explanation: "Your role does not give access to it. If you think it should, ask the Secretariat.",
  },
  404: {
    heading: "Page not found",
    explanation: "There is nothing at this address. The link may be wrong, or what it pointed to was removed.",
  },
  500: {
    heading: "Something went wrong",
    explanation: "Something went wrong on our side. Nothing you sent was lost; please try again in a moment.",
  },
};

/** 403, 404 and 500 inside the app's layout: plain words, a reference for support, a way back. */
export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const page = ERROR_PAGES[status] ?? (status >= 500 ? ERROR_PAGES[500]! : { heading: "This request was refused", explanation: "" });
  // Unexpected failures arrive as { message, reference } (server/http/errors.ts): never a stack.
  const data: unknown = isRouteErrorResponse(error) ? error.data : null;
  const reference = typeof data === "object" && data !== null && "reference" in data ? String(data.reference) : null;
  // A domain message ("Amendment not found.") is plain words; router text ("Error: No route matches…") is not.
  const detail = typeof data === "string" && data && !data.startsWith("Error:") && status < 500 ? data : null;
  return (
    <Document title={`${page.heading} · Plenary`}>
      <AppHeader user={root?.user ?? null} unreadNotifications={root?.unreadNotifications ?? 0} />
      <main id="main" className="page page--narrow">
        <div className="card error-card" role="alert" data-testid="error-page">
          <p className="eyebrow">Error {status}</p>
          <h1>{page.heading}</h1>
          {detail ? <p>{detail}</p> : null}
          {page.explanation ? <p className={detail ? "muted" : undefined}>{page.explanation}</p> : null}
          {reference ? (
            <p className="muted small">
              If you contact the Secretariat, quote this reference: <span className="mono">{reference}</span>
            </p>
          ) : null}
          <p className="button-row">
            {status === 401 ? (
              <a className="button button--primary" href="/login">
                Sign in
              </a>
            ) : (
              <a className="button button--primary" href="/">
                Back to the process
              </a>
            )}
            <BackLink />
          </p>
        </div>
      </main>
    </Document>
  );
}

/** "Previous page", only once JavaScript can go back (a plain link cannot). */
function BackLink() {
  const [canGoBack, setCanGoBack] = useState(false);
  useEffect(() => setCanGoBack(window.history.length > 1), []);
  if (!canGoBack) return null;
  return (
    <button type="button" className="button" onClick={() => window.history.back()}>
      Previous page
    </button>
  );
}
