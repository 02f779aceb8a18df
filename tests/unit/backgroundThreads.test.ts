// BACKGROUND_THREADS_NICE (decision 134): the threads a process has at start-up go below the main
// thread; a worker thread started afterwards keeps the main thread's priority.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const script = `
import fs from "node:fs";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { lowerBackgroundThreads } from "./server/backgroundThreads.ts";
const nice = (tid) => os.getPriority(Number(tid));
const before = fs.readdirSync("/proc/self/task").filter((tid) => Number(tid) !== process.pid);
lowerBackgroundThreads(7);
const worker = new Worker(new URL("data:text/javascript,import { parentPort } from 'node:worker_threads'; import fs from 'node:fs'; parentPort.postMessage(fs.readlinkSync('/proc/thread-self').split('/').pop());"));
const workerTid = await new Promise((resolve) => worker.once("message", resolve));
console.log(JSON.stringify({ main: nice(process.pid), background: before.map(nice), worker: nice(workerTid) }));
await worker.terminate();
`;

describe.runIf(process.platform === "linux")("lowerBackgroundThreads", () => {
  it("lowers the threads present at the call and leaves the main thread and later workers as they are", () => {
    const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: process.cwd(),
    }).toString();
    const { main, background, worker } = JSON.parse(output.trim().split("\n").at(-1)!) as {
      main: number;
      background: number[];
      worker: number;
    };
    expect(background.length).toBeGreaterThan(0);
    expect(background.every((nice) => nice === main + 7)).toBe(true);
    expect(worker).toBe(main);
  });
});
