import { favourThisBenchmark } from "./harness";
// npm run bench: every benchmark, in turn; each appends its figures to BENCHMARKS.md.
// This machine class is shared and noisy: the benchmark and everything it starts get the most CPU
// shares, so the figures measure our code, not a neighbour's test run (docs/decisions/169).
favourThisBenchmark();
const only = process.argv[2];
if (!only || only === "fanout") await import("./fanout");
if (!only || only === "compilation") await import("./compilation");
if (!only || only === "coldopen") await import("./coldOpen");
// Editor ready is measured inside coldopen too; on its own (and with its timeline) only when asked for.
if (only === "editorready") await import("./editorReadyBench");
if (!only || only === "attacks") await import("./attacks");
if (!only || only === "decisions") await import("./decisions");
if (!only || only === "cluster") await import("./cluster");
if (!only || only === "updatelog") await import("./updateLog");
if (!only || only === "receivepath") await import("./receivePath");
