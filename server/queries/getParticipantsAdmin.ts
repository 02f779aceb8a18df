import type { Actor } from "../policies";
import { authorizeProcess } from "../domain/kernel/authorize";
import type { DomainContext } from "../domain/kernel/context";
import { participantColumns, userColumns } from "../domain/kernel/vocabularyColumns";

const userFields = {
  id: true,
  name: true,
  email: true,
  delegationRole: true,
  office: true,
  disabledAt: true,
} as const;

/** A participant and its users with their kind, roles and offices typed. */
function typedParticipant<Row extends { kind: string; users: { delegationRole: string | null; office: string | null }[] }>(row: Row) {
  return { ...participantColumns(row), users: row.users.map((user) => userColumns(user)) };
}

/** The secretariat's view of every participant and its users. */
export async function getParticipantsAdmin(ctx: DomainContext, actor: Actor | null) {
  const { processId } = authorizeProcess(actor, "process.manage");
  const participants = (
    await ctx.db.participant.findMany({
      where: { processId },
      orderBy: [{ kind: "asc" }, { name: "asc" }],
      include: { users: { select: userFields, orderBy: { name: "asc" } } },
    })
  ).map(typedParticipant);
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
  const participant = await ctx.db.participant.findFirst({
    where: { id: participantId, processId },
    include: { users: { select: userFields, orderBy: { name: "asc" } } },
  });
  return participant && typedParticipant(participant);
}

export async function getUserAdmin(ctx: DomainContext, actor: Actor | null, userId: string) {
  const { processId } = authorizeProcess(actor, "process.manage");
  const user = await ctx.db.user.findFirst({
    where: { id: userId, participant: { processId } },
    select: { ...userFields, participant: { select: { id: true, name: true, kind: true, colour: true } } },
  });
  return user && { ...userColumns(user), participant: participantColumns(user.participant) };
}
