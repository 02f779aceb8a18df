import fs from "node:fs";
import os from "node:os";

/** This thread's id as Linux names it in /proc/thread-self; null elsewhere (or for the main thread). */
function threadId() {
  try {
    const id = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isInteger(id) && id !== process.pid ? id : null;
  } catch {
    return null;
  }
}

/**
 * For a worker thread doing background work (compaction, encodings, views the server makes for
 * itself): where it shares a core with the event loop (a small machine, a pinned server), the event
 * loop goes first. Linux names a thread by its id in /proc/thread-self, and a nice value set on it
 * applies to this thread alone. Elsewhere the thread runs at the process's priority.
 */
export function lowerThreadPriority(nice = 10) {
  try {
    const id = threadId();
    if (id !== null) os.setPriority(id, nice);
  } catch {
    // not allowed: no matter
  }
}

/** This worker thread's nice value as the OS schedules it (the process's where threads cannot be told apart). */
export function threadPriority() {
  try {
    return os.getPriority(threadId() ?? 0);
  } catch {
    return null;
  }
}
