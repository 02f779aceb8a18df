import { YJS_FIELD } from "../../app/editor/ydocFields";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentRoom } from "../../common/collab";
import { appendBlock, connectClient, fullText, synced, typeInto, waitFor, type CollabClient } from "../support/collab";
import { freshDatabase } from "../support/database";
import { signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";
import { seededRandom } from "../support/random";

const clients: CollabClient[] = [];
const servers: RunningServer[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.stop("SIGKILL");
});

async function setUp(env: Record<string, string> = {}) {
  const database = freshDatabase();
  const server = await startServer(database.url, env);
  servers.push(server);
  const declaration = await database.db.document.findFirstOrThrow({ where: { kind: "declaration" } });
  await database.db.$disconnect();
  return { database, server, room: documentRoom(declaration.id) };
}

function client(server: RunningServer, room: string, cookie: string) {
  const connected = connectClient(server.url, room, cookie);
  clients.push(connected);
  return connected;
}

/** True when `reloaded` holds every operation in `seen` (state vector dominance). */
function contains(reloaded: Y.Doc, seen: Y.Doc) {
  const have = Y.decodeStateVector(Y.encodeStateVector(reloaded));
  for (const [clientId, clock] of Y.decodeStateVector(Y.encodeStateVector(seen))) {
    if ((have.get(clientId) ?? 0) < clock) return false;
  }
  return true;
}

/**
 * Which way clients that differ from the most common text differ from it: what each lacks of the
 * other (structs by state vector, or deletions: a copy changes when the other's state is applied),
 * and whether it holds structs or deletions pending behind a gap.
 */
function divergence(docs: Y.Doc[]) {
  const counts = new Map<string, number>();
  for (const doc of docs) counts.set(fullText(doc), (counts.get(fullText(doc)) ?? 0) + 1);
  const majorityText = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const majority = docs.find((doc) => fullText(doc) === majorityText)!;
  const copy = (doc: Y.Doc) => {
    const result = new Y.Doc();
    Y.applyUpdate(result, Y.encodeStateAsUpdate(doc));
    return result;
  };
  const lacks = (doc: Y.Doc, of: Y.Doc) => {
    const have = Y.decodeStateVector(Y.encodeStateVector(doc));
    const missing: string[] = [];
    for (const [clientId, clock] of Y.decodeStateVector(Y.encodeStateVector(of)))
      if ((have.get(clientId) ?? 0) < clock) missing.push(`${clientId}:${have.get(clientId) ?? 0}-${clock}`);
    const merged = copy(doc);
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(of));
    return { structs: missing, changesText: fullText(merged) !== fullText(doc), fixedText: fullText(merged) === fullText(of) };
  };
  return JSON.stringify(
    docs.flatMap((doc, index) =>
      fullText(doc) === majorityText
        ? []
        : [
            {
              index,
              pendingStructs: doc.store.pendingStructs ? [...doc.store.pendingStructs.missing] : null,
              pendingDs: doc.store.pendingDs !== null,
              lacksOfMajority: lacks(doc, majority),
              majorityLacksOfIt: lacks(majority, doc),
            },
          ],
    ),
  );
}

describe("durability", () => {
  it("loses nothing an observer has seen when the server is killed with SIGKILL", async () => {
    const { database, server, room } = await setUp();
    const writerCookie = await signIn(server.url, "chair@turkiye.example");
    const observerCookie = await signIn(server.url, "observer@iom.example");
    const writer = client(server, room, writerCookie);
    const observer = client(server, room, observerCookie);
    await Promise.all([synced(writer), synced(observer)]);

    let killed = false;
    let written = 0;
    const writing = (async () => {
      while (!killed && written < 2_000) {
        typeInto(writer.doc, 3 + (written % 5), ` w${written}`);
        written++;
        if (written === 150) {
          server.child.kill("SIGKILL");
          killed = true;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    await writing;
    await server.stop("SIGKILL");
    // Freeze what the observer saw before anything can reconnect.
    writer.destroy();
    const seen = new Y.Doc();
    Y.applyUpdate(seen, Y.encodeStateAsUpdate(observer.doc));
    observer.destroy();
    const seenTokens = fullText(seen).match(/ w\d+/g) ?? [];
    expect(seenTokens.length).toBeGreaterThan(0);

    const restarted = await startServer(database.url);
    servers.push(restarted);
    const reader = client(restarted, room, observerCookie);
    await synced(reader);
    expect(contains(reader.doc, seen)).toBe(true);
    const reloadedText = fullText(reader.doc);
    for (const token of seenTokens) expect(reloadedText).toContain(token);
  });

  it("converges 20 clients through random edits, disconnects and a server restart", async () => {
    const { database, server, room } = await setUp({ COLLAB_COMPACT_AFTER: "50" });
    const writerCookies = await Promise.all(
      ["chair@turkiye.example", "cochair@hungary.example", "secretariat@icmpd.example"].map((email) => signIn(server.url, email)),
    );
    const readerCookie = await signIn(server.url, "head@pakistan.example");
    const writers = Array.from({ length: 16 }, (_, index) => client(server, room, writerCookies[index % 3]!));
    const readers = Array.from({ length: 4 }, () => client(server, room, readerCookie));
    await Promise.all([...writers, ...readers].map(synced));

    const rand = seededRandom(20261124);
    let current = server;
    const edit = (doc: Y.Doc, index: number) => {
      const fragment = doc.getXmlFragment(YJS_FIELD);
      const block = Math.floor(rand() * fragment.length);
      const roll = rand();
      // Agreed paragraphs are locked on the server (paragraphLocks.ts): a writer there would be disconnected.
      if ((fragment.get(block) as Y.XmlElement).getAttribute("status") === "agreed") return appendBlock(doc, `new block ${index}`);
      if (roll < 0.08) return appendBlock(doc, `new block ${index}`);
      const text = (fragment.get(block) as Y.XmlElement).get(0);
      if (roll < 0.25 && text instanceof Y.XmlText && text.length > 4) {
        const from = Math.floor(rand() * (text.length - 3));
        return text.delete(from, 1 + Math.floor(rand() * 3));
      }
      typeInto(doc, block, ` e${index}`, Math.floor(rand() * 40));
    };

    for (let round = 0; round < 60; round++) {
      writers.forEach((writer, index) => {
        if (rand() < 0.6) edit(writer.doc, round * 100 + index);
        if (rand() < 0.05) {
          writer.provider.disconnect();
          setTimeout(() => writer.provider.connect(), 50 + rand() * 200);
        }
      });
      if (round === 30) {
        await current.stop("SIGTERM");
        current = await startServer(database.url, { PORT: String(server.port), COLLAB_COMPACT_AFTER: "50" });
        servers.push(current);
      }
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    for (const writer of writers) if (!writer.provider.shouldConnect) writer.provider.connect();

    const everyone = [...writers, ...readers];
    const fresh = () => {
      const probe = client(current, room, readerCookie);
      return synced(probe).then(() => probe);
    };
    await waitFor(
      () => {
        const texts = everyone.map((each) => fullText(each.doc));
        return everyone.every((each) => each.provider.wsconnected && each.provider.synced) && texts.every((text) => text === texts[0]);
      },
      "all clients identical",
      30_000,
    ).catch((error: Error) => {
      // Seen once in a full run and never alone: say which way the clients differ.
      const states = everyone.map((each, index) => ({
        index,
        connected: each.provider.wsconnected,
        synced: each.provider.synced,
        closes: each.closes,
        length: fullText(each.doc).length,
      }));
      const texts = new Set(everyone.map((each) => fullText(each.doc)));
      throw new Error(
        `${error.message}: ${texts.size} distinct texts; ${JSON.stringify(states)}; ${divergence(everyone.map((each) => each.doc))}`,
      );
    });
    const probe = await fresh();
    expect(fullText(probe.doc)).toBe(fullText(writers[0]!.doc));
    expect(fullText(probe.doc)).toMatch(/ e\d+/);
    for (const each of everyone) expect(Y.encodeStateVector(each.doc)).toEqual(Y.encodeStateVector(probe.doc));
  });
});
