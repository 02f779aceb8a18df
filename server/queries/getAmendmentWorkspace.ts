import { abilitiesFor, can, roleOf, type Actor } from "../policies";
import { EDITABLE_AMENDMENT_STATUSES } from "../domain/documents/authorizeRoom";
import type { DomainContext } from "../domain/kernel/context";
import { Unauthorized } from "../domain/kernel/errors";
import { loadAmendment } from "../domain/amendments/loadAmendment";
import { loadAmendmentRecords } from "../domain/amendments/loadAmendmentRecords";
import { attributionLine, presentAmendments } from "./presentAmendments";
import { readBaseBlocks } from "../domain/documents/readBaseBlocks";
import { draftRoom } from "../domain/documents/rooms";

/**
 * One amendment: its record for everyone who may see it, and for its own delegation the live
 * drafting space (room name) with what each member may do there.
 */
export async function getAmendmentWorkspace(ctx: DomainContext, actor: Actor | null, amendmentId: string) {
  if (!actor) throw new Unauthorized();
  const amendment = await loadAmendment(ctx, actor, amendmentId);
  const [{ records, participants }, revisions, sponsorEvents] = await Promise.all([
    loadAmendmentRecords(ctx, actor.processId, { id: amendmentId }),
    ctx.db.amendmentRevision.findMany({ where: { amendmentId }, orderBy: { number: "desc" } }),
    ctx.db.amendmentSponsorEvent.findMany({ where: { amendmentId }, orderBy: { id: "asc" }, include: { participant: { select: { name: true } } } }),
  ]);
  const blocks = readBaseBlocks(ctx, amendment.documentId);
  const [view] = presentAmendments(records, participants, blocks, amendment.document.language);
  const target = blocks.find((block) => block.id === amendment.targetBlockId) ?? null;
  const ownDelegation = amendment.participantId === actor.participantId;
  const editable = EDITABLE_AMENDMENT_STATUSES.includes(amendment.status);
  const abilities = abilitiesFor(actor, amendment.resource);
  return {
    amendment: view!,
    attribution: attributionLine(view!),
    document: { id: amendment.document.id, title: amendment.document.title, symbol: amendment.document.symbol, language: amendment.document.language, kind: amendment.document.kind, stage: amendment.document.stage },
    target,
    revisions: revisions.map((revision) => ({
      number: revision.number,
      proposedText: revision.proposedText,
      baseText: revision.baseText,
      justification: revision.justification,
      tabledAt: revision.tabledAt.toISOString(),
    })),
    sponsorHistory: sponsorEvents.map((event) => ({ participant: event.participant.name, action: event.action, at: event.createdAt.toISOString() })),
    drafting: ownDelegation
      ? {
          room: draftRoom(amendment.id),
          canEdit: editable && can(actor, "amendment.draft", amendment.resource),
          // Heads see the button in every stage; outside "amendments open" the server explains why not.
          canTable: editable && (roleOf(actor) === "head" || roleOf(actor) === "chair"),
          tablingOpen: amendment.resource.stage === "amendments_open",
          canWithdraw: (amendment.status === "draft" || amendment.status === "tabled") && abilities["amendment.withdraw"],
        }
      : null,
    abilities,
  };
}
