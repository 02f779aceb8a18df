// node --import tsx bench/stalls.ts <profile.cpuprofile> <stalls.json> [top]
// What ran during each event-loop stall: a server run with BENCH_NODE_FLAGS="--cpu-prof
// --cpu-prof-dir=DIR" and EVENT_LOOP_STALLS_FILE=FILE (bench/eventLoopProbe.ts) gives both files.
// For each stall, the functions that held the loop longest (inclusive, application code and
// libraries), to find the synchronous hot spots behind the attack figures.
import fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [profileFile, stallsFile, top = "25"] = process.argv.slice(2);
if (!profileFile || !stallsFile) throw new Error("usage: bench/stalls.ts <profile.cpuprofile> <stalls.json> [top]");
const profile = JSON.parse(fs.readFileSync(profileFile, "utf8")) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
};
const stalls = JSON.parse(fs.readFileSync(stallsFile, "utf8")) as [number, number][];
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const label = ({ callFrame: frame }: ProfileNode) =>
  `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^file:\/\/.*?\/node_modules\//, "").replace(/^file:\/\/.*?\/(app|server|common|build)\//, "$1/")}:${frame.lineNumber + 1}`;

const times: number[] = [];
let at = profile.startTime;
for (const delta of profile.timeDeltas) times.push((at += delta));

for (const [start, end] of stalls) {
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    if (times[i]! < start || times[i]! > end) continue;
    const weight = (times[i + 1] ?? times[i]!) - times[i]!;
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parents.get(id)) {
      const name = label(nodes.get(id)!);
      if (name.startsWith("(idle)")) break;
      if (seen.has(name) || name.startsWith("(root)") || name.includes("node:internal")) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + weight);
    }
    if (!label(nodes.get(profile.samples[i]!)!).startsWith("(idle)")) busy += weight;
  }
  console.log(
    `\n=== stall at ${((start - profile.startTime) / 1e6).toFixed(2)} s: ${((end - start) / 1000).toFixed(1)} ms (${(busy / 1000).toFixed(1)} ms busy)`,
  );
  for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
    console.log(`${(us / 1000).toFixed(1).padStart(8)} ${name}`);
}
