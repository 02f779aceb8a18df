import type { Prisma } from "@prisma/client";

type Tx = Prisma.TransactionClient;

/**
 * Runs a statement given as SQL text and `{ value }` parameters, through the client's own tagged
 * template: parameters stay parameters, and the same code serves SQLite and PostgreSQL (whose
 * client has its own Prisma runtime, so the SQLite client's `Prisma.sql` fragments are not
 * recognised there).
 */
export function rawStatement(tx: Tx, parts: readonly (string | { value: unknown })[]): Promise<number> {
  const [template, values] = tagged(parts);
  return tx.$executeRaw(template, ...values);
}

/**
 * Rows of a query given like `rawStatement`'s, for the few hot reads where Prisma's typed read
 * costs several times the query (a bulk of decisions: about 40 µs per row mapped). Select text
 * and numeric columns only: dates come back as a Date on PostgreSQL and as text on SQLite.
 */
export function rawQuery<Row>(tx: Tx, parts: readonly (string | { value: unknown })[]): Promise<Row[]> {
  const [template, values] = tagged(parts);
  return tx.$queryRaw<Row[]>(template, ...values);
}

/** `, `-separated parameters, for `IN (…)`. */
export function parameterList(values: readonly unknown[]): (string | { value: unknown })[] {
  return values.flatMap((value, index) => (index > 0 ? [", ", { value }] : [{ value }]));
}

function tagged(parts: readonly (string | { value: unknown })[]): [TemplateStringsArray, unknown[]] {
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

/** Parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/**
 * Inserts rows with multi-row INSERT statements (a few whatever their number). Prisma's
 * createMany spent about a quarter of a millisecond of the event loop per row building its query,
 * ten times the statement's own cost, inside the transaction that holds the write lock. Every
 * column is given (database defaults are not used: Prisma's own defaults, such as `now()`, are
 * applied by the client, not the database); dates are stored as Prisma stores them.
 */
export async function insertRows<Row extends Record<string, unknown>>(
  tx: Tx,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const parts: (string | { value: unknown })[] = [
      `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES `,
    ];
    rows.slice(start, start + perStatement).forEach((row, index) => {
      parts.push(index === 0 ? "(" : ", (");
      columns.forEach((column, position) => {
        if (position > 0) parts.push(", ");
        parts.push({ value: row[column] ?? null });
      });
      parts.push(")");
    });
    await rawStatement(tx, parts);
  }
}
