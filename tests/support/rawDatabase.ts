import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl } from "../../server/db/postgres";
import { sqliteFilePath } from "../../server/db/client";

/**
 * A plain connection to a test database, beside the app's: what "any other client" of the
 * database can do. Parameters are written $1, $2… (SQLite reads them as ?1, ?2…).
 */
export interface RawDatabase {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  execute(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

export function rawDatabase(url: string): RawDatabase {
  if (isPostgresUrl(url)) {
    const client = new pg.Client({ connectionString: url });
    const connected = client.connect();
    return {
      async query<T>(sql: string, params: unknown[] = []) {
        await connected;
        return (await client.query(sql, params)).rows as T[];
      },
      async execute(sql, params = []) {
        await connected;
        await client.query(sql, params);
      },
      close: async () => {
        await connected.catch(() => {});
        await client.end();
      },
    };
  }
  const db = new Database(sqliteFilePath(url));
  // $n becomes ?, with the values in the order the placeholders appear.
  const sqlite = (sql: string, params: unknown[]) => {
    const order = [...sql.matchAll(/\$(\d+)/g)].map((match) => params[Number(match[1]) - 1]);
    return { statement: db.prepare(sql.replace(/\$\d+/g, "?")), values: order };
  };
  return {
    query: async <T>(sql: string, params: unknown[] = []) => {
      const { statement, values } = sqlite(sql, params);
      return statement.all(...values) as T[];
    },
    execute: async (sql, params = []) => {
      const { statement, values } = sqlite(sql, params);
      statement.run(...values);
    },
    close: async () => void db.close(),
  };
}
