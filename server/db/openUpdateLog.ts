import { sqliteFilePath } from "./client";
import { isPostgresUrl } from "./postgres";
import { openPostgresUpdateLog } from "./postgresUpdateLog";
import { openSqliteUpdateLog, type UpdateLog } from "./updateLog";

/** The update log in `DATABASE_URL`'s database: Postgres for postgresql://, else the SQLite file (docs/decisions/050). */
export function openUpdateLog(databaseUrl: string): UpdateLog {
  return isPostgresUrl(databaseUrl) ? openPostgresUpdateLog(databaseUrl) : openSqliteUpdateLog(sqliteFilePath(databaseUrl));
}
