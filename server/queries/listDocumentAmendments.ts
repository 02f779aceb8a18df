import { z } from "zod";
import { amendmentResource, can, type Actor } from "../policies";
import { AMENDMENT_STATUSES } from "../../common/vocabulary";
import type { DomainContext } from "../domain/kernel/context";
import { getDocument } from "../domain/documents/getDocument";
import { loadAmendmentRecords } from "../domain/amendments/loadAmendmentRecords";
import { presentAmendments, type AmendmentView } from "./presentAmendments";
import { readBaseBlocks } from "../domain/documents/readBaseBlocks";
import { fields, parseInput } from "../domain/kernel/validation";

/** The side panel's filters, from its URL (`?block=&state=&status=`). */
export const amendmentFilterInput = z.object({
  blockId: fields.id.optional(),
  participantId: fields.id.optional(),
  status: z.enum(AMENDMENT_STATUSES).optional(),
});

/**
 * Every amendment of a document the actor may see: all tabled ones (and their later fates),
 * plus the actor's own delegation's drafts. Never another delegation's draft. Each comes with
 * what the actor may do on it and where the actor's state stands.
 */
export async function listDocumentAmendments(
  ctx: DomainContext,
  actor: Actor | null,
  documentId: string,
  filters: z.input<typeof amendmentFilterInput> = {},
) {
  const { document, abilities, me } = await getDocument(ctx, actor, documentId);
  const { blockId, participantId, status } = parseInput(amendmentFilterInput, filters);
  const { records, participants } = await loadAmendmentRecords(ctx, me, {
    documentId: document.id,
    targetBlockId: blockId,
    participantId,
    status,
  });
  const blocks = await readBaseBlocks(ctx, document.id);
  const withAbilities = (view: AmendmentView) => {
    const resource = amendmentResource(
      { id: view.id, participantId: view.proposer.id, status: view.status, tabledAt: view.tabledAt },
      document,
    );
    return {
      ...view,
      can: {
        cosponsor: can(me, "amendment.cosponsor", resource),
        takePosition: can(me, "amendment.takePosition", resource),
        withdraw: can(me, "amendment.withdraw", resource),
      },
      sponsoring: view.sponsors.some((sponsor) => sponsor.id === me.participantId),
      myPosition: view.positions.find((position) => position.participant.id === me.participantId) ?? null,
    };
  };
  return {
    document,
    abilities,
    blocks,
    amendments: presentAmendments(records, participants, blocks).map(withAbilities),
  };
}

export type DocumentAmendment = Awaited<ReturnType<typeof listDocumentAmendments>>["amendments"][number];
