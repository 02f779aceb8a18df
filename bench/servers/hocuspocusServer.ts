// A peer: Hocuspocus 3.4.4 (the last line that runs on Node 20), in memory, no extensions, no auth.
// Its wire format prefixes every y-websocket message with the document name (see bench/loadProcess.ts).
import { Server } from "@hocuspocus/server";

const server = new Server({ port: 0, address: "127.0.0.1", quiet: true, stopOnSignals: true });
await server.listen();
console.log(`listening on http://localhost:${server.address.port}`);
