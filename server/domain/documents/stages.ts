import { STAGES, STAGE_NAMES, type Stage } from "../../../common/vocabulary";

// The document stage machine (docs/decisions/024). Pure: the policies, the commands and the UI loaders
// read it; deadlines, the silence procedure and publication build on it.

/** The stages in the order a text goes through them. */
export const STAGE_ORDER: readonly Stage[] = STAGES;

/**
 * The moves the secretariat may make from each stage. Forward one step, plus two returns the
 * process needs: consolidation back to amendments (a new round), and silence back to
 * consolidation (an objection breaks silence). Consolidation may also go straight to
 * "adopted" when a meeting adopts the text. Nothing leaves "published".
 */
const MOVES: Readonly<Record<Stage, readonly Stage[]>> = {
  drafting: ["amendments_open"],
  amendments_open: ["consolidation"],
  // Adoption may also be recorded at a meeting, straight from consolidation (docs/decisions/032).
  consolidation: ["amendments_open", "silence_procedure", "adopted"],
  // "adopted" here is the deadline's conclusion of a silence nobody broke (concludeSilence), never a
  // meeting's record while silence runs (meetingAdoptionRefusal).
  silence_procedure: ["consolidation", "adopted"],
  adopted: ["published"],
  published: [],
};

/**
 * An adopted text goes back to work only through an explicit reopening by the secretariat,
 * with a reason, audited as such (reopenDocument); a published text never does.
 */
const REOPENINGS: Readonly<Partial<Record<Stage, readonly Stage[]>>> = {
  adopted: ["drafting", "amendments_open", "consolidation"],
};

export function allowedMoves(from: Stage): readonly Stage[] {
  return MOVES[from] ?? [];
}

export function canMove(from: Stage, to: Stage): boolean {
  return allowedMoves(from).includes(to);
}

export function allowedReopenings(from: Stage): readonly Stage[] {
  return REOPENINGS[from] ?? [];
}

export function canReopen(from: Stage, to: Stage): boolean {
  return allowedReopenings(from).includes(to);
}

/**
 * Stages reached only through their own command, which records what the move needs (a version
 * under silence, an adoption, a publication): a bare stage move (moveStage, the settings) refuses
 * them with this message. A text "published" with nothing at its public address must not exist.
 */
export const DEDICATED_STAGES: Readonly<Partial<Record<Stage, string>>> = {
  silence_procedure: "Put a version under silence from the lifecycle page.",
  adopted: "Record the adoption from the lifecycle page.",
  published: "Publish an adopted version from the lifecycle page.",
};

/** Opening amendments records until when: the move asks for a deadline. */
export function moveNeedsDeadline(to: Stage): boolean {
  return to === "amendments_open";
}

/** The allowed moves made with the stage form (moveStage), not through a command of their own. */
export function formMoves(from: Stage): readonly Stage[] {
  return allowedMoves(from).filter((to) => !DEDICATED_STAGES[to]);
}

/** The allowed moves that record nothing but the stage (no deadline, no record): the document settings offer these. */
export function plainMoves(from: Stage): readonly Stage[] {
  return formMoves(from).filter((to) => !moveNeedsDeadline(to));
}

/** Why a move is refused, in words a secretariat member acts on; null when it is allowed. */
export function moveRefusal(from: Stage, to: Stage): string | null {
  if (canMove(from, to)) return null;
  const moves = allowedMoves(from);
  const next =
    moves.length === 0
      ? "It cannot move any more."
      : `From here it can move to ${moves.map((stage) => `“${STAGE_NAMES[stage]}”`).join(" or ")}.`;
  const reopen = allowedReopenings(from).length > 0 ? " Going back needs an explicit reopening." : "";
  return `A document at the stage “${STAGE_NAMES[from]}” cannot move to “${STAGE_NAMES[to]}”. ${next}${reopen}`;
}

/**
 * Why the adoption of a text at a meeting cannot be recorded now; null when it can. While a silence
 * procedure runs, every participating state was promised until its deadline to object: a meeting's
 * adoption recorded meanwhile would end that time early and leave an objection on its way nowhere
 * to go. The procedure ends on its own at the deadline (adopting the text when nobody objected),
 * or earlier by an objection or by returning the text to consolidation; then the meeting's adoption
 * can be recorded.
 */
export function meetingAdoptionRefusal(from: Stage, silence: { version: string; until: string } | null): string | null {
  if (from === "silence_procedure") {
    const running = silence
      ? `A silence procedure on ${silence.version} is running until ${silence.until}`
      : "A silence procedure is running";
    return `${running}: participating states may object until then. Let it end, or return the text to consolidation (which ends it), before recording an adoption at a meeting.`;
  }
  return moveRefusal(from, "adopted");
}

export function isStage(value: unknown): value is Stage {
  return typeof value === "string" && (STAGES as readonly string[]).includes(value);
}

/** Adopted and published texts accept no change, amendment or comment. */
export function isTextClosed(stage: Stage): boolean {
  return stage === "adopted" || stage === "published";
}

/** The one message every mutating action gets on a closed text (409). */
export function closedTextMessage(stage: Stage): string {
  return `This document is ${STAGE_NAMES[stage].toLowerCase()}: its text, amendments and comments are closed.`;
}

/** For loaders: the closed-text message, or null while the text is open. */
export function textClosedNotice(stage: Stage): string | null {
  return isTextClosed(stage) ? closedTextMessage(stage) : null;
}
