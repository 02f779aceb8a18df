import { useCallback, useEffect, useRef, useState } from "react";

const QUIET_MS = 2500;
const MAX_WAIT_MS = 8000;

/**
 * Collects the paragraphs others change and announces them once typing pauses (or at most every
 * few seconds), for a polite live region: "Changed by others: OP3, OP5." Never per keystroke.
 */
export function useLiveAnnouncer() {
  const [message, setMessage] = useState("");
  const pending = useRef(new Set<string>());
  const quiet = useRef<ReturnType<typeof setTimeout>>();
  const firstAt = useRef<number | null>(null);
  const flush = useCallback(() => {
    clearTimeout(quiet.current);
    firstAt.current = null;
    const labels = [...pending.current];
    pending.current.clear();
    if (labels.length > 0)
      setMessage(`Changed by others: ${labels.slice(0, 6).join(", ")}${labels.length > 6 ? ` and ${labels.length - 6} more` : ""}.`);
  }, []);
  const report = useCallback(
    (labels: string[]) => {
      for (const label of labels) pending.current.add(label);
      firstAt.current ??= Date.now();
      clearTimeout(quiet.current);
      if (Date.now() - firstAt.current >= MAX_WAIT_MS) return flush();
      quiet.current = setTimeout(flush, QUIET_MS);
    },
    [flush],
  );
  useEffect(() => () => clearTimeout(quiet.current), []);
  return { message, report };
}
