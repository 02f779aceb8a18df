import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/** `postgresql://…` (or `postgres://…`) selects Postgres; anything else is a SQLite file (docs/decisions/050). */
export function isPostgresUrl(url: string | undefined): boolean {
  return /^postgres(ql)?:\/\//i.test(url ?? "");
}

/** Catalog-only types the adapter does not map: `"char"` (18) and `name` (19). */
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] } | undefined;

/** Reports Postgres' internal `name` and `"char"` types (catalog columns) as text, which they are on the wire. */
function nameAsText<T extends QueryResultLike>(result: T): T {
  for (const field of result?.fields ?? []) if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  return result;
}

/**
 * @prisma/adapter-pg 6.19 does not know the `name` type (nor `"char"`), and Prisma's schema engine reads
 * catalog columns of these types: every `migrate` command over the adapter fails with "Column type 'name'
 * could not be deserialized" (prisma/prisma#27403, fixed upstream in 7.x). The values already
 * arrive as text, so the connection relabels the column type before the adapter maps it
 * (docs/decisions/052). Application queries never select such columns; the relabel costs a loop
 * over a result's columns.
 */
class NameAsTextClient extends pg.Client {
  // pg's overloads cannot be restated one by one here; arguments pass through unchanged.
  override query(...args: unknown[]): never {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: Error | null, result: QueryResultLike) => last(error, nameAsText(result));
      return (super.query as (...rest: unknown[]) => never)(...args);
    }
    const pending = (super.query as (...rest: unknown[]) => unknown)(...args);
    if (pending && typeof (pending as Promise<unknown>).then === "function") {
      return (pending as Promise<QueryResultLike>).then(nameAsText) as never;
    }
    return pending as never;
  }
}

export interface PostgresPoolOptions {
  /** Connections in the pool (pg's default is 10). */
  max?: number;
}

export function postgresPoolConfig(url: string, options: PostgresPoolOptions = {}): pg.PoolConfig {
  return { connectionString: url, Client: NameAsTextClient, max: options.max ?? 10 };
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * adapter-pg 6.19 runs a migration script by splitting it on every ";", which cuts PL/pgSQL
 * function bodies (our triggers) apart. Postgres' simple query protocol runs a script of several
 * statements as one implicit transaction, as Prisma's native engine does: send it whole.
 */
function wholeScripts(adapter: PgAdapter): PgAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      // The adapter's own conversion to a DriverAdapterError, which the schema engine reports.
      (adapter as unknown as { onError(error: unknown): never }).onError(error);
    }
  };
  return adapter;
}

class PlenaryPg extends PrismaPg {
  constructor(
    private readonly url: string,
    options: PostgresPoolOptions,
  ) {
    super(postgresPoolConfig(url, options));
  }

  override async connect() {
    return wholeScripts(await super.connect());
  }

  /**
   * The shadow database `migrate diff --from-migrations` replays migrations in. adapter-pg's own
   * sets `database` beside our `connectionString`, which wins, so it replayed into the main database.
   */
  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "")}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const url = new URL(this.url);
    url.pathname = `/${database}`;
    const shadow = await new PlenaryPg(url.toString(), { max: 2 }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await main.dispose();
    };
    return shadow;
  }
}

/** The Prisma driver adapter for a postgresql:// URL, for the app and the CLI (prisma.config.ts). */
export function postgresAdapter(url: string, options: PostgresPoolOptions = {}): PrismaPg {
  return new PlenaryPg(url, options);
}
