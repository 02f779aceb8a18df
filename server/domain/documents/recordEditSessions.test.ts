import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { YJS_FIELD } from "../../../app/editor/ydocFields";
import { documentRoom } from "../../../common/collab";
import { block, jsonToYUpdate } from "../../../app/editor/documentModel";
import { factories, migratedDatabase } from "../../../tests/factories";
import { typeInto } from "../../../tests/support/collab";
import { createDomainContext } from "../../domainContext";
import type { Actor } from "../../policies";
import { recordEditSessions } from "./recordEditSessions";

// In process, on a real migrated database (SQLite, and Postgres in domain:postgres): base-text edits become editing sessions in the
// audit log, one row per user and session however many updates, with the blocks they touched.

const database = migratedDatabase();
void database.db.$disconnect();
const runtime = createDomainContext({ databaseUrl: database.url, liveDocuments: { idleUnloadMs: 60_000 } });
const { ctx } = runtime;
const make = factories(ctx.db);
let chair: Actor;
let secretariat: Actor;

afterAll(() => runtime.close());

async function newDocument() {
  const process = await make.process();
  chair = await make.user(process.id, "chair");
  secretariat = await make.user(process.id, "secretariat");
  const document = await make.document(process.id);
  const room = documentRoom(document.id);
  const text = {
    type: "doc",
    content: [
      block("preambular", "Recalling the past,", { id: "pp1" }),
      block("operative", "Decides", { id: "op1" }),
      block("operative", "Urges", { id: "op2" }),
    ],
  };
  await ctx.liveDocuments.change(room, (doc) => Y.applyUpdate(doc, jsonToYUpdate(text)));
  return { document, room };
}

const edit = (room: string, who: Actor, index: number, text: string) =>
  ctx.liveDocuments.change(room, (doc) => typeInto(doc, index, text), { userId: who.userId, participantId: who.participantId });

interface SessionDetails {
  blocks: string[];
  blockIds: string[];
  structure: boolean;
  updates: number;
  from: string;
  to: string;
}

const sessionsOf = async (documentId: string) =>
  (await ctx.db.auditEntry.findMany({ where: { subjectId: documentId, action: "document.editBase" }, orderBy: { id: "asc" } })).map(
    (entry) => ({ who: entry.actorUserId, participant: entry.participantId, ...(JSON.parse(entry.details) as SessionDetails) }),
  );

describe("editing sessions", () => {
  let recorder: ReturnType<typeof recordEditSessions>;
  beforeAll(() => {
    recorder = recordEditSessions(ctx, { idleMs: 60_000, maxSpanMs: 60_000, sweepMs: 60_000 });
  });
  afterAll(() => recorder.stop());

  it("writes one row per user however many updates, with the blocks each touched; server changes are not sessions", async () => {
    const { document, room } = await newDocument();
    for (const character of "abcdefghijklmnopqrst") await edit(room, chair, 1, character);
    for (const character of "uvwxy") await edit(room, chair, 2, character);
    for (const character of "xyz") await edit(room, secretariat, 0, character);
    await ctx.liveDocuments.change(room, (doc) => typeInto(doc, 2, " (server)"));
    expect(await sessionsOf(document.id)).toEqual([]);
    await recorder.flush();
    const sessions = await sessionsOf(document.id);
    expect(sessions).toHaveLength(2);
    expect(sessions).toContainEqual(
      expect.objectContaining({
        who: chair.userId,
        participant: chair.participantId,
        blocks: ["OP1", "OP2"],
        blockIds: ["op1", "op2"],
        updates: 25,
      }),
    );
    expect(sessions).toContainEqual(expect.objectContaining({ who: secretariat.userId, blocks: ["PP1"], updates: 3, structure: false }));
  });

  it("starts a new session after a pause, and notes added or removed paragraphs", async () => {
    const paused = recordEditSessions(ctx, { idleMs: 30, maxSpanMs: 60_000, sweepMs: 60_000 });
    try {
      const { document, room } = await newDocument();
      await edit(room, chair, 1, "a");
      await new Promise((resolve) => setTimeout(resolve, 80));
      await ctx.liveDocuments.change(room, (doc) => doc.getXmlFragment(YJS_FIELD).delete(2, 1), {
        userId: chair.userId,
        participantId: chair.participantId,
      });
      await paused.flush();
      const sessions = (await sessionsOf(document.id)).filter((session) => session.who === chair.userId);
      // Two sessions of this recorder (the file's other recorder writes its own only when stopped).
      expect(sessions).toHaveLength(2);
      expect(sessions.filter((session) => session.structure === true)).toHaveLength(1);
      expect(sessions.filter((session) => session.updates === 1 && session.blocks[0] === "OP1")).toHaveLength(1);
    } finally {
      await paused.stop();
    }
  });
});
