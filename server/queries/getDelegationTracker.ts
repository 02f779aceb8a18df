import type { Actor } from "../policies";
import { authorizeProcess } from "../domain/kernel/authorize";
import type { DomainContext } from "../domain/kernel/context";
import { loadAmendmentRecords } from "../domain/amendments/loadAmendmentRecords";
import { presentAmendments } from "./presentAmendments";
import { readBaseBlocks } from "../domain/documents/readBaseBlocks";

/** "Our amendments": the delegation's amendments across the documents of the process. */
export async function getDelegationTracker(ctx: DomainContext, actor: Actor | null) {
  const me = authorizeProcess(actor, "process.read");
  const { participantId, processId } = me;
  const documents = await ctx.db.document.findMany({
    where: { processId, amendments: { some: { participantId } } },
    orderBy: { createdAt: "asc" },
  });
  return Promise.all(
    documents.map(async (document) => {
      const { records, participants } = await loadAmendmentRecords(ctx, me, { documentId: document.id, participantId });
      return {
        document: { id: document.id, title: document.title, symbol: document.symbol, stage: document.stage },
        amendments: presentAmendments(records, participants, await readBaseBlocks(ctx, document.id)),
      };
    }),
  );
}
