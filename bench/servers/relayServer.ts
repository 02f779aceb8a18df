// The floor: a raw `ws` relay that forwards every message to the other sockets of its room.
import http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";

const rooms = new Map<string, Set<WebSocket>>();
const server = http.createServer((_req, res) => res.end("ok"));
const wss = new WebSocketServer({ noServer: true });
server.on("upgrade", (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    const room = req.url ?? "/";
    const peers = rooms.get(room) ?? new Set<WebSocket>();
    rooms.set(room, peers);
    peers.add(ws);
    ws.on("message", (data, isBinary) => {
      for (const peer of peers) if (peer !== ws) peer.send(data, { binary: isBinary });
    });
    ws.on("close", () => peers.delete(ws));
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening on http://localhost:${typeof address === "object" && address ? address.port : 0}`);
});
