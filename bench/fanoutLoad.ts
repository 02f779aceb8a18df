// Runs the fan-out load (bench/loadProcess.ts) as several generator processes on core 1 and merges
// what they saw per phase: used by the fan-out bench (fanout.ts) and the multi-node bench (cluster.ts).
import { spawn } from "node:child_process";
import { ROOT } from "./harness";
import { BUCKET_MS, now, type LoadConfig, type ProcessPhase } from "./loadProcess";

/** Generator processes: the writers in one, the readers split over the others. */
export const READER_PROCESSES = Number(process.env.BENCH_READER_PROCESSES ?? 3);

/** One phase as fan-out saw it, merged over the generator processes. */
export interface PhaseResult {
  name: string;
  offeredPerSecond: number;
  sent: number;
  /** Updates the writers managed to send per second (below the offered rate when the generator fell behind). */
  sentPerSecond: number;
  /** Updates of this phase per second that reached every other client (fan-out completed). */
  deliveredPerSecond: number;
  /** Share of this phase's own updates that reached every other client. */
  completeRatio: number;
  deliveryRatio: number;
  /** Null when nothing of this phase was received at all. */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  serverCpuPercent: number;
  serverRssMiB: number;
  /** The generator processes' CPU, summed, % of a core (they share one core: near 100 it is the limit). */
  generatorCpuPercent: number;
  /** Sockets the server closed during the phase (a slow consumer is closed, for instance). */
  closed: number;
  /** Several nodes: latency of deliveries to a client on the writer's own node, and on another node. */
  sameNodeP50Ms?: number | null;
  sameNodeP99Ms?: number | null;
  crossNodeP50Ms?: number | null;
  crossNodeP99Ms?: number | null;
}

export type FanoutLoad = Omit<LoadConfig, "firstClient" | "clientCount">;

function spawnGenerator(config: LoadConfig) {
  const child = spawn("taskset", ["-c", "1", process.execPath, "--import", "tsx", "bench/loadProcess.ts", JSON.stringify(config)], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("ready")) onReady();
  });
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  // "close", not "exit": the process may exit before its last (megabyte-long) line has been read.
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  return {
    child,
    ready,
    async results(): Promise<ProcessPhase[]> {
      await exited;
      return JSON.parse(output.trim().split("\n").at(-1) ?? "[]") as ProcessPhase[];
    },
  };
}

/** Adds a process's histogram (bucket -> count) into `into`. */
function addInto(into: Map<number, number>, histogram: Record<number, number> | undefined) {
  for (const [bucket, count] of Object.entries(histogram ?? {})) into.set(Number(bucket), (into.get(Number(bucket)) ?? 0) + count);
}

/** The q-quantile of a latency histogram in ms (bucket middles), or null when it is empty. */
export function quantile(histogram: Map<number, number>, q: number): number | null {
  const total = [...histogram.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.min(total - 1, Math.floor(q * total));
  let seen = 0;
  for (const [bucket, count] of [...histogram.entries()].sort((a, b) => a[0] - b[0])) {
    seen += count;
    if (seen > rank) return (bucket + 0.5) * BUCKET_MS;
  }
  return null;
}

export async function runLoad(config: FanoutLoad): Promise<PhaseResult[]> {
  const readers = config.clients - config.writers;
  const parts = [{ firstClient: 0, clientCount: config.writers }];
  for (let part = 0; part < READER_PROCESSES; part++) {
    const from = config.writers + Math.floor((readers * part) / READER_PROCESSES);
    const to = config.writers + Math.floor((readers * (part + 1)) / READER_PROCESSES);
    parts.push({ firstClient: from, clientCount: to - from });
  }
  const generators = parts.map((part) => spawnGenerator({ ...config, ...part }));
  await Promise.all(generators.map((generator) => generator.ready));
  const startAt = now() + 1000;
  for (const generator of generators) generator.child.stdin!.write(`${startAt}\n`);
  const perProcess = await Promise.all(generators.map((generator) => generator.results()));
  const receivers = config.clients - 1;
  const multiNode = (config.urls?.length ?? 1) > 1;
  return config.phases.map((phase, index) => {
    const writer = perProcess[0]![index]!;
    // Receipts per seq of the phase, summed over the processes' receivers; only the seqs the
    // writers sent count (a phase's allotment is rate × seconds + 1).
    const counts = new Uint32Array(writer.sent);
    const histogram = new Map<number, number>();
    const sameNode = new Map<number, number>();
    const crossNode = new Map<number, number>();
    let closed = 0;
    let generatorCpuPercent = 0;
    for (const phases of perProcess) {
      const seen = phases[index]!;
      closed += seen.closed;
      generatorCpuPercent += seen.cpuPercent;
      // Copied: a decoded Buffer may start at an odd offset of Node's pool.
      const perSeq = new Uint16Array(Uint8Array.from(Buffer.from(seen.receipts, "base64")).buffer);
      for (let offset = 0; offset < Math.min(perSeq.length, counts.length); offset++) counts[offset]! += perSeq[offset]!;
      addInto(histogram, seen.histogram);
      addInto(sameNode, seen.sameNodeHistogram);
      addInto(crossNode, seen.crossNodeHistogram);
    }
    let complete = 0;
    let received = 0;
    let overCounted = 0;
    for (const count of counts) {
      received += count;
      if (count >= receivers) complete++;
      if (count > receivers) overCounted++;
    }
    // More receipts than receivers: a duplicate delivery or a false marker match, which could hide a
    // client that missed the update. Said, not silently counted as complete.
    if (overCounted > 0) console.warn(`   ${phase.name}: ${overCounted} updates counted more than ${receivers} times`);
    const buckets = [...histogram.keys()];
    return {
      name: phase.name,
      offeredPerSecond: phase.updatesPerSecond,
      sent: writer.sent,
      sentPerSecond: writer.sent / writer.elapsedSeconds,
      deliveredPerSecond: complete / writer.elapsedSeconds,
      completeRatio: writer.sent === 0 ? 0 : complete / writer.sent,
      deliveryRatio: received / Math.max(1, writer.sent * receivers),
      p50Ms: quantile(histogram, 0.5),
      p99Ms: quantile(histogram, 0.99),
      maxMs: buckets.length ? (Math.max(...buckets) + 1) * BUCKET_MS : null,
      serverCpuPercent: writer.serverCpuPercent ?? 0,
      serverRssMiB: writer.serverRssMiB ?? 0,
      generatorCpuPercent,
      closed,
      ...(multiNode
        ? {
            sameNodeP50Ms: quantile(sameNode, 0.5),
            sameNodeP99Ms: quantile(sameNode, 0.99),
            crossNodeP50Ms: quantile(crossNode, 0.5),
            crossNodeP99Ms: quantile(crossNode, 0.99),
          }
        : {}),
    };
  });
}
