import { z } from "zod";
import type { Actor } from "../../policies";
import { authorizeProcess } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Validation } from "../kernel/errors";
import { findManagedUser } from "./findManagedUser";
import { fields, parseInput } from "../kernel/validation";

export const assignOfficeInput = z.object({
  office: z.enum(["chair", "co_chair"], { message: "Choose chair or co-chair." }),
  userId: fields.optional(fields.id),
});

/**
 * Gives the chair or co-chair office to one user of a participating state, taking it from
 * whoever held it. An empty user leaves the office vacant.
 */
export async function assignOffice(ctx: DomainContext, actor: Actor, input: z.input<typeof assignOfficeInput>) {
  const { processId } = authorizeProcess(actor, "process.manage");
  const { office, userId } = parseInput(assignOfficeInput, input);
  const holder = userId ? await findManagedUser(ctx, processId, userId) : null;
  if (holder && holder.participant.kind !== "state") {
    throw new Validation("Only a member of a participating state can hold an office.", { userId: "Choose a state's member." });
  }
  if (holder?.disabledAt) throw new Validation("This user is disabled.", { userId: "Disabled user." });
  const previous = await ctx.db.user.findMany({ where: { office, participant: { processId } } });
  await ctx.db.$transaction(async (tx) => {
    await tx.user.updateMany({ where: { id: { in: previous.map((user) => user.id) } }, data: { office: null } });
    if (holder) await tx.user.update({ where: { id: holder.id }, data: { office } });
    await recordAudit(tx, actor, processId, {
      action: "office.assign",
      subjectType: "office",
      subjectId: office,
      details: { from: previous.map((user) => user.name), to: holder?.name ?? null },
    });
  });
  for (const user of [...previous, ...(holder ? [holder] : [])]) ctx.events.emit("user.accessChanged", user.id);
  return { office, holder: holder ? { name: holder.name, participant: holder.participant.name } : null };
}
