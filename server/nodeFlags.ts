/**
 * The Node and V8 flags the server process runs with: `npm start`, `npm run bench` (the
 * consolidation bench runs the server in its own process), the cluster script, and the servers the
 * tests and the benches start (docs/decisions/171). On a two-core machine, V8's default four
 * platform threads (GC helpers, background compilation) and a 16 MiB young generation took the
 * cores from the event loop while a long document was built or first rendered: the longest stall
 * of a cold open or of the page of an unloaded room was 49–61 ms with the defaults and 38–48 ms with
 * these (quiet machine, seven runs each). `package.json`'s scripts cannot import this list; a unit
 * test keeps them the same.
 */
export const SERVER_NODE_FLAGS = ["--v8-pool-size=2", "--max-semi-space-size=8"] as const;
