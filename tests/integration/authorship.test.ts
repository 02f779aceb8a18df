import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { listDocumentBlocks } from "../../app/editor/documentModel";
import { findBlock } from "../../app/editor/yBlocks";
import { documentRoom } from "../../common/collab";
import type { Actor } from "../../server/policies";
import { connectClient, synced, waitFor, type CollabClient } from "../support/collab";
import { signIn } from "../support/http";
import { startInProcessServer } from "../support/inProcessServer";

// Who edited which paragraph between two versions survives compaction (docs/decisions/060):
// two pen-holders of different participants edit over real WebSockets, the room's log is folded
// into a snapshot (no authored row left), and compare still names each participant on the
// paragraphs they edited, and its state filter keeps only theirs.

let app: Awaited<ReturnType<typeof startInProcessServer>>;
let chair: Actor;
let documentId = "";
let room = "";
const clients: CollabClient[] = [];

beforeAll(async () => {
  app = await startInProcessServer({ COLLAB_COMPACT_AFTER: "1000000" });
  chair = await app.actor("chair@turkiye.example");
  const document = await app.db.document.findFirstOrThrow({ where: { kind: "declaration" } });
  documentId = document.id;
  room = documentRoom(documentId);
  await app.db.document.update({ where: { id: documentId }, data: { stage: "consolidation" } });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await app?.close();
});

const plain = (text: Y.XmlText) => (text.toDelta() as { insert: unknown }[]).map((op) => String(op.insert)).join("");

describe("edit attribution across compaction", () => {
  it("names the participants who edited each paragraph between two versions, after the log is folded", async () => {
    const blocks = (await app.server.liveDocuments.read(room, listDocumentBlocks)).filter(
      (block) => (block.kind === "operative" || block.kind === "preambular") && block.status === "open" && block.text.includes(" "),
    );
    const [typedByHungary, typedBySecretariat, cutBySecretariat, untouched] = blocks;
    const before = await app.server.services.issueVersion(chair, { documentId });

    const coChair = connectClient(app.url, room, await signIn(app.url, "cochair@hungary.example"));
    const secretariat = connectClient(app.url, room, await signIn(app.url, "secretariat@icmpd.example"));
    clients.push(coChair, secretariat);
    await synced(coChair);
    await synced(secretariat);
    (findBlock(coChair.doc, typedByHungary!.id)!.element.get(0) as Y.XmlText).insert(0, "Hungary typed this. ");
    (findBlock(secretariat.doc, typedBySecretariat!.id)!.element.get(0) as Y.XmlText).insert(0, "The Secretariat typed this. ");
    const cut = findBlock(secretariat.doc, cutBySecretariat!.id)!.element.get(0) as Y.XmlText;
    const firstWord = plain(cut).indexOf(" ") + 1;
    cut.delete(0, firstWord);
    const expected = [
      [typedByHungary!.id, `Hungary typed this. ${typedByHungary!.text}`],
      [typedBySecretariat!.id, `The Secretariat typed this. ${typedBySecretariat!.text}`],
      [cutBySecretariat!.id, cutBySecretariat!.text.slice(firstWord)],
    ] as const;
    await waitFor(async () => {
      const now = await app.server.liveDocuments.read(room, listDocumentBlocks);
      return expected.every(([id, text]) => now.find((block) => block.id === id)?.text === text);
    }, "the edits on the server");

    // Fold the room's log: no row with an author is left, only the snapshot and the authorship record.
    const live = await app.server.liveDocuments.acquire(room);
    await live.committed();
    await live.compact();
    app.server.liveDocuments.release(live);
    expect(await app.db.yUpdate.count({ where: { room, userId: { not: null } } })).toBe(0);
    expect(await app.db.yAuthorship.count({ where: { room } })).toBeGreaterThan(0);

    const after = await app.server.services.issueVersion(chair, { documentId });
    const hungary = await app.db.participant.findFirstOrThrow({ where: { name: "Hungary" } });
    const secretariatParticipant = await app.db.participant.findFirstOrThrow({ where: { kind: "secretariat" } });
    const compared = await app.server.services.compareDocumentVersions(chair, documentId, { from: before.id, to: after.id });
    const editorsOf = (blockId: string) => compared.rows.find((row) => row.blockId === blockId)?.editors.map((editor) => editor.name);
    expect(editorsOf(typedByHungary!.id)).toEqual(["Hungary"]);
    expect(editorsOf(typedBySecretariat!.id)).toEqual([secretariatParticipant.name]);
    expect(editorsOf(cutBySecretariat!.id)).toEqual([secretariatParticipant.name]);
    expect(editorsOf(untouched!.id)).toEqual([]);

    // The state filter applies to edits: only the paragraph Hungary edited.
    const filtered = await app.server.services.compareDocumentVersions(chair, documentId, {
      from: before.id,
      to: after.id,
      state: hungary.id,
    });
    expect(filtered.rows.map((row) => row.blockId)).toEqual([typedByHungary!.id]);
    expect(compared.states.map((state) => state.name)).toEqual(expect.arrayContaining(["Hungary", secretariatParticipant.name]));
  });
});
