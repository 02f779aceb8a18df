// npm run start:cluster: N Plenary nodes on consecutive ports, sharing DATABASE_URL and REDIS_URL
// (docs/deployment.md). Put any load balancer in front; sticky sessions are not needed.
//   NODES=2 BASE_PORT=3000 REDIS_URL=redis://127.0.0.1:6379 npm run start:cluster
// Without REDIS_URL it starts the throwaway Redis of scripts/ensure-redis.sh (port 56379) for a
// local try-out. Each node is a child process; SIGINT/SIGTERM stop them all gracefully.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { SERVER_NODE_FLAGS } from "../server/nodeFlags";

const nodes = Number(process.env.NODES ?? "2");
const basePort = Number(process.env.BASE_PORT ?? process.env.PORT ?? "3000");
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 64) throw new Error("NODES must be an integer from 1 to 64");
if (!Number.isInteger(basePort) || basePort < 1 || basePort + nodes - 1 > 65535)
  throw new Error("BASE_PORT must leave room for NODES ports");

let redisUrl = process.env.REDIS_URL;
// With REDIS_SENTINELS (and REDIS_SENTINEL_NAME) the nodes find Redis through Sentinel themselves.
if (!redisUrl && !process.env.REDIS_SENTINELS) {
  execFileSync("bash", ["scripts/ensure-redis.sh"], { stdio: "inherit" });
  redisUrl = "redis://127.0.0.1:56379";
  console.log(`REDIS_URL unset: using the local throwaway Redis at ${redisUrl}`);
}

const children: ChildProcess[] = [];
let stopping = false;
for (let index = 0; index < nodes; index++) {
  const port = basePort + index;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, "--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? "production",
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) console.log(`[node ${index + 1} :${port}] ${line}`);
    });
  }
  child.once("exit", (code, signal) => {
    console.log(`[node ${index + 1} :${port}] exited (${signal ?? code})`);
    if (!stopping) stop(1);
  });
  children.push(child);
}

function stop(code: number) {
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  void Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : null))).then(
    () => process.exit(code),
  );
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(0));
