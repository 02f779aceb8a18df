// The process vocabulary (docs/decisions/005, docs/decisions/023, docs/decisions/024). Pure constants: safe to import from the
// browser bundle as well as from the server.

export const PARTICIPANT_KINDS = ["state", "observer", "secretariat"] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

export const DELEGATION_ROLES = ["head", "delegate"] as const;
export type DelegationRole = (typeof DELEGATION_ROLES)[number];

export const OFFICES = ["chair", "co_chair"] as const;
export type Office = (typeof OFFICES)[number];

export const DOCUMENT_KINDS = ["declaration", "action_plan", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Document kind names: on screen and in exported texts alike. */
export const DOCUMENT_KIND_NAMES: Readonly<Record<DocumentKind, string>> = {
  declaration: "Declaration",
  action_plan: "Action plan",
  other: "Other",
};

export const STAGES = ["drafting", "amendments_open", "consolidation", "silence_procedure", "adopted", "published"] as const;
export type Stage = (typeof STAGES)[number];

/** Stage names as people say them: in server messages and on screen alike. */
export const STAGE_NAMES: Readonly<Record<Stage, string>> = {
  drafting: "Drafting",
  amendments_open: "Amendments open",
  consolidation: "Consolidation",
  silence_procedure: "Silence procedure",
  adopted: "Adopted",
  published: "Published",
};

export const LANGUAGES = [
  { code: "en", label: "English" },
  { code: "fr", label: "French" },
  { code: "ru", label: "Russian" },
  { code: "ar", label: "Arabic" },
  { code: "tr", label: "Turkish" },
  { code: "es", label: "Spanish" },
  { code: "zh", label: "Chinese" },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]["code"];

const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ur"]);
export function textDirection(language: string): "rtl" | "ltr" {
  return RTL_LANGUAGES.has(language) ? "rtl" : "ltr";
}

export const AMENDMENT_OPERATIONS = ["replace", "insert_after", "delete", "alternative"] as const;
export type AmendmentOperation = (typeof AMENDMENT_OPERATIONS)[number];

export const AMENDMENT_STATUSES = ["draft", "tabled", "accepted", "accepted_with_changes", "merged", "not_retained", "withdrawn"] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

export const AMENDMENT_STATUS_NAMES: Readonly<Record<AmendmentStatus, string>> = {
  draft: "Draft",
  tabled: "Tabled",
  accepted: "Accepted",
  accepted_with_changes: "Accepted with changes",
  merged: "Merged",
  not_retained: "Not retained",
  withdrawn: "Withdrawn",
};

/** What a version records for each amendment when it is issued (AmendmentFate.fate). */
export const AMENDMENT_FATE_NAMES: Readonly<Record<string, string>> = {
  incorporated: "Incorporated",
  incorporated_with_changes: "Incorporated with changes",
  merged: "Merged into a compromise",
  not_retained: "Not retained",
  withdrawn: "Withdrawn",
  // Undecided when the version was issued: the amendment stays on the table for the next one. Read
  // alone, "Carried forward in Zero draft" said neither that it was undecided nor where it went.
  carried_forward: "Undecided, carried forward to the next version",
};

/** One version's record of an amendment, as the amendment page and the trail both show it: "Zero draft: Undecided, carried forward to the next version". */
export function fateInVersion(fate: string, version: string): string {
  return `${version}: ${AMENDMENT_FATE_NAMES[fate] ?? fate}`;
}

/** A tabled amendment still undecided after one or more versions: "Undecided, carried forward since Zero draft". */
export const carriedForwardSince = (version: string) => `Undecided, carried forward since ${version}`;

export const STANCES = ["supports", "opposes", "reservation", "pending_instructions"] as const;
export type Stance = (typeof STANCES)[number];

export const THREAD_VISIBILITIES = ["everyone", "delegation", "chair_secretariat"] as const;
export type ThreadVisibility = (typeof THREAD_VISIBILITIES)[number];
