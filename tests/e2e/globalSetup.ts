import { freshDatabase } from "../support/database";
import { startServer } from "../support/server";
import { prepareIntegrationTemplate } from "../support/templates";

/** One real server on an ephemeral port over a fresh, migrated and seeded database. */
export default async function globalSetup() {
  await prepareIntegrationTemplate();
  const { url, db } = freshDatabase();
  await db.$disconnect();
  const server = await startServer(url);
  process.env.PLENARY_URL = server.url;
  process.env.PLENARY_DATABASE_URL = url;
  return async () => {
    await server.stop();
  };
}
