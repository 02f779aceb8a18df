import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentRoom } from "../../common/collab";
import type { Db } from "../../server/db/client";
import { connectClient, fullText, synced, typeInto, waitFor, type CollabClient } from "../support/collab";
import { clusterDatabaseName, sharedDatabase, startNodes, type ClusterNodes } from "../support/cluster";
import { signIn } from "../support/http";
import { CLUSTER_TMP } from "../support/paths";
import type { RunningServer } from "../support/server";

/**
 * Two nodes on a Redis of this file's own (docs/deployment.md, docs/decisions/091): node A finds it
 * through a Redis Sentinel (REDIS_SENTINELS), node B by its address. Then Redis is killed: each
 * node keeps serving its own clients and committing to the database; when Redis comes back, both
 * catch up from the log and relay again.
 */
const SENTINEL_NAME = "plenary-test";

let cluster: ClusterNodes;
let a: RunningServer;
let b: RunningServer;
let db: Db;
let redisPort = 0;
let redis: ChildProcess | null = null;
let sentinel: ChildProcess | null = null;
let room = "";
const cookies: Record<string, string> = {};
const clients: CollabClient[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server (or, with a config file, a sentinel) in the foreground, answering on `port`. */
async function startRedis(port: number, args: string[]): Promise<ChildProcess> {
  const child = spawn("redis-server", args, { stdio: "ignore" });
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(port, "127.0.0.1", () => {
          socket.end();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
      }),
    `redis on ${port}`,
  );
  return child;
}

const startDataRedis = () =>
  startRedis(redisPort, ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);

async function stop(child: ChildProcess | null, signal: NodeJS.Signals = "SIGTERM") {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}

const health = async (node: RunningServer) =>
  (await (await fetch(`${node.url}/healthz`)).json()) as { redis?: string; liveDocuments: number };

async function storedText() {
  const rows = await db.yUpdate.findMany({ where: { room }, orderBy: { id: "asc" } });
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, row.data);
  return fullText(doc);
}

function connect(node: RunningServer, who: string) {
  const client = connectClient(node.url, room, cookies[who]!);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  redisPort = await freePort();
  const sentinelPort = await freePort();
  redis = await startDataRedis();
  // Sentinel rewrites its configuration file: a file of this run's own.
  const config = path.join(CLUSTER_TMP, `sentinel-${randomUUID()}.conf`);
  fs.writeFileSync(
    config,
    [
      `port ${sentinelPort}`,
      "bind 127.0.0.1",
      `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${redisPort} 1`,
      // No replica to promote here: the sentinel only tells where the master is.
      `sentinel down-after-milliseconds ${SENTINEL_NAME} 60000`,
      "",
    ].join("\n"),
  );
  sentinel = await startRedis(sentinelPort, [config, "--sentinel"]);
  const database = sharedDatabase();
  db = database.db;
  cluster = await startNodes(database.url, 0, { CLUSTER_HEARTBEAT_MS: "200", CLUSTER_NODE_TIMEOUT_MS: "1500" });
  [a, b] = await Promise.all([
    cluster.add({ REDIS_URL: "", REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: SENTINEL_NAME }),
    cluster.add({ REDIS_URL: `redis://127.0.0.1:${redisPort}` }),
  ]);
  const declaration = await db.document.findFirstOrThrow({ where: { kind: "declaration" } });
  room = documentRoom(declaration.id);
  // Signed in before any outage: sign-in throttling needs Redis (it refuses rather than let guesses through).
  for (const [who, email] of [
    ["chair", "chair@turkiye.example"],
    ["observer", "observer@iom.example"],
    ["secretariat", "secretariat@icmpd.example"],
    ["pakistan2", "delegate2@pakistan.example"],
  ] as const) {
    cookies[who] = await signIn(a.url, email);
  }
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await cluster?.stop();
  await db?.$disconnect();
  await Promise.all([stop(sentinel), stop(redis)]);
});

describe(`Redis through Sentinel, and a Redis outage (${clusterDatabaseName()})`, () => {
  it("relays between a node that found Redis through Sentinel and one given its address", async () => {
    expect((await health(a)).redis).toBe("ready");
    const chairOnA = connect(a, "chair");
    const observerOnB = connect(b, "observer");
    await Promise.all([synced(chairOnA), synced(observerOnB)]);
    typeInto(chairOnA.doc, 2, " [through Sentinel]");
    await waitFor(() => fullText(observerOnB.doc).includes("[through Sentinel]"), "relayed to node B");
  });

  it("keeps serving each node's own clients while Redis is down, and catches both nodes up when it returns", async () => {
    const chairOnA = connect(a, "chair");
    const observerOnA = connect(a, "observer");
    const secretariatOnB = connect(b, "secretariat");
    const delegateOnB = connect(b, "pakistan2");
    await Promise.all([synced(chairOnA), synced(observerOnA), synced(secretariatOnB), synced(delegateOnB)]);
    const delegate = await db.user.findUniqueOrThrow({ where: { email: "delegate2@pakistan.example" } });

    await stop(redis, "SIGKILL");
    await waitFor(async () => (await health(a)).redis === "down" && (await health(b)).redis === "down", "both nodes see Redis down");
    // Node A still serves its clients: an edit reaches the other client on A and the database.
    typeInto(chairOnA.doc, 3, " [A, Redis down]");
    await waitFor(() => fullText(observerOnA.doc).includes("[A, Redis down]"), "edit on node A, Redis down");
    // So does node B.
    typeInto(secretariatOnB.doc, 4, " [B, Redis down]");
    await waitFor(async () => {
      const stored = await storedText();
      return stored.includes("[A, Redis down]") && stored.includes("[B, Redis down]");
    }, "both edits committed");
    // The delegate's sessions end meanwhile, as a sign-out or a disabling on another node ends them,
    // with the event that would tell node B lost with the outage (written directly: ioredis may
    // still deliver a publish queued during a short outage, which would hide what this checks).
    await db.session.deleteMany({ where: { userId: delegate.id } });

    redis = await startDataRedis();
    await waitFor(async () => (await health(a)).redis === "ready" && (await health(b)).redis === "ready", "both nodes reconnected", 15_000);
    // On reconnecting, each node re-read the log of its rooms: what the relay could not carry arrives.
    await waitFor(() => fullText(secretariatOnB.doc).includes("[A, Redis down]"), "node B caught up");
    await waitFor(() => fullText(chairOnA.doc).includes("[B, Redis down]"), "node A caught up");
    // Node B re-checked its sockets on reconnecting: the delegate's socket, its session gone, is closed.
    await waitFor(() => delegateOnB.closes.length > 0, "ended session's socket on B closed");
    expect(delegateOnB.closes[0]).toEqual({ code: 4401, reason: "Your session has ended" });
    // And the relay carries new edits again.
    typeInto(secretariatOnB.doc, 4, " [B, Redis back]");
    // Both of node A's sockets get it, each in its own turn: the comparison waits for the chair's too.
    await waitFor(
      () => fullText(observerOnA.doc).includes("[B, Redis back]") && fullText(chairOnA.doc).includes("[B, Redis back]"),
      "relayed after the outage",
    );
    expect(fullText(chairOnA.doc)).toBe(fullText(secretariatOnB.doc));
  });
});
