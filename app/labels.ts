import { AMENDMENT_STATUS_NAMES, DOCUMENT_KIND_NAMES, STAGE_NAMES, type Stage } from "../common/vocabulary";

// What the screens call things. Server messages use the names in common/vocabulary.

export const LABELS = {
  participantKind: { state: "Participating state", observer: "Observer", secretariat: "Secretariat" },
  delegationRole: { head: "Head of delegation", delegate: "Delegate" },
  office: { chair: "Chair", co_chair: "Co-Chair" },
  documentKind: DOCUMENT_KIND_NAMES,
  stage: STAGE_NAMES,
} as const;

export const AMENDMENT_LABELS = {
  operation: { replace: "Replace", insert_after: "Insert after", delete: "Delete", alternative: "Alternative wording" },
  status: AMENDMENT_STATUS_NAMES,
  stance: { supports: "Supports", opposes: "Opposes", reservation: "Reservation", pending_instructions: "Pending instructions" },
} as const;

export const THREAD_LABELS = {
  visibility: { everyone: "Everyone in the process", delegation: "My delegation only", chair_secretariat: "Chair and secretariat only" },
  role: { secretariat: "Secretariat", chair: "Chair", head: "Head of delegation", delegate: "Delegate", observer: "Observer" },
} as const;

/**
 * The stage page's button for each move its form offers, by where the text is and where it goes:
 * a return to consolidation from the silence procedure closes no amendments.
 */
const MOVE_LABELS: Partial<Record<`${Stage}>${Stage}`, string>> = {
  "drafting>amendments_open": "Open amendments",
  "consolidation>amendments_open": "Open amendments",
  "amendments_open>consolidation": "Close amendments now",
  "silence_procedure>consolidation": "Return to consolidation",
};

export function moveLabel(from: Stage, to: Stage): string {
  return MOVE_LABELS[`${from}>${to}`] ?? `Move to ${STAGE_NAMES[to]}`;
}
