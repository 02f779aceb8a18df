// The reference: a plain @y/websocket-server 0.1.1 (in-memory, no auth, no persistence).
import http from "node:http";
import { setupWSConnection } from "@y/websocket-server/utils";
import { WebSocketServer } from "ws";

const server = http.createServer((_req, res) => res.end("ok"));
const wss = new WebSocketServer({ noServer: true });
server.on("upgrade", (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    const docName = (req.url ?? "/").replace(/^\/collab\//, "").split("?")[0]!;
    setupWSConnection(ws, req, { docName });
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening on http://localhost:${typeof address === "object" && address ? address.port : 0}`);
});
