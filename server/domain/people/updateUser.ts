import { z } from "zod";
import type { Actor } from "../../policies";
import { authorizeProcess } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Validation } from "../kernel/errors";
import { findManagedUser } from "./findManagedUser";
import { fields, parseInput } from "../kernel/validation";

export const updateUserInput = z.object({
  userId: fields.id,
  name: fields.name,
  delegationRole: fields.optional(z.enum(["head", "delegate"], { message: "Choose head or delegate." })),
});

/** Renames a user or changes their delegation role (head / delegate). */
export async function updateUser(ctx: DomainContext, actor: Actor, input: z.input<typeof updateUserInput>) {
  const { processId } = authorizeProcess(actor, "process.manage");
  const data = parseInput(updateUserInput, input);
  const user = await findManagedUser(ctx, processId, data.userId);
  const delegationRole = user.participant.kind === "secretariat" ? null : data.delegationRole;
  if (user.participant.kind !== "secretariat" && !delegationRole) {
    throw new Validation("Please correct the highlighted fields.", { delegationRole: "Choose head or delegate." });
  }
  const updated = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: user.id }, data: { name: data.name, delegationRole } });
    await recordAudit(tx, actor, processId, {
      action: "user.update",
      subjectType: "user",
      subjectId: user.id,
      details: {
        before: { name: user.name, delegationRole: user.delegationRole },
        after: { name: updated.name, delegationRole: updated.delegationRole },
      },
    });
    return updated;
  });
  ctx.events.emit("user.accessChanged", user.id);
  return updated;
}
