import type { Actor } from "../policies";
import { authorizeProcess } from "../domain/kernel/authorize";
import type { DomainContext } from "../domain/kernel/context";

const userFields = {
  id: true,
  name: true,
  email: true,
  delegationRole: true,
  office: true,
  disabledAt: true,
} as const;

/** The secretariat's view of every participant and its users. */
export async function getParticipantsAdmin(ctx: DomainContext, actor: Actor | null) {
  const { processId } = authorizeProcess(actor, "process.manage");
  const participants = await ctx.db.participant.findMany({
    where: { processId },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    include: { users: { select: userFields, orderBy: { name: "asc" } } },
  });
  const stateMembers = participants
    .filter((participant) => participant.kind === "state")
    .flatMap((participant) =>
      participant.users
        .filter((user) => !user.disabledAt)
        .map((user) => ({ id: user.id, label: `${user.name} (${participant.name})`, office: user.office })),
    );
  return { participants, stateMembers };
}

export async function getParticipantAdmin(ctx: DomainContext, actor: Actor | null, participantId: string) {
  const { processId } = authorizeProcess(actor, "process.manage");
  return ctx.db.participant.findFirst({
    where: { id: participantId, processId },
    include: { users: { select: userFields, orderBy: { name: "asc" } } },
  });
}

export async function getUserAdmin(ctx: DomainContext, actor: Actor | null, userId: string) {
  const { processId } = authorizeProcess(actor, "process.manage");
  return ctx.db.user.findFirst({
    where: { id: userId, participant: { processId } },
    select: { ...userFields, participant: { select: { id: true, name: true, kind: true, colour: true } } },
  });
}
