import type { Prisma } from "@prisma/client";
import { driverOf, type DatabaseProvider, type Db } from "../../db/client";
import { fromTriggerRefusal } from "../../db/triggerRefusals";

type Tx = Prisma.TransactionClient;

/** A query as a driver adapter takes it (@prisma/driver-adapter-utils' SqlQuery). */
interface DriverQuery {
  sql: string;
  args: unknown[];
  argTypes: { scalarType: "string" | "int" | "float" | "boolean" | "datetime" | "unknown"; arity: "scalar" }[];
}

/**
 * Statements straight to the driver adapter (SQLite's and PostgreSQL's have this same interface):
 * the adapter, or one of its transactions. Prisma's raw path compiles every request in its query
 * compiler, JSON in and out, about 0.1 ms per statement plus about 40 ns per byte of parameters;
 * for a bulk of decisions that was two thirds of the cost of writing its records
 * (docs/decisions/163). Same SQL, same parameters, same transactions as through Prisma.
 */
export interface DriverSql {
  readonly provider: string;
  queryRaw(query: DriverQuery): Promise<{ columnNames: string[]; rows: unknown[][] }>;
  executeRaw(query: DriverQuery): Promise<number>;
}

/** Where raw statements go: a Prisma client or transaction, or the driver (`rawSqlOf`, `rawTransaction`). */
export type RawTarget = Tx | DriverSql;

const isDriver = (target: RawTarget): target is DriverSql => typeof (target as DriverSql).executeRaw === "function";

/**
 * Runs a statement given as SQL text and `{ value }` parameters, through the client's own tagged
 * template: parameters stay parameters, and the same code serves SQLite and PostgreSQL (whose
 * client has its own Prisma runtime, so the SQLite client's `Prisma.sql` fragments are not
 * recognised there). A driver target runs the same SQL, placeholders written for its database.
 */
export async function rawStatement(target: RawTarget, parts: readonly Part[]): Promise<number> {
  if (isDriver(target)) return target.executeRaw(driverQuery(target, parts));
  const [template, values] = tagged(parts);
  return target.$executeRaw(template, ...values);
}

/**
 * Rows of a query given like `rawStatement`'s, for the few hot reads where Prisma's typed read
 * costs several times the query (a bulk of decisions: about 40 µs per row mapped). Select text
 * and numeric columns only: dates come back as a Date on PostgreSQL through Prisma, as text
 * otherwise.
 */
export async function rawQuery<Row>(target: RawTarget, parts: readonly Part[]): Promise<Row[]> {
  if (isDriver(target)) {
    const { columnNames, rows } = await target.queryRaw(driverQuery(target, parts));
    return rows.map((values) => {
      const row: Record<string, unknown> = {};
      for (let index = 0; index < columnNames.length; index++) row[columnNames[index]!] = values[index];
      return row as Row;
    });
  }
  const [template, values] = tagged(parts);
  return target.$queryRaw<Row[]>(template, ...values);
}

/** The driver adapter of a client, or the client itself when it has none known (kernel/rawSql's callers take either). */
export async function rawSqlOf(db: Db): Promise<RawTarget> {
  return (await driverOf(db)) ?? db;
}

/**
 * `fn`'s statements in one transaction, through the driver adapter when the client has one (else
 * Prisma's interactive transaction): the adapter's own begin (SQLite's takes the write lock,
 * server/db/sqlite.ts), COMMIT, or ROLLBACK on any error, as Prisma's transaction manager does.
 * Trigger refusals become the domain's errors, as through the client (db/triggerRefusals.ts).
 */
export async function rawTransaction<T>(db: Db, fn: (target: RawTarget) => Promise<T>): Promise<T> {
  const driver = await driverOf(db);
  if (!driver) return db.$transaction((tx) => fn(tx));
  const tx = await driver.startTransaction();
  const end = (sql: string) => tx.executeRaw({ sql, args: [], argTypes: [] });
  let result: T;
  try {
    result = await fn(tx);
    await end("COMMIT");
  } catch (error) {
    try {
      await end("ROLLBACK");
    } catch {
      // Nothing left to undo (the COMMIT failed and ended it): the first error is the one to report.
    }
    await tx.rollback();
    throw fromTriggerRefusal(error);
  }
  await tx.commit();
  return result;
}

function driverQuery(driver: DriverSql, parts: readonly Part[]): DriverQuery {
  const postgres = driver.provider === "postgres";
  let sql = "";
  const args: unknown[] = [];
  for (const part of parts) {
    if (typeof part === "string") sql += part;
    else {
      args.push(part.value);
      sql += postgres ? `$${args.length}` : "?";
    }
  }
  return { sql, args, argTypes: args.map((value) => ({ scalarType: scalarTypeOf(value), arity: "scalar" })) };
}

/** What Prisma's raw path tells the adapter of a parameter's type. */
function scalarTypeOf(value: unknown): DriverQuery["argTypes"][number]["scalarType"] {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "boolean") return "boolean";
  if (value instanceof Date) return "datetime";
  return "unknown";
}

/** `, `-separated parameters, for `IN (…)`. */
export function parameterList(values: readonly unknown[]): Part[] {
  return values.flatMap((value, index) => (index > 0 ? [", ", { value }] : [{ value }]));
}

function tagged(parts: readonly Part[]): [TemplateStringsArray, unknown[]] {
  const strings: string[] = [""];
  const values: unknown[] = [];
  for (const part of parts) {
    if (typeof part === "string") strings[strings.length - 1] += part;
    else {
      values.push(part.value);
      strings.push("");
    }
  }
  const template = Object.assign([...strings], { raw: [...strings] }) as unknown as TemplateStringsArray;
  return [template, values];
}

/** How a column's values travel in a JSON parameter, and are read back from it (`insertRows`). */
export type ColumnType = "text" | "integer" | "timestamp";

type Part = string | { value: unknown };

/**
 * A list of strings as a one-column table (`SELECT value …`), passed as ONE parameter: a JSON
 * array. Prisma's raw path costs about 2 µs per bound parameter (a hundred ids: 0.5 ms, one JSON
 * text of them: 0.2 ms), and a bulk of decisions asks about the same hundreds of ids several
 * times. The only SQL here that differs between the databases is the table function.
 */
export function jsonValues(provider: DatabaseProvider, values: readonly string[]): Part[] {
  const json = { value: JSON.stringify(values) };
  return provider === "postgres"
    ? ["SELECT j.value FROM json_array_elements_text(CAST(", json, " AS json)) AS j(value)"]
    : ["SELECT j.value FROM json_each(", json, ") AS j"];
}

/**
 * Rows as a table `j` in a FROM clause, passed as ONE parameter (a JSON array of arrays): each
 * row's array is `j.value`, its position in the list `j.key` (read fields with `jsonField`; dates
 * are carried as `jsonDate` says).
 */
export function jsonRows(provider: DatabaseProvider, rows: readonly (readonly unknown[])[]): Part[] {
  const json = {
    value: JSON.stringify(rows.map((row) => row.map((value) => (value instanceof Date ? jsonDate(provider, value) : value)))),
  };
  return provider === "postgres"
    ? ["json_array_elements(CAST(", json, " AS json)) WITH ORDINALITY AS j(value, key)"]
    : ["json_each(", json, ") AS j"];
}

/** Field `index` of a `jsonRows` row, as a value of the column's type (JSON null: NULL). */
export function jsonField(provider: DatabaseProvider, index: number, type: ColumnType): string {
  const text = `(j.value ->> ${index})`;
  if (provider === "postgres") return type === "text" ? text : `CAST(${text} AS ${type === "integer" ? "integer" : "timestamp(3)"})`;
  return text;
}

/**
 * A date as `jsonRows` carries it: as each database's Prisma client stores it (SQLite: ISO text
 * with "+00:00", as @prisma/adapter-better-sqlite3 writes it; PostgreSQL: a `timestamp(3)`
 * without zone, holding UTC, which the ISO text casts to).
 */
function jsonDate(provider: DatabaseProvider, date: Date): string {
  return provider === "postgres" ? date.toISOString() : date.toISOString().replace("Z", "+00:00");
}

const sameValue = (a: unknown, b: unknown) => a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());

/** Rows per statement: a bound on the JSON text's size (and on SQLite's memory for it). */
const ROWS_PER_STATEMENT = 1_000;

/**
 * Inserts rows, a thousand per statement, with TWO kinds of parameters only: a value shared by
 * every row (the actor, the time, the document…) is bound once, and the values that differ
 * travel together as one JSON text (`jsonRows`), in the rows' order. Prisma's createMany spent
 * about a quarter of a millisecond of the event loop per row building its query, and a multi-row
 * VALUES list about 2 µs per bound parameter (13 columns × 100 decisions: 3 ms), inside the
 * transaction that holds the write lock (docs/decisions/085, 122). Every column is given
 * (database defaults are not used: Prisma's own defaults, such as `now()`, are applied by the
 * client, not the database); dates are stored as Prisma stores them.
 */
export async function insertRows<Row extends Record<string, unknown>>(
  tx: RawTarget,
  provider: DatabaseProvider,
  table: string,
  columns: { readonly [Column in keyof Row & string]: ColumnType },
  rows: readonly Row[],
): Promise<void> {
  const names = Object.keys(columns) as (keyof Row & string)[];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const varying = names.filter((name) => chunk.some((row) => !sameValue(row[name] ?? null, chunk[0]![name] ?? null)));
    const select: Part[] = [];
    names.forEach((name, position) => {
      if (position > 0) select.push(", ");
      const index = varying.indexOf(name);
      if (index >= 0) select.push(jsonField(provider, index, columns[name]));
      else if (provider === "postgres" && columns[name] !== "text")
        select.push("CAST(", { value: chunk[0]![name] ?? null }, ` AS ${columns[name] === "integer" ? "integer" : "timestamp(3)"})`);
      else select.push({ value: chunk[0]![name] ?? null });
    });
    const values = chunk.map((row) => varying.map((name) => row[name] ?? null));
    await rawStatement(tx, [
      `INSERT INTO "${table}" (${names.map((name) => `"${name}"`).join(", ")}) SELECT `,
      ...select,
      " FROM ",
      ...jsonRows(provider, values),
      " ORDER BY j.key",
    ]);
  }
}
