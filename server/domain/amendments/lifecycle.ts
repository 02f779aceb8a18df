import { AMENDMENT_STATUSES, AMENDMENT_STATUS_NAMES, type AmendmentStatus, type Stage } from "../../../common/vocabulary";

// The amendment status machine (docs/decisions/024). Pure: the policies read it for every status rule,
// and commands check their transition here.

/** The chair's decisions on a tabled amendment. */
export const DECIDED_STATUSES = [
  "accepted",
  "accepted_with_changes",
  "merged",
  "not_retained",
] as const satisfies readonly AmendmentStatus[];
export type DecidedStatus = (typeof DECIDED_STATUSES)[number];

/**
 * Allowed transitions. "tabled → tabled" is a new revision of a tabled amendment. A decision
 * goes back to "tabled" only when the chair reopens it, until the next version records it
 * (reopenDecision checks that). Withdrawn amendments are final.
 */
const TRANSITIONS: Readonly<Record<AmendmentStatus, readonly AmendmentStatus[]>> = {
  draft: ["tabled", "withdrawn"],
  tabled: ["tabled", ...DECIDED_STATUSES, "withdrawn"],
  accepted: ["tabled"],
  accepted_with_changes: ["tabled"],
  merged: ["tabled"],
  not_retained: ["tabled"],
  withdrawn: [],
};

export function canTransition(from: AmendmentStatus, to: AmendmentStatus): boolean {
  return (TRANSITIONS[from] ?? []).includes(to);
}

export function isAmendmentStatus(value: unknown): value is AmendmentStatus {
  return typeof value === "string" && (AMENDMENT_STATUSES as readonly string[]).includes(value);
}

export function isDecided(status: AmendmentStatus): boolean {
  return (DECIDED_STATUSES as readonly AmendmentStatus[]).includes(status);
}

/** Tabling freezes the draft's wording: the first time, or as a new revision. */
export const mayTable = (status: AmendmentStatus) => status === "draft" || status === "tabled";
/** The delegation's drafting room accepts changes while the wording can still be tabled. */
export const mayEditDraft = mayTable;
export const mayWithdraw = (status: AmendmentStatus) => canTransition(status, "withdrawn");
/** Co-sponsors, positions and decisions concern a tabled amendment only. */
export const mayCosponsor = (status: AmendmentStatus) => status === "tabled";
export const mayTakePosition = (status: AmendmentStatus) => status === "tabled";
export const mayDecide = (status: AmendmentStatus) => DECIDED_STATUSES.some((decided) => canTransition(status, decided));
/** A decision can be reopened (amendment tabled again) while no version has recorded it. */
export const mayReopenDecision = (status: AmendmentStatus) => isDecided(status) && canTransition(status, "tabled");

/** The chair decides during consolidation, and early while amendments are open (docs/decisions/028). */
export const DECIDING_STAGES: readonly Stage[] = ["amendments_open", "consolidation"];

/** The amendment status each kind of decision leads to. */
export const STATUS_AFTER_DECISION = {
  accept: "accepted",
  accept_with_changes: "accepted_with_changes",
  merge: "merged",
  not_retain: "not_retained",
} as const satisfies Record<string, DecidedStatus>;

export function statusName(status: AmendmentStatus): string {
  return AMENDMENT_STATUS_NAMES[status].toLowerCase();
}
