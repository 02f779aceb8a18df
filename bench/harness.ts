// Helpers shared by the benchmarks that run the real server in a child process.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_FLAGS } from "../server/nodeFlags";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const children = new Set<ChildProcess>();
// A benchmark that fails half-way must not leave its servers running.
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

/** A server under benchmark, run as `npm start` runs it (its Node flags: server/nodeFlags.ts). */
export const SERVER_ARGS = [...SERVER_NODE_FLAGS, "server/index.ts"];

/**
 * Runs a TypeScript entry point pinned to a set of cores (`taskset`: a core number, or a list such as
 * "0,1"); `preload` modules go before it.
 * BENCH_NODE_FLAGS adds Node flags to it, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to find what
 * holds the event loop (NODE_OPTIONS refuses --cpu-prof).
 */
export function pinned(core: number | string, args: string[], env: Record<string, string> = {}, preload: string[] = []): ChildProcess {
  const child = spawn(
    "taskset",
    [
      "-c",
      String(core),
      process.execPath,
      ...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []),
      "--import",
      "tsx",
      ...preload.flatMap((file) => ["--import", file]),
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

const CGROUP_CPU = "/sys/fs/cgroup/cpu";
/**
 * cpu.shares of a benchmark's own processes (the confined server, the load generator): the most
 * cgroup v1 allows, so that other work on a shared machine (every other process weighs 1,024) takes
 * from them only what they leave. A quota caps what a server may use; the shares make sure it gets
 * it, whatever else runs (docs/decisions/169).
 */
const FAVOURED_SHARES = 262_144;

/** Whether the cgroup v1 cpu controller is there, and writable (root), as on this machine class. */
function cgroupCpuAvailable(): boolean {
  try {
    fs.accessSync(path.join(CGROUP_CPU, "cgroup.procs"), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function cpuGroup(name: string, settings: Record<string, number>, pids: readonly number[]): () => void {
  const group = path.join(CGROUP_CPU, name);
  // An empty group left by an earlier run (see favourThisBenchmark) is taken over.
  fs.mkdirSync(group, { recursive: true });
  for (const [file, value] of Object.entries(settings)) fs.writeFileSync(path.join(group, file), String(value));
  for (const pid of pids) fs.writeFileSync(path.join(group, "cgroup.procs"), String(pid));
  // A cgroup is removed with rmdir once empty (its control files cannot be unlinked).
  return () => fs.rmdirSync(group);
}

/**
 * Confines a running process, every thread of it, to `fraction` of one core with a cgroup (v1) CPU
 * quota over 10 ms periods, so a server can be saturated by a generator that cannot offer twice its
 * full-core rate; favoured, so that it gets that fraction on a shared machine. Returns the release,
 * to call once the process has exited. Needs root and the cgroup v1 cpu controller mounted at
 * /sys/fs/cgroup/cpu (as on this machine class).
 */
export function confineToCpuShare(pid: number, fraction: number): () => void {
  if (!cgroupCpuAvailable()) throw new Error(`--cpu-quota needs the cgroup v1 cpu controller at ${CGROUP_CPU}, as root`);
  const periodUs = 10_000;
  return cpuGroup(
    `plenary-bench-${pid}`,
    {
      "cpu.cfs_period_us": periodUs,
      "cpu.cfs_quota_us": Math.max(1_000, Math.round(periodUs * fraction)),
      "cpu.shares": FAVOURED_SHARES,
    },
    [pid],
  );
}

let favoured = false;

/**
 * Puts this benchmark process, and with it every process it starts from now on (servers, load
 * generators, bare applies), at the most CPU shares (see FAVOURED_SHARES), with no cap. Does nothing
 * where cgroups cannot be used; `favouredNote` says which for the figures' machine line.
 */
export function favourThisBenchmark() {
  if (favoured || !cgroupCpuAvailable()) return;
  const release = cpuGroup("plenary-bench-favoured", { "cpu.shares": FAVOURED_SHARES }, [process.pid]);
  favoured = true;
  process.on("exit", () => {
    try {
      fs.writeFileSync(path.join(CGROUP_CPU, "cgroup.procs"), String(process.pid));
      release();
    } catch {
      // A child still exiting keeps the group; the next run takes it over.
    }
  });
}

export const favouredNote = () =>
  favoured ? " The benchmark's processes ran at the most cgroup CPU shares, so other work on the machine took only what they left." : "";

export async function waitForPort(child: ChildProcess): Promise<number> {
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/i.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

export async function signIn(url: string, email: string) {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "plenary-demo-2025" }).toString(),
  });
  return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
}

/** A migrated, seeded database file of its own under bench/.tmp. */
export function seededDatabase(name: string): { file: string; url: string } {
  const dir = path.join(ROOT, "bench/.tmp");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.db`);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  const url = `file:${file}`;
  const env = { ...process.env, DATABASE_URL: url } as NodeJS.ProcessEnv;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "ignore" });
  execFileSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "ignore" });
  return { file, url };
}

/** What bench/eventLoopProbe.ts reports for a window (see there). */
export interface LoopSample {
  maxMs: number;
  p99Ms: number;
  cpuMaxMs: number;
  /** The longest gap between two turns of the probe's 2 ms timer, and what ran in it. */
  longestStall: { wallMs: number; mainCpuMs: number; otherThreadsCpuMs: number; mainWaitMs: number };
  /** With EVENT_LOOP_THREADS=1: each thread's CPU and wait during the longest stall. */
  threads?: Record<string, { runMs: number; waitMs: number }>;
}

/** Event-loop delay of a server started with bench/eventLoopProbe.ts preloaded. */
export function eventLoopProbe(child: ChildProcess, file: string) {
  let sequence = 0;
  return {
    /** Max and p99 delay since the previous call (the first call only starts the window). */
    async sample(): Promise<LoopSample> {
      sequence += 1;
      child.kill("SIGUSR2");
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        try {
          const sample = JSON.parse(fs.readFileSync(file, "utf8")) as LoopSample & { sequence: number };
          if (sample.sequence >= sequence) return sample;
        } catch {
          // not written yet
        }
      }
    },
  };
}
