import type { AppLoadContext } from "@remix-run/node";

/**
 * For a loader: `html` as the page's data should carry it. On a whole-page request it goes to the
 * server render under `key` instead (app/utils/pageHtml.tsx, `usePageHtml`) and the data carries
 * null; a data request gets it in the data.
 */
export function pageHtml(context: AppLoadContext, key: string, html: string): string | null {
  if (!context.pageHtml) return html;
  context.pageHtml.set(key, html);
  return null;
}
