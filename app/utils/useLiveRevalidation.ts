import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * Refreshes the page's loaders when the server announces a change to this document
 * (server/http/liveEvents.ts). Bursts of notices cause one refresh. Returns a counter that
 * moves with every refresh, for data loaded by fetchers.
 */
export function useLiveRevalidation(documentId: string) {
  const revalidator = useRevalidator();
  const [version, setVersion] = useState(0);
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    const source = new EventSource(`/live/documents/${documentId}`);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        revalidate.current();
        setVersion((current) => current + 1);
      }, 100);
    };
    source.addEventListener("amendment", schedule);
    source.addEventListener("comment", schedule);
    source.addEventListener("document", schedule);
    // The base text changed (debounced by the server): paragraphs, outdated amendments, orphaned threads.
    source.addEventListener("text", schedule);
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [documentId]);
  return version;
}
