import { abilitiesFor, decide, type Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { Unauthorized } from "../domain/kernel/errors";
import { loadAmendment } from "../domain/amendments/loadAmendment";
import { loadAmendmentRecords } from "../domain/amendments/loadAmendmentRecords";
import { attributionLine, presentAmendments } from "./presentAmendments";
import { readBaseBlocks } from "../domain/documents/readBaseBlocks";
import { draftRoom } from "../../common/collab";
import { textClosedNotice } from "../domain/documents/stages";

/**
 * One amendment: its record for everyone who may see it, and for its own delegation the live
 * drafting space (room name) with what each member may do there.
 */
export async function getAmendmentWorkspace(ctx: DomainContext, actor: Actor | null, amendmentId: string) {
  if (!actor) throw new Unauthorized();
  const amendment = await loadAmendment(ctx, actor, amendmentId);
  const [{ records, participants }, revisions, sponsorEvents] = await Promise.all([
    loadAmendmentRecords(ctx, actor, { id: amendmentId }),
    ctx.db.amendmentRevision.findMany({ where: { amendmentId }, orderBy: { number: "desc" } }),
    ctx.db.amendmentSponsorEvent.findMany({
      where: { amendmentId },
      orderBy: { id: "asc" },
      include: { participant: { select: { name: true } } },
    }),
  ]);
  const blocks = await readBaseBlocks(ctx, amendment.documentId);
  const [view] = presentAmendments(records, participants, blocks);
  const target = blocks.find((block) => block.id === amendment.targetBlockId) ?? null;
  const abilities = abilitiesFor(actor, amendment.resource);
  const joinDraft = decide(actor, "draft.join", amendment.resource);
  const table = decide(actor, "amendment.table", amendment.resource);
  return {
    amendment: view!,
    attribution: attributionLine(view!),
    document: {
      id: amendment.document.id,
      title: amendment.document.title,
      symbol: amendment.document.symbol,
      language: amendment.document.language,
      kind: amendment.document.kind,
      stage: amendment.document.stage,
    },
    closedNotice: textClosedNotice(amendment.resource.stage),
    target,
    revisions: revisions.map((revision) => ({
      number: revision.number,
      proposedText: revision.proposedText,
      baseText: revision.baseText,
      justification: revision.justification,
      tabledAt: revision.tabledAt.toISOString(),
    })),
    sponsorHistory: sponsorEvents.map((event) => ({
      participant: event.participant.name,
      action: event.action,
      at: event.createdAt.toISOString(),
    })),
    drafting: joinDraft.allowed
      ? {
          room: draftRoom(amendment.id),
          canEdit: abilities["draft.edit"],
          canTable: table.allowed,
          // Why not, in the policy's words (role, stage, status), for the page to show.
          tableRefusal: table.allowed ? null : table.message,
          // Refused by the stage or the status (not the role): shown disabled, with the reason.
          tableBlocked: !table.allowed && (table.reason === "stage" || table.reason === "status"),
          canWithdraw: abilities["amendment.withdraw"],
        }
      : null,
    abilities,
  };
}
