import { parseEnv } from "./env";
import { createPlenaryServer } from "./app";
import { lowerBackgroundThreads } from "./backgroundThreads";

const env = parseEnv(process.env);
// Before the server starts its worker threads, which take the main thread's priority.
if (env.BACKGROUND_THREADS_NICE > 0) lowerBackgroundThreads(env.BACKGROUND_THREADS_NICE);
const server = await createPlenaryServer(env);
const port = await server.listen(env.PORT, env.HOST);
// Tests and scripts read this line to find an ephemeral port.
console.log(`Plenary listening on http://localhost:${port}`);
if (process.env.REMIX_DEV_ORIGIN) {
  const { broadcastDevReady } = await import("@remix-run/node");
  const build = await import(new URL(`../${env.REMIX_BUILD}`, import.meta.url).href);
  await broadcastDevReady(build);
}

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: flushing and closing`);
    try {
      await server.close();
      process.exit(0);
    } catch (error) {
      console.error("Shutdown failed", error);
      process.exit(1);
    }
  });
}
