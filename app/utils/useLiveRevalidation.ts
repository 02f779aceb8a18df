import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * Refreshes the page's loaders when the server announces a change to this document
 * (server/http/liveEvents.ts). Bursts of notices cause one refresh. Returns a counter that
 * moves with every refresh, for data loaded by fetchers.
 *
 * A notice that arrives while a refresh is loading waits for it and then refreshes once more,
 * instead of starting over: Remix abandons a revalidation interrupted by another, so while
 * pen-holders type (a `text` notice every second or so) a refresh slower than the gap between
 * notices never landed, and the editor's amendment badges kept their old counts until a reload.
 */
export function useLiveRevalidation(documentId: string) {
  const revalidator = useRevalidator();
  const [version, setVersion] = useState(0);
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const loading = useRef(false);
  loading.current = revalidator.state !== "idle";
  const again = useRef(false);
  const refresh = useRef(() => {
    loading.current = true;
    revalidate.current();
    setVersion((current) => current + 1);
  });

  useEffect(() => {
    if (revalidator.state !== "idle" || !again.current) return;
    again.current = false;
    refresh.current();
  }, [revalidator.state]);

  useEffect(() => {
    const source = new EventSource(`/live/documents/${documentId}`);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        if (loading.current) again.current = true;
        else refresh.current();
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
