import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { Outbound } from "../../server/collab/outbound";
import { updateMessage } from "../../server/collab/protocol";
import { mergeBatch } from "../../server/yjs/mergeUpdates";
import { waitFor } from "../support/collab";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A real socket pair on an ephemeral port: the server end and a client end. */
async function socketPair() {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => wss.once("listening", resolve));
  const accepted = new Promise<WebSocket>((resolve) => wss.once("connection", resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  client.binaryType = "nodebuffer";
  await new Promise((resolve) => client.once("open", resolve));
  const server = await accepted;
  cleanups.push(() => {
    client.terminate();
    wss.close();
  });
  return { server, client };
}

/** The consumer applies each update frame it reads (message type, sync type, update) and counts the frames. */
function receiveUpdates(client: WebSocket) {
  const received = new Y.Doc();
  const frames = { count: 0 };
  client.on("message", (data: Buffer) => {
    frames.count += 1;
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    Y.applyUpdate(received, decoding.readVarUint8Array(decoder));
  });
  return { received, frames };
}

describe("a consumer that falls behind", () => {
  it("gets every update, in order, merged into fewer frames, and is not read from while behind", async () => {
    const { server, client } = await socketPair();
    const { received, frames } = receiveUpdates(client);
    client.pause(); // the consumer stops reading: the kernel buffers fill, then the server's

    let closed = false;
    const outbound = new Outbound(
      server,
      () => null,
      () => (closed = true),
    );
    const writer = new Y.Doc();
    const text = writer.getText("t");
    let sent = 0;
    writer.on("update", (update: Uint8Array) => {
      sent += 1;
      outbound.update(update, updateMessage(update));
    });
    const chunk = "x".repeat(60 * 1024);
    for (let index = 0; index < 100; index++) text.insert(text.length, `${index}:${chunk}`);

    expect(server.isPaused).toBe(true);
    expect(closed).toBe(false);
    client.resume();
    await waitFor(() => received.getText("t").toString() === text.toString(), "the consumer to catch up", 20_000);
    await waitFor(() => !server.isPaused, "reading from the consumer to resume");
    expect(frames.count).toBeLessThan(sent);
  });

  it("gets large batches' shared frames as they are, not a merge made for it alone", async () => {
    const { server, client } = await socketPair();
    const { received, frames } = receiveUpdates(client);
    client.pause();
    const outbound = new Outbound(
      server,
      () => null,
      () => {},
    );
    const writer = new Y.Doc();
    const text = writer.getText("t");
    let batch: Uint8Array[] = [];
    writer.on("update", (update: Uint8Array) => batch.push(update));
    const batches = 80;
    for (let index = 0; index < batches; index++) {
      // A committed batch under overload: many updates, one frame shared by every socket.
      // Inserted at the start: appending would have Yjs join the strings, 6 MB copied over and over.
      for (let update = 0; update < 10; update++) text.insert(0, `${index}.${update}:${"z".repeat(8192)}`);
      const merged = mergeBatch(batch);
      batch = [];
      outbound.update(merged, updateMessage(merged), 10);
    }
    expect(server.isPaused).toBe(true);
    client.resume();
    await waitFor(() => received.getText("t").toString() === text.toString(), "the consumer to catch up", 20_000);
    expect(frames.count).toBe(batches);
  });

  it("is closed, not buffered without bound, when it stays behind", async () => {
    const { server, client } = await socketPair();
    client.pause();
    let closed = false;
    const outbound = new Outbound(
      server,
      () => null,
      () => (closed = true),
    );
    const writer = new Y.Doc();
    writer.on("update", (update: Uint8Array) => outbound.update(update, updateMessage(update)));
    const chunk = "y".repeat(256 * 1024);
    for (let index = 0; index < 80 && !closed; index++) writer.getText("t").insert(0, chunk);
    expect(closed).toBe(true);
  });
});
