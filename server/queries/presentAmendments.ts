import type { BlockSummary } from "../../app/editor/documentModel";
import type { DiffPart } from "../../app/editor/diff";
import { baseTextHash } from "../domain/amendments/currentDiffs";
import type { AmendmentOperation, AmendmentStatus, Stance } from "../../common/vocabulary";
import { provisionalLabel } from "../domain/amendments/operations";

/** What presentAmendments needs of an amendment; loaded by loadAmendmentRecords. */
export interface AmendmentRecord {
  id: string;
  documentId: string;
  participantId: string;
  targetBlockId: string;
  operation: string;
  status: string;
  tabledAt: Date | null;
  revision: {
    number: number;
    proposedText: string;
    baseText: string;
    baseNumber: string | null;
    justification: string;
    diffJson: string;
    /** Diffs against later target texts, keyed by the SHA-256 of that text (see currentDiffs.ts). */
    currentDiffs: { baseTextHash: string; diffJson: string }[];
  } | null;
  sponsorIds: string[];
  positions: { participantId: string; stance: string; note: string }[];
}

export type ParticipantRef = { id: string; name: string; code: string; colour: string };

export interface AmendmentView {
  id: string;
  documentId: string;
  operation: AmendmentOperation;
  status: AmendmentStatus;
  proposer: ParticipantRef;
  sponsors: ParticipantRef[];
  positions: { participant: ParticipantRef; stance: Stance; note: string }[];
  tally: Record<Stance, string[]>;
  targetBlockId: string;
  /** The target's number now (null if it is gone), and when tabled. */
  targetNumber: string | null;
  targetNumberWhenTabled: string | null;
  /** For insertions, the provisional label of the new block, e.g. OP7bis. */
  provisionalLabel: string | null;
  revision: number;
  justification: string;
  proposedText: string;
  baseText: string;
  diff: DiffPart[];
  /** The base text changed since tabling: `currentDiff` compares with the text as it is now. */
  outdated: boolean;
  targetMissing: boolean;
  currentDiff: DiffPart[] | null;
  /** Outdated, but the diff against the current text is still being computed (a moment after the change). */
  currentDiffPending: boolean;
  tabledAt: string | null;
}

const byName = new Intl.Collator("en").compare;

const EMPTY_TALLY = (): Record<Stance, string[]> => ({ supports: [], opposes: [], reservation: [], pending_instructions: [] });

/** Turns stored amendments into what every view shows, against the current blocks of the text. */
export function presentAmendments(
  amendments: readonly AmendmentRecord[],
  participants: ReadonlyMap<string, ParticipantRef>,
  blocks: readonly BlockSummary[],
): AmendmentView[] {
  const byId = new Map(blocks.map((block) => [block.id, block]));
  const participant = (id: string): ParticipantRef =>
    participants.get(id) ?? { id, name: "Unknown participant", code: "?", colour: "#777777" };
  // Positions are listed by name: each participant's rank in that order, found once, so that the
  // thousands of positions of a compilation are sorted by number rather than by collation.
  const rank = new Map<string, number>();
  [...participants.values(), { name: "Unknown participant" }]
    .map((entry) => entry.name)
    .sort(byName)
    .forEach((name, index, names) => {
      if (index === 0 || byName(names[index - 1]!, name) !== 0) rank.set(name, index);
      else rank.set(name, rank.get(names[index - 1]!)!);
    });
  const rankOf = (name: string) => rank.get(name) ?? Number.MAX_SAFE_INTEGER;
  return amendments.map((amendment) => {
    const revision = amendment.revision;
    const target = byId.get(amendment.targetBlockId);
    const operation = amendment.operation as AmendmentOperation;
    const baseText = revision?.baseText ?? target?.text ?? "";
    const proposedText = revision?.proposedText ?? "";
    // Outdated is a warning for the decision still to take: once decided (or withdrawn), the
    // paragraph changing is the decision's own doing or later history, not news about this proposal.
    const undecided = amendment.status === "tabled" || amendment.status === "draft";
    const outdated = undecided && Boolean(revision) && (!target || target.text !== revision!.baseText);
    // Never diffed here: looked up among the diffs computed when the target changed.
    const wantsCurrentDiff = outdated && Boolean(target) && operation !== "insert_after";
    const currentHash = wantsCurrentDiff ? baseTextHash(target!.text) : null;
    const currentDiff = currentHash ? revision!.currentDiffs.find((row) => row.baseTextHash === currentHash) : undefined;
    const tally = EMPTY_TALLY();
    const positions = amendment.positions
      .map((position) => ({ participant: participant(position.participantId), stance: position.stance as Stance, note: position.note }))
      .sort((a, b) => rankOf(a.participant.name) - rankOf(b.participant.name) || byName(a.participant.name, b.participant.name));
    for (const position of positions) tally[position.stance].push(position.participant.name);
    return {
      id: amendment.id,
      documentId: amendment.documentId,
      operation,
      status: amendment.status as AmendmentStatus,
      proposer: participant(amendment.participantId),
      sponsors: amendment.sponsorIds.map(participant),
      positions,
      tally,
      targetBlockId: amendment.targetBlockId,
      targetNumber: target?.number ?? null,
      targetNumberWhenTabled: revision?.baseNumber ?? null,
      provisionalLabel: operation === "insert_after" && target ? provisionalLabel(target) : null,
      revision: revision?.number ?? 0,
      justification: revision?.justification ?? "",
      proposedText,
      baseText,
      diff: revision ? (JSON.parse(revision.diffJson) as DiffPart[]) : [],
      outdated,
      targetMissing: !target,
      currentDiff: currentDiff ? (JSON.parse(currentDiff.diffJson) as DiffPart[]) : null,
      currentDiffPending: wantsCurrentDiff && !currentDiff,
      tabledAt: amendment.tabledAt?.toISOString() ?? null,
    };
  });
}

/** "Proposed by Pakistan, co-sponsored by Iraq; supported by Hungary, Türkiye; opposed by …". */
export function attributionLine(view: AmendmentView): string {
  const parts = [
    `Proposed by ${view.proposer.name}${view.sponsors.length ? `, co-sponsored by ${listNames(view.sponsors.map((s) => s.name))}` : ""}`,
  ];
  if (view.tally.supports.length) parts.push(`supported by ${listNames(view.tally.supports)}`);
  if (view.tally.opposes.length) parts.push(`opposed by ${listNames(view.tally.opposes)}`);
  if (view.tally.reservation.length) parts.push(`reservation: ${listNames(view.tally.reservation)}`);
  if (view.tally.pending_instructions.length) parts.push(`pending instructions: ${listNames(view.tally.pending_instructions)}`);
  return parts.join("; ");
}

function listNames(names: readonly string[]) {
  return names.join(", ");
}
