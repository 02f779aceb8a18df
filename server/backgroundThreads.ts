import fs from "node:fs";
import os from "node:os";

/**
 * Lowers by `by` nice steps the priority of every thread the process has besides the main one: at
 * start-up these are V8's platform threads (concurrent and parallel GC, background compilation of
 * JavaScript and of Prisma's WebAssembly query compiler) and the module loader's. On a core they share
 * with the event loop (a small machine, a pinned server) the event loop then goes first, and they run
 * when it waits. Threads started later (the worker threads, libuv's pool) are started by the main
 * thread and take its priority. Linux only (a nice value set on a thread id applies to that thread
 * alone). Opt-in (BACKGROUND_THREADS_NICE, docs/decisions/134).
 */
export function lowerBackgroundThreads(by: number) {
  if (process.platform !== "linux") return;
  try {
    for (const entry of fs.readdirSync("/proc/self/task")) {
      const threadId = Number(entry);
      if (threadId !== process.pid) os.setPriority(threadId, Math.min(19, os.getPriority(threadId) + by));
    }
  } catch {
    // not allowed, or the thread ended meanwhile: no matter
  }
}
