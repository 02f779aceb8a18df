import { useEffect, useState } from "react";

/**
 * Whether the browser is online (`navigator.onLine`), kept current; true while rendering on the
 * server. Panels load their lists through fetchers only while online: a fetcher that fails takes
 * the whole page to its error boundary (and Remix reloads the page when a route module cannot be
 * fetched), which would unmount the editor and lose what was typed offline.
 */
export function useOnline() {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}
