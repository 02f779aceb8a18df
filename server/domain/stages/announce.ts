import type { Prisma } from "@prisma/client";
import { formatUtcTime } from "../../../common/time";

type Tx = Prisma.TransactionClient;

/**
 * Tells every active member of the process about a stage event: an in-app notification each,
 * and a row in the email outbox that a mail transport would send (docs/decisions/031).
 */
export async function announceToProcess(
  tx: Tx,
  input: { processId: string; document: { id: string; symbol: string; title: string }; text: string; now: Date },
) {
  const members = await tx.user.findMany({
    where: { participant: { processId: input.processId }, disabledAt: null },
    select: { id: true, email: true },
  });
  if (members.length === 0) return;
  const text = `${input.document.symbol}: ${input.text}`;
  await tx.notification.createMany({
    data: members.map((member) => ({ userId: member.id, kind: "stage", documentId: input.document.id, text, createdAt: input.now })),
  });
  await tx.outboxEmail.createMany({
    data: members.map((member) => ({
      toEmail: member.email,
      subject: `[Plenary] ${input.document.symbol}: ${input.text}`.slice(0, 200),
      body: `${input.document.title} (${input.document.symbol})\n\n${input.text}\n\nSent ${formatUtcTime(input.now)}.`,
      createdAt: input.now,
    })),
  });
}
