import { Prisma, PrismaClient } from "@prisma/client";
import { Immutable } from "../domain/kernel/errors";

// Immutability and append-only rules are database triggers that RAISE (docs/decisions/032). The
// SQLite driver adapter files SQLITE_CONSTRAINT_TRIGGER under "ForeignKeyConstraintViolation",
// so Prisma reports a refused write to a published text as a foreign-key violation (P2003). The
// client below recognises the trigger by the driver's own code and throws the domain's Immutable
// (409) with the trigger's reason in plain words instead.

/**
 * Driver codes of a trigger's RAISE: SQLite's; on Postgres the SQLSTATE PL001 our triggers raise
 * (prisma/postgres/migrations, docs/decisions/053), and plain raise_exception.
 */
const TRIGGER_CODES = new Set(["SQLITE_CONSTRAINT_TRIGGER", "PL001", "P0001"]);

/** The trigger messages of the migrations, in the words a participant reads. */
const MESSAGES: readonly [RegExp, string][] = [
  [/^AuditEntry is append-only/, "The audit log is append-only: its entries are never changed or deleted."],
  [/^Version is immutable/, "An issued version is immutable: its text and its record of amendments never change."],
  [/^A published text is immutable/, "A published text is immutable: its text, its document and its publication record never change."],
  [/^Adoption records are immutable/, "An adoption record is immutable: it is never changed or deleted."],
  [/^Objections are append-only/, "An objection under the silence procedure is never changed or deleted."],
  [/silence procedure/i, "A concluded silence procedure is immutable: it is never changed or deleted."],
];

/** The trigger's message when the error is a trigger refusal, else null. */
export function triggerMessage(error: unknown): string | null {
  type Cause = { originalCode?: unknown; originalMessage?: unknown } | undefined;
  // Prisma wraps the driver's error (P2003 on SQLite, P2010 for raw queries); with adapter-pg a
  // model operation's error arrives as the adapter's bare DriverAdapterError.
  // By name, not instanceof: the Postgres client (050) is generated with its own runtime copy.
  const cause: Cause =
    error instanceof Prisma.PrismaClientKnownRequestError || (error instanceof Error && error.name === "PrismaClientKnownRequestError")
      ? ((error as { meta?: unknown }).meta as { driverAdapterError?: { cause?: Cause } } | undefined)?.driverAdapterError?.cause
      : error instanceof Error && error.name === "DriverAdapterError"
        ? (error.cause as Cause)
        : undefined;
  if (!cause || typeof cause.originalCode !== "string" || !TRIGGER_CODES.has(cause.originalCode)) return null;
  return typeof cause.originalMessage === "string" ? cause.originalMessage : "";
}

/** The domain error for a trigger refusal; any other error unchanged. */
export function fromTriggerRefusal(error: unknown): unknown {
  const message = triggerMessage(error);
  if (message === null) return error;
  const plain = MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
  return new Immutable(plain ?? "This record cannot be changed: the database refused the change.");
}

/** The client with every operation (models and raw queries, in transactions too) mapping trigger refusals. */
export function withTriggerRefusals(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw fromTriggerRefusal(error);
        }
      },
    },
  }) as unknown as PrismaClient;
}
