import type { Prisma } from "@prisma/client";

type Tx = Prisma.TransactionClient;

/** Ends a silence procedure at its deadline (filled in with versions). */
export async function concludeSilence(_tx: Tx, _input: { document: { id: string }; deadline: { id: string }; now: Date }): Promise<boolean> {
  return false;
}
