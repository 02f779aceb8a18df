import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listBlocks, yDocToJson } from "../../app/editor/documentModel";
import { STAGES, type Stage } from "../../common/vocabulary";
import { createDb, type Db } from "../../server/db/client";
import { closedTextMessage, isTextClosed } from "../../server/domain/documents/stages";
import { documentRoom } from "../../common/collab";
import { issueVersion } from "../../server/domain/versions/issueVersion";
import { connectClient, setCaret, showsCaret, synced, typeInto, waitFor } from "../support/collab";
import { domainHarness } from "../support/domain";
import { postForm, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

// Every stage of DESIGN §6 against the actions it gates, over HTTP and the WebSocket: allowed
// where the stage machine and the policy table say so, refused elsewhere, and on a closed text
// refused with one and the same message whatever the action.

let server: RunningServer;
let db: Db;
let documentId = "";
let versionId = "";
let targetBlockId = "";
const cookies: Record<string, string> = {};
const USERS = {
  secretariat: "secretariat@icmpd.example",
  chair: "chair@turkiye.example",
  pakHead: "head@pakistan.example",
  observer: "observer@iom.example",
} as const;

beforeAll(async () => {
  const harness = domainHarness();
  const chair = await harness.actor(USERS.chair);
  documentId = (await harness.db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
  versionId = (await issueVersion(harness.ctx, chair, { documentId })).id;
  const file = harness.file;
  await harness.close();
  db = createDb(`file:${file}`);
  server = await startServer(`file:${file}`);
  for (const [who, email] of Object.entries(USERS)) cookies[who] = await signIn(server.url, email);
});

afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

const post = (who: keyof typeof USERS, path: string, fields: Record<string, string>) => postForm(server.url, path, fields, cookies[who]);
const deadline = () => new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString().slice(0, 16);

/** The chair types into the base text over the WebSocket; true when the server kept it. */
async function chairEdits(marker: string) {
  const chair = connectClient(server.url, documentRoom(documentId), cookies.chair!);
  const reader = connectClient(server.url, documentRoom(documentId), cookies.observer!);
  try {
    await Promise.all([synced(chair), synced(reader)]);
    typeInto(chair.doc, 2, marker);
    // Presence travels after the edit on the same socket: once the reader sees the caret, the
    // edit, if the server kept it, reached the reader first.
    const caret = setCaret(chair, 3, 0);
    await waitFor(() => showsCaret(reader, caret), "caret");
    await new Promise((resolve) => setTimeout(resolve, 100));
    return listBlocks(yDocToJson(reader.doc)).some((block) => block.text.includes(marker));
  } finally {
    chair.destroy();
    reader.destroy();
  }
}

describe("the stage-gating matrix", () => {
  for (const stage of STAGES) {
    it(`gates every action at the stage “${stage}”`, async () => {
      await db.document.update({ where: { id: documentId }, data: { stage } });
      // An open operative paragraph, whatever order the database returns them in: an agreed one is locked.
      targetBlockId ||= (
        await db.versionBlock.findFirstOrThrow({ where: { versionId, kind: "operative", status: "open" }, orderBy: { number: "asc" } })
      ).blockId;
      const closed = isTextClosed(stage as Stage);
      const refusals: string[] = [];

      // Text actions: a delegation proposes, an observer comments, the chair edits live.
      const propose = await post("pakHead", `/documents/${documentId}/amendments`, { targetBlockId, operation: "replace" });
      const comment = await post("observer", `/documents/${documentId}/threads`, {
        blockId: targetBlockId,
        visibility: "everyone",
        body: `At ${stage}.`,
      });
      if (closed) {
        expect(propose.status, "propose").toBe(409);
        expect(comment.status, "comment").toBe(409);
        refusals.push(await propose.text(), await comment.text());
      } else {
        expect(propose.status, "propose").toBe(302);
        expect(comment.status, "comment").toBe(200);
      }
      // Under silence the states consider a frozen version: the live text waits as well.
      expect(await chairEdits(` [edit at ${stage}]`), "chair's live edit kept").toBe(!closed && stage !== "silence_procedure");

      // Stage actions: each only from its stage, whoever asks otherwise refused.
      const silence = await post("chair", `/documents/${documentId}/lifecycle`, { intent: "silence", versionId, deadline: deadline() });
      const object = await post("pakHead", `/documents/${documentId}/lifecycle`, { intent: "object", objection: "We object." });
      const publish = await post("secretariat", `/documents/${documentId}/lifecycle`, { intent: "publish" });
      const open = await post("secretariat", `/documents/${documentId}/lifecycle`, {
        intent: "move",
        stage: "amendments_open",
        deadline: deadline(),
      });
      // From consolidation the chair starts silence (200); Pakistan then breaks it (200), which
      // brings the text back to consolidation, from where a new round of amendments may open.
      expect(silence.status, "silence").toBe(stage === "consolidation" ? 200 : 409);
      expect(object.status, "object").toBe(stage === "consolidation" ? 200 : 409);
      expect(publish.status, "publish").toBe(409);
      const reopensAmendments = stage === "drafting" || stage === "consolidation";
      expect(open.status, "open amendments").toBe(reopensAmendments ? 200 : 409);
      if (closed) {
        for (const text of refusals) expect(text).toContain(closedTextMessage(stage as Stage));
      }
    });
  }
});
