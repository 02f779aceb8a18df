import { afterAll, expect, it } from "vitest";
import * as Y from "yjs";
import { openUpdateLog } from "../../server/db/openUpdateLog";
import { LiveDocuments } from "../../server/yjs/liveDocuments";
import { freshDatabase } from "../support/database";

// A server-side edit someone waits on (a bulk of chair decisions waits for its text to be
// committed before recording it) is committed at once, not after the room's commit window or the
// gap kept between commits under a stream of typing (docs/decisions/123). The window here is
// ten seconds: a session that waited for it would lose the race below.
const { url, db } = freshDatabase();
void db.$disconnect();
const log = openUpdateLog(url);
const live = new LiveDocuments(log, { commitWindowMs: 10_000, idleUnloadMs: 60_000, compactAfter: 1_000_000 });
afterAll(async () => {
  await live.close();
  await log.close();
});

const later = (ms: number) => new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), ms).unref());

it("commits an edit session's text when the session asks, typists' pending updates with it", async () => {
  const room = "test.expedite";
  const document = await live.acquire(room);
  try {
    // A typist's update, waiting for the window.
    document.doc.getText("t").insert(0, "typed ");
    const outcome = await live.edit(room, null, async (session) => {
      session.transact((doc) => doc.getText("t").insert(doc.getText("t").length, "decided"));
      return Promise.race([session.committed().then(() => "committed" as const), later(5_000)]);
    });
    expect(outcome).toBe("committed");
    const stored = new Y.Doc();
    for (const row of await log.load(room)) Y.applyUpdate(stored, row.data);
    expect(stored.getText("t").toString()).toBe("typed decided");
  } finally {
    live.release(document);
  }
});
