// Times a bare Y.applyUpdate of a state file in a fresh process (the cold-open baseline).
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import * as Y from "yjs";

const state = new Uint8Array(fs.readFileSync(process.argv[2]!));
const started = performance.now();
const doc = new Y.Doc();
Y.applyUpdate(doc, state);
console.log(JSON.stringify({ applyMs: performance.now() - started }));
