import fs from "node:fs";
import os from "node:os";

/**
 * For a worker thread doing background work (compaction, encodings, rendered views): where it shares
 * a core with the event loop (a small machine, a pinned server), the event loop goes first. Linux
 * names a thread by its id in /proc/thread-self, and a nice value set on it applies to this thread
 * alone. Elsewhere the thread runs at the process's priority.
 */
export function lowerThreadPriority(nice = 10) {
  try {
    const threadId = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(threadId) && threadId !== process.pid) os.setPriority(threadId, nice);
  } catch {
    // not Linux, or not allowed: no matter
  }
}
