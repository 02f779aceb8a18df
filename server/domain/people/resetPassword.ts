import { z } from "zod";
import type { Actor } from "../../policies";
import { authorizeProcess } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { findManagedUser } from "./findManagedUser";
import { hashPassword } from "./passwords";
import { fields, parseInput } from "../kernel/validation";

export const resetPasswordInput = z.object({ userId: fields.id, password: fields.newPassword });

/** Sets a new password and ends the user's sessions, so an old one stops working everywhere. */
export async function resetPassword(ctx: DomainContext, actor: Actor, input: z.input<typeof resetPasswordInput>) {
  const { processId } = authorizeProcess(actor, "process.manage");
  const { userId, password } = parseInput(resetPasswordInput, input);
  const user = await findManagedUser(ctx, processId, userId);
  const passwordHash = await hashPassword(password);
  await ctx.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, actor, processId, {
      action: "user.resetPassword",
      subjectType: "user",
      subjectId: user.id,
      details: { name: user.name },
    });
  });
  await ctx.limits.signIn.forgetAccount(user.email);
  ctx.events.emit("user.accessChanged", user.id);
}
