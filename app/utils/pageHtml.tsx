import { createContext, useContext, useState } from "react";

/**
 * HTML the loaders of a whole-page request handed to its server render (server/loadContext.ts
 * `pageHtml`), by key; empty in the browser.
 */
export const PageHtmlContext = createContext<ReadonlyMap<string, string>>(new Map());

/**
 * The HTML a page shows as it is under `key` (the element carries `data-page-html={key}`). It comes
 * with the loader's data on a data request; on a whole-page request the loader hands it to the
 * server render instead, and the browser, hydrating a page whose data left it out, takes it from
 * the markup the server wrote, read once before React owns the element (React never rewrites an
 * element's inner HTML while hydrating). A long text is thus written into the page once, not
 * again as escaped JSON in its data (docs/decisions/132).
 */
export function usePageHtml(key: string, fromData: string | null): string {
  const rendered = useContext(PageHtmlContext).get(key);
  const [hydrated] = useState(() =>
    fromData === null && rendered === undefined && typeof document !== "undefined"
      ? (document.querySelector(`[data-page-html="${key}"]`)?.innerHTML ?? "")
      : "",
  );
  return fromData ?? rendered ?? hydrated;
}
