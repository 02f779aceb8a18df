import type { Db } from "../../server/db/client";
import type { UpdateLog } from "../../server/db/updateLog";
import type { DomainContext } from "../../server/domain/kernel/context";
import { actorFromUser, actorUserInclude } from "../../server/domain/people/sessions";
import { createDomainContext } from "../../server/domainContext";
import type { Actor } from "../../server/policies";
import { freshDatabaseFile } from "./database";

export interface DomainHarness {
  ctx: DomainContext;
  db: Db;
  /** The SQLite file (empty on Postgres: use `url`). */
  file: string;
  url: string;
  updateLog: UpdateLog;
  actor: (email: string) => Promise<Actor>;
  close: () => Promise<void>;
}

/**
 * The domain in process over a fresh copy of the migrated, seeded database: the context the
 * server builds (createDomainContext), without HTTP in between.
 */
export function domainHarness(): DomainHarness {
  const { url, file } = freshDatabaseFile();
  const { ctx, updateLog, close } = createDomainContext({ databaseUrl: url });
  const { db } = ctx;
  return {
    ctx,
    db,
    file,
    url,
    updateLog,
    actor: async (email) => actorFromUser(await db.user.findUniqueOrThrow({ where: { email }, include: actorUserInclude })),
    close,
  };
}
