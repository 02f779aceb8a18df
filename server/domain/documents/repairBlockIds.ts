import { createHash } from "node:crypto";
import * as Y from "yjs";
import { blocksFragment } from "../../../app/editor/yBlocks";
import { parseRoomName } from "../../../common/collab";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";

/** The audit entry lists this many repairs at most (and how many there were). */
const LISTED = 50;

/** A fresh id for a block, derived from the room, the id it had and the block's own Yjs item. */
function derivedId(room: string, previous: string | null, item: Y.ID): string {
  const hex = createHash("sha256")
    .update(`${room}\n${previous ?? ""}\n${item.client}:${item.clock}`)
    .digest("hex");
  // UUID-shaped (version 8: custom), like the ids the editor makes.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Blocks keep stable, unique ids; the collaboration endpoint refuses updates that would break
 * that, but texts stored before it did may hold duplicate or missing ids (docs/decisions/041). When a room
 * opens, such blocks get a new id: the first block in document order keeps a duplicated id, the
 * others get one derived from the block's Yjs item. Derived, not random, so two servers repairing
 * the same room write the same values and every client converges on them. Applied to the live
 * copy as a server update (stored, broadcast like any change) and audited. A sound text is only
 * read: nothing is written.
 */
export async function repairBlockIds(ctx: DomainContext, roomName: string): Promise<number> {
  const room = parseRoomName(roomName);
  if (!room) return 0;
  const repairs = await ctx.liveDocuments.change(roomName, (doc) => {
    const found: { element: Y.XmlElement; from: string | null; to: string; index: number }[] = [];
    const seen = new Set<string>();
    blocksFragment(doc)
      .toArray()
      .forEach((node, index) => {
        if (!(node instanceof Y.XmlElement) || !node._item) return;
        const id = node.getAttribute("id");
        const usable = typeof id === "string" && id.length > 0 ? id : null;
        if (usable !== null && !seen.has(usable)) {
          seen.add(usable);
          return;
        }
        found.push({ element: node, from: usable, to: derivedId(roomName, usable, node._item.id), index });
      });
    for (const repair of found) {
      repair.element.setAttribute("id", repair.to);
      seen.add(repair.to);
    }
    return found.map(({ from, to, index }) => ({ from, to, index }));
  });
  if (repairs.length === 0) return 0;
  const subject =
    room.kind === "document"
      ? await ctx.db.document.findUnique({ where: { id: room.documentId }, select: { id: true, processId: true } })
      : await ctx.db.amendment
          .findUnique({ where: { id: room.amendmentId }, select: { id: true, document: { select: { processId: true } } } })
          .then((amendment) => amendment && { id: amendment.id, processId: amendment.document.processId });
  if (subject) {
    await ctx.db.$transaction((tx) =>
      recordAudit(tx, null, subject.processId, {
        action: "block.repairIds",
        subjectType: room.kind === "document" ? "document" : "amendment",
        subjectId: subject.id,
        details: { room: roomName, count: repairs.length, repairs: repairs.slice(0, LISTED) },
      }),
    );
  }
  return repairs.length;
}
