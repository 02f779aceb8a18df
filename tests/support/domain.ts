import type { Db } from "../../server/db/client";
import { databaseLimiterStore, memoryLimiterStore } from "../../server/db/rateLimits";
import { createDomainLimits, DEFAULT_LIMIT_SETTINGS } from "../../server/domain/limits";
import { openSqliteUpdateLog, type UpdateLog } from "../../server/db/updateLog";
import { DomainEvents, type DomainContext } from "../../server/domain/kernel/context";
import { actorFromUser, actorUserInclude } from "../../server/domain/people/sessions";
import type { Actor } from "../../server/policies";
import { LiveDocuments } from "../../server/yjs/liveDocuments";
import { freshDatabase } from "./database";

export interface DomainHarness {
  ctx: DomainContext;
  db: Db;
  file: string;
  updateLog: UpdateLog;
  actor: (email: string) => Promise<Actor>;
  close: () => Promise<void>;
}

/**
 * The domain in process over a fresh copy of the migrated, seeded database: the same
 * LiveDocuments and update log the server uses, without HTTP in between.
 */
export function domainHarness(): DomainHarness {
  const { db, file } = freshDatabase();
  const updateLog = openSqliteUpdateLog(file);
  const liveDocuments = new LiveDocuments(updateLog, { commitWindowMs: 0, idleUnloadMs: 50, compactAfter: 500 });
  const ctx: DomainContext = {
    db,
    events: new DomainEvents(),
    liveDocuments,
    now: () => new Date(),
    settings: { sessionTtlHours: 1 },
    limits: createDomainLimits(databaseLimiterStore(db), memoryLimiterStore, DEFAULT_LIMIT_SETTINGS),
  };
  return {
    ctx,
    db,
    file,
    updateLog,
    actor: async (email) => actorFromUser(await db.user.findUniqueOrThrow({ where: { email }, include: actorUserInclude })),
    close: async () => {
      await liveDocuments.close();
      updateLog.close();
      await db.$disconnect();
    },
  };
}
