import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * Refreshes the page's loaders when the server announces a change to this document
 * (server/http/liveEvents.ts). Bursts of notices cause one refresh.
 */
export function useLiveRevalidation(documentId: string) {
  const revalidator = useRevalidator();
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
      }, 100);
    };
    source.addEventListener("amendment", schedule);
    source.addEventListener("comment", schedule);
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [documentId]);
}
