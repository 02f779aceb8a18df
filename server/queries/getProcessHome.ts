import { abilitiesFor, processResource, type Actor } from "../policies";
import { authorizeProcess } from "../domain/kernel/authorize";
import type { DomainContext } from "../domain/kernel/context";
import { documentColumns, officeColumns, participantColumns } from "../domain/kernel/vocabularyColumns";

/** Everything on the process home: offices, participants by group, documents. */
export async function getProcessHome(ctx: DomainContext, actor: Actor | null) {
  const { processId } = authorizeProcess(actor, "process.read");
  const process = await ctx.db.process.findUniqueOrThrow({
    where: { id: processId },
    include: {
      participants: {
        orderBy: { name: "asc" },
        include: { users: { where: { office: { not: null }, disabledAt: null }, select: { name: true, office: true } } },
      },
      documents: { orderBy: { createdAt: "asc" } },
    },
  });
  const participants = process.participants.map(({ users, ...participant }) => participantColumns(participant));
  const officeHolders = process.participants.flatMap((participant) =>
    participant.users.map((user) => ({
      office: officeColumns(user).office,
      userName: user.name,
      participant: participantColumns(participant),
    })),
  );
  return {
    process: { id: process.id, name: process.name },
    chair: officeHolders.find((holder) => holder.office === "chair") ?? null,
    coChair: officeHolders.find((holder) => holder.office === "co_chair") ?? null,
    secretariat: participants.find((participant) => participant.kind === "secretariat") ?? null,
    states: participants.filter((participant) => participant.kind === "state"),
    observers: participants.filter((participant) => participant.kind === "observer"),
    documents: process.documents.map(documentColumns),
    abilities: abilitiesFor(actor, processResource(processId)),
  };
}
