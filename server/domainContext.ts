import { createDb } from "./db/client";
import { databaseLimiterStore, memoryLimiterStore } from "./db/rateLimits";
import { openUpdateLog } from "./db/openUpdateLog";
import type { UpdateLog } from "./db/updateLog";
import { DomainEvents, type DomainContext } from "./domain/kernel/context";
import type { LimiterStore } from "./domain/kernel/rateLimits";
import { createDomainLimits, DEFAULT_LIMIT_SETTINGS, type LimitSettings } from "./domain/limits";
import { LiveDocuments, type LiveDocumentsOptions } from "./yjs/liveDocuments";

export interface DomainContextOptions {
  /** A `file:` URL of a migrated SQLite database, or a postgresql:// URL of a migrated Postgres one (docs/decisions/050). */
  databaseUrl: string;
  /** Defaults suit tests and scripts: commit at once, unload idle rooms quickly. */
  liveDocuments?: Partial<LiveDocumentsOptions>;
  limits?: LimitSettings;
  /**
   * Where sign-in throttling keeps its counters: the database (survives a restart; the server)
   * or memory (benchmarks that must not write counters into the data they measure).
   */
  durableLimits?: "database" | "memory";
  /** Several nodes (server/cluster): one shared store for every counter, in place of both. */
  sharedLimits?: LimiterStore;
  sessionTtlHours?: number;
  now?: () => Date;
}

export interface DomainRuntime {
  ctx: DomainContext;
  updateLog: UpdateLog;
  /** Flushes pending live updates, runs the `whenClosing` tasks, then closes the update log and the database. */
  close: () => Promise<void>;
  /** Work for `close` that needs every update committed and the database still open. */
  whenClosing: (task: () => Promise<void>) => void;
}

/**
 * The one way to build the domain's context: the server's composition root, the benchmarks and
 * the tests all call it, so what the commands run against is the same everywhere.
 */
export function createDomainContext(options: DomainContextOptions): DomainRuntime {
  const db = createDb(options.databaseUrl);
  const updateLog = openUpdateLog(options.databaseUrl);
  const liveDocuments = new LiveDocuments(updateLog, { commitWindowMs: 0, idleUnloadMs: 50, compactAfter: 500, ...options.liveDocuments });
  const durable = options.sharedLimits ?? (options.durableLimits === "memory" ? memoryLimiterStore : databaseLimiterStore(db));
  const ctx: DomainContext = {
    db,
    events: new DomainEvents(),
    liveDocuments,
    now: options.now ?? (() => new Date()),
    settings: { sessionTtlHours: options.sessionTtlHours ?? 1 },
    limits: createDomainLimits(durable, options.sharedLimits ?? memoryLimiterStore, options.limits ?? DEFAULT_LIMIT_SETTINGS),
  };
  const closingTasks: (() => Promise<void>)[] = [];
  return {
    ctx,
    updateLog,
    whenClosing: (task) => closingTasks.push(task),
    close: async () => {
      await liveDocuments.close();
      for (const task of closingTasks) await task();
      await updateLog.close();
      await db.$disconnect();
    },
  };
}
