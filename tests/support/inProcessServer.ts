import { createPlenaryServer } from "../../server/app";
import { parseEnv } from "../../server/env";
import { actorFromUser, actorUserInclude } from "../../server/domain/people/sessions";
import type { Actor } from "../../server/policies";
import { freshDatabase } from "./database";

/**
 * The real server (HTTP, WebSocket endpoint, live documents, domain) in this process, on an
 * ephemeral port: tests call domain services directly while real y-websocket clients edit.
 */
export async function startInProcessServer(env: Record<string, string> = {}) {
  const { url: databaseUrl, db } = freshDatabase();
  const server = await createPlenaryServer(
    parseEnv({ ...process.env, NODE_ENV: "test", DATABASE_URL: databaseUrl, PORT: "0", HOST: "127.0.0.1", ...env }),
  );
  const port = await server.listen(0, "127.0.0.1");
  return {
    server,
    db,
    databaseUrl,
    url: `http://127.0.0.1:${port}`,
    actor: async (email: string): Promise<Actor> =>
      actorFromUser(await db.user.findUniqueOrThrow({ where: { email }, include: actorUserInclude })),
    close: async () => {
      await server.close();
      await db.$disconnect();
    },
  };
}
