import { z } from "zod";
import type { Actor } from "../../policies";
import { authorizeProcess } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Validation } from "../kernel/errors";
import { findManagedUser } from "./findManagedUser";
import { fields, parseInput } from "../kernel/validation";

export const setUserDisabledInput = z.object({
  userId: fields.id,
  disabled: fields.flag,
});

/** Disabling ends every session of the user at once and closes their live connections. */
export async function setUserDisabled(ctx: DomainContext, actor: Actor, input: z.input<typeof setUserDisabledInput>) {
  const { processId, userId: actorId } = authorizeProcess(actor, "process.manage");
  const { userId, disabled } = parseInput(setUserDisabledInput, input);
  if (userId === actorId && disabled) throw new Validation("You cannot disable your own account.");
  const user = await findManagedUser(ctx, processId, userId);
  await ctx.db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: disabled ? { disabledAt: ctx.now(), office: null } : { disabledAt: null },
    });
    if (disabled) await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, actor, processId, {
      action: disabled ? "user.disable" : "user.enable",
      subjectType: "user",
      subjectId: user.id,
      details: { name: user.name, ...(disabled && user.office ? { releasedOffice: user.office } : {}) },
    });
  });
  ctx.events.emit("user.accessChanged", user.id);
}
