import { z } from "zod";
import { can, type Actor } from "../policies";
import { AMENDMENT_STATUSES, type Stage } from "../../common/vocabulary";
import type { DomainContext } from "../domain/kernel/context";
import { getDocument } from "../domain/documents/getDocument";
import { loadAmendmentRecords } from "../domain/amendments/loadAmendmentRecords";
import { presentAmendments, type AmendmentView } from "./presentAmendments";
import { readBaseBlocks } from "../domain/documents/readBaseBlocks";
import { parseInput } from "../domain/kernel/validation";

const filterInput = z.object({
  blockId: z.string().max(64).optional(),
  participantId: z.string().max(64).optional(),
  status: z.enum(AMENDMENT_STATUSES).optional(),
});

/**
 * Every amendment of a document the actor may see: all tabled ones (and their later fates),
 * plus the actor's own delegation's drafts. Never another delegation's draft. Each comes with
 * what the actor may do on it and where the actor's state stands.
 */
export async function listDocumentAmendments(ctx: DomainContext, actor: Actor | null, documentId: string, filters: unknown = {}) {
  const { document, abilities } = await getDocument(ctx, actor, documentId);
  const me = actor!;
  const { blockId, participantId, status } = parseInput(filterInput, filters);
  const { records, participants } = await loadAmendmentRecords(ctx, document.processId, {
    documentId: document.id,
    visibleTo: me.participantId,
    targetBlockId: blockId,
    participantId,
    status,
  });
  const blocks = readBaseBlocks(ctx, document.id);
  const base = { processId: document.processId, stage: document.stage as Stage };
  const withAbilities = (view: AmendmentView) => {
    const resource = { ...base, participantId: view.proposer.id };
    const tabled = view.status === "tabled";
    return {
      ...view,
      can: {
        cosponsor: tabled && can(me, "amendment.cosponsor", resource),
        takePosition: tabled && can(me, "amendment.takePosition", resource),
        withdraw: (tabled || view.status === "draft") && can(me, "amendment.withdraw", resource),
      },
      sponsoring: view.sponsors.some((sponsor) => sponsor.id === me.participantId),
      myPosition: view.positions.find((position) => position.participant.id === me.participantId) ?? null,
    };
  };
  return {
    document,
    abilities,
    blocks,
    amendments: presentAmendments(records, participants, blocks, document.language).map(withAbilities),
  };
}

export type DocumentAmendment = Awaited<ReturnType<typeof listDocumentAmendments>>["amendments"][number];
