import { z } from "zod";
import type { Actor } from "../../policies";
import { authorizeProcess } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Conflict, isUniqueViolation, NotFound, Validation } from "../kernel/errors";
import { hashPassword } from "./passwords";
import { fields, parseInput } from "../kernel/validation";

export const addUserInput = z.object({
  participantId: fields.id,
  name: fields.name,
  email: fields.email,
  delegationRole: fields.optional(z.enum(["head", "delegate"], { message: "Choose head or delegate." })),
  password: fields.newPassword,
});

/** Adds a user to a participant. Members of a state or observer delegation need a delegation role. */
export async function addUser(ctx: DomainContext, actor: Actor, input: z.input<typeof addUserInput>) {
  const { processId } = authorizeProcess(actor, "process.manage");
  const data = parseInput(addUserInput, input);
  const participant = await ctx.db.participant.findFirst({ where: { id: data.participantId, processId } });
  if (!participant) throw new NotFound("Participant not found.");
  const delegationRole = participant.kind === "secretariat" ? null : data.delegationRole;
  if (participant.kind !== "secretariat" && !delegationRole) {
    throw new Validation("Please correct the highlighted fields.", { delegationRole: "Choose head or delegate." });
  }
  const emailTaken = () => new Conflict("A user with this email already exists.", { email: "Already in use." });
  if (await ctx.db.user.findUnique({ where: { email: data.email } })) throw emailTaken();
  const passwordHash = await hashPassword(data.password);
  // Concurrent requests with one email all pass the check above; the unique index decides.
  return ctx.db
    .$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { participantId: participant.id, name: data.name, email: data.email, delegationRole, passwordHash },
      });
      await recordAudit(tx, actor, processId, {
        action: "user.create",
        subjectType: "user",
        subjectId: user.id,
        details: { name: user.name, email: user.email, participant: participant.name, delegationRole },
      });
      return user;
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? emailTaken() : error;
    });
}
