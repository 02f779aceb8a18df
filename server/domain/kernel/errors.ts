// The Remix build bundles its own copy of this module, so `instanceof` fails across the
// boundary; a registered symbol marks domain errors in every copy.
const DOMAIN_ERROR = Symbol.for("plenary.DomainError");

export function isDomainError(error: unknown): error is DomainError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[DOMAIN_ERROR] === true;
}

/** Domain errors carry an HTTP-like status; routes and the collab server turn them into messages. */
export class DomainError extends Error {
  readonly [DOMAIN_ERROR] = true;

  constructor(
    message: string,
    readonly status: number,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  constructor(message = "Not found.") {
    super(message, 404);
  }
}

export class Forbidden extends DomainError {
  constructor(message = "You are not allowed to do this.") {
    super(message, 403);
  }
}

export class Unauthorized extends DomainError {
  constructor(message = "Please sign in.") {
    super(message, 401);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, fieldErrors: Record<string, string> = {}) {
    super(message, 409, fieldErrors);
  }
}

export class Validation extends DomainError {
  constructor(message: string, fieldErrors: Record<string, string> = {}) {
    super(message, 422, fieldErrors);
  }
}

export class TooManyRequests extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 429);
  }
}

/**
 * A unique index refused the write (Prisma P2002): two requests raced past the "already
 * exists?" check. The caller turns it into the same Conflict the check gives.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * The database refused a change to a record that never changes (a published text, an issued
 * version, the append-only audit log), by a trigger: a conflict with the record's state, not a
 * broken reference. server/db/triggerRefusals turns the driver's error into this.
 */
export class Immutable extends DomainError {
  constructor(message: string) {
    super(message, 409);
  }
}
