// node --import tsx bench/youngGeneration.ts <database file> <room> [rounds]
// The young generation's size against the pauses of building a long document (issue 15, decision 119):
// bench/buildInTurns.ts in a fresh process pinned to core 0 under each --max-semi-space-size, interleaved,
// with the median over the rounds of each figure. Scavenges of a document being built copy what survives
// (nearly everything), so their pauses grow with the young generation.
import { execFileSync } from "node:child_process";
import os from "node:os";
import { ROOT } from "./harness";

const [file, room, rounds = "3"] = process.argv.slice(2);
if (!file || !room) throw new Error("usage: bench/youngGeneration.ts <database file> <room> [rounds]");
const configs = process.env.CONFIGS
  ? process.env.CONFIGS.split(",")
  : [
      "",
      "--max-semi-space-size=1",
      "--max-semi-space-size=2",
      "--max-semi-space-size=4",
      "--max-semi-space-size=8",
      "--max-semi-space-size=32",
    ];
type Result = Record<string, number>;
const results = new Map<string, Result[]>(configs.map((config) => [config, []]));
for (let round = 0; round < Number(rounds); round++) {
  for (const config of configs) {
    const output = execFileSync(
      "taskset",
      ["-c", "0", process.execPath, ...config.split(" ").filter(Boolean), "--import", "tsx", "bench/buildInTurns.ts", file, room],
      { cwd: ROOT },
    ).toString();
    results.get(config)!.push({ ...(JSON.parse(output.trim().split("\n").at(-1)!) as Result), load: os.loadavg()[0]! });
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const columns = [
  "loopMaxMs",
  "loopP99Ms",
  "cpuStretchMaxMs",
  "scavenges",
  "scavengeMaxMs",
  "scavengeSumMs",
  "majorMaxMs",
  "majorSumMs",
  "cpuMs",
  "wallMs",
  "load",
];
console.log(`| young generation | ${columns.join(" | ")} |`);
console.log(`|---|${columns.map(() => "---").join("|")}|`);
for (const [config, runs] of results) {
  console.log(
    `| ${config || "default (16 MiB max)"} | ${columns.map((column) => median(runs.map((run) => run[column]!)).toFixed(column === "scavenges" ? 0 : 1)).join(" | ")} |`,
  );
}
