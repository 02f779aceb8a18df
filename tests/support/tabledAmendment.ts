import type { createDb } from "../../server/db/client";

/**
 * An amendment tabled directly in the database, as if a delegation had tabled it earlier: the specs
 * and tests about deciding need amendments on record, not the tabling flow (amendments.spec.ts
 * drives that in the browser). The proposal replaces the target's text unless `content` says otherwise.
 */
export async function tabledAmendment(
  db: ReturnType<typeof createDb>,
  {
    documentId,
    target,
    number,
    proposedText,
    state = "Pakistan",
    head = "head@pakistan.example",
    operation = "replace",
    blockType = "actionPoint",
    content,
    justification = "",
    diffJson = "[]",
  }: {
    documentId: string;
    /** The paragraph as stored, and its number as shown (none: not recorded with the revision). */
    target: { id: string; text: string };
    number?: string;
    proposedText: string;
    state?: string;
    head?: string;
    operation?: string;
    blockType?: string;
    /** The proposed blocks, when not one `blockType` block holding `proposedText`. */
    content?: unknown[];
    justification?: string;
    diffJson?: string;
  },
) {
  const participant = await db.participant.findFirstOrThrow({ where: { name: state } });
  const author = await db.user.findUniqueOrThrow({ where: { email: head } });
  const proposed = content ?? [
    {
      type: blockType,
      attrs: { id: operation === "replace" ? target.id : null, status: "open" },
      content: [{ type: "text", text: proposedText }],
    },
  ];
  return db.amendment.create({
    data: {
      documentId,
      participantId: participant.id,
      targetBlockId: target.id,
      operation,
      status: "tabled",
      createdById: author.id,
      tabledAt: new Date(),
      revisions: {
        create: {
          number: 1,
          contentJson: JSON.stringify(proposed),
          proposedText,
          baseText: target.text,
          baseNumber: number,
          justification,
          diffJson,
          tabledById: author.id,
        },
      },
    },
  });
}
