import type { LoaderFunctionArgs } from "@remix-run/node";

/**
 * Any address no other route matches: a 404 thrown from a loader, so the error page renders
 * inside the app's layout with the signed-in header (a router-level miss runs no loaders).
 */
export async function loader(_: LoaderFunctionArgs) {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}

export default function NotFound() {
  return null;
}
