import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/**
 * The better-sqlite3 adapter for the app and the CLI. Its shadow database (an in-memory one,
 * where `migrate diff --from-migrations` replays the migrations) receives each migration file
 * through `executeRaw`, which better-sqlite3 refuses for several statements (P3006): scripts
 * without parameters run there with `exec` instead (docs/decisions/001, 051).
 */
class PlenarySqlite extends PrismaBetterSQLite3 {
  override async connectToShadowDb(): Promise<SqliteAdapter> {
    const shadow = await super.connectToShadowDb();
    const executeRaw = shadow.executeRaw.bind(shadow);
    shadow.executeRaw = async (query) => {
      if (query.args.length > 0) return executeRaw(query);
      await shadow.executeScript(query.sql);
      return 0;
    };
    return shadow;
  }
}

export function sqliteAdapter(url: string): PrismaBetterSQLite3 {
  return new PlenarySqlite({ url });
}
