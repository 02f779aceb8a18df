import { z } from "zod";
import { nextParticipantColour } from "../../../common/colours";
import type { Actor } from "../../policies";
import { authorizeProcess } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Conflict, NotFound } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";

export const participantInput = z.object({
  participantId: fields.optional(fields.id),
  kind: z.enum(["state", "observer"], { message: "Choose participating state or observer." }),
  name: fields.name,
  code: fields.code,
  /** Empty: the least-used colour of the palette (common/colours). */
  colour: fields.optional(fields.colour),
});

/** Adds a participant (state or observer) or edits one. The secretariat itself is not editable here. */
export async function saveParticipant(ctx: DomainContext, actor: Actor, input: z.input<typeof participantInput>) {
  const { processId } = authorizeProcess(actor, "process.manage");
  const { participantId, colour, ...fieldsIn } = parseInput(participantInput, input);
  const clash = await ctx.db.participant.findFirst({
    where: { processId, OR: [{ name: fieldsIn.name }, { code: fieldsIn.code }], NOT: participantId ? { id: participantId } : undefined },
  });
  if (clash) {
    const field = clash.name === fieldsIn.name ? "name" : "code";
    throw new Conflict(`Another participant already uses this ${field}.`, { [field]: "Already in use." });
  }
  const saved = await ctx.db.$transaction(async (tx) => {
    if (participantId) {
      const existing = await tx.participant.findFirst({ where: { id: participantId, processId } });
      if (!existing || existing.kind === "secretariat") throw new NotFound("Participant not found.");
      const participant = await tx.participant.update({
        where: { id: participantId },
        data: { ...fieldsIn, colour: colour ?? existing.colour },
      });
      await recordAudit(tx, actor, processId, {
        action: "participant.update",
        subjectType: "participant",
        subjectId: participant.id,
        details: { before: pick(existing), after: pick(participant) },
      });
      return participant;
    }
    const taken = await tx.participant.findMany({ where: { processId }, select: { colour: true }, orderBy: { createdAt: "asc" } });
    const data = { ...fieldsIn, colour: colour ?? nextParticipantColour(taken.map((row) => row.colour)) };
    const participant = await tx.participant.create({ data: { ...data, processId } });
    await recordAudit(tx, actor, processId, {
      action: "participant.create",
      subjectType: "participant",
      subjectId: participant.id,
      details: pick(participant),
    });
    return participant;
  });
  // A participant's kind decides what its users may do (an observer never writes): every open
  // socket and stream of its users is re-checked at once, as when a user is disabled. Name and
  // colour changes re-stamp their presence the same way.
  if (participantId) {
    const users = await ctx.db.user.findMany({ where: { participantId }, select: { id: true } });
    for (const user of users) ctx.events.emit("user.accessChanged", user.id);
  }
  return saved;
}

function pick({ kind, name, code, colour }: { kind: string; name: string; code: string; colour: string }) {
  return { kind, name, code, colour };
}
