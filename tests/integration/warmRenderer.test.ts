// A production server renders the sign-in page a few times before it listens, so that the first
// reader's page does not compile React's server renderer on the event loop (docs/decisions/171).
// What it renders must succeed, and rendering it must write nothing.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, describe, expect, it } from "vitest";
import { createDomainContext } from "../../server/domainContext";
import { createSessionCookie } from "../../server/http/sessionCookie";
import { warmRenderer } from "../../server/http/warmRenderer";
import { bindServices } from "../../server/services";
import { freshDatabase } from "../support/database";
import { ROOT } from "../support/paths";

describe("warming the renderer before the first request", () => {
  const database = freshDatabase();
  const runtime = createDomainContext({ databaseUrl: database.url });
  afterAll(async () => {
    await runtime.close();
    await database.db.$disconnect();
  });

  it("renders the sign-in page eight times, each answered 200, and writes nothing", async () => {
    const { db } = database;
    const build = (await import(pathToFileURL(path.join(ROOT, "build/index.js")).href)) as ServerBuild;
    const written = () => Promise.all([db.auditEntry.count(), db.session.count(), db.user.count()]);
    const before = await written();
    const statuses = await warmRenderer(build, { services: bindServices(runtime.ctx), sessionCookie: createSessionCookie(false) });
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    expect(await written()).toEqual(before);
  });
});
