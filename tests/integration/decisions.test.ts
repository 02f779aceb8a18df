import type { JSONContent } from "@tiptap/core";
import { tabledAmendment } from "../support/tabledAmendment";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { listDocumentBlocks } from "../../app/editor/documentModel";
import { parseOptions } from "../../app/editor/options";
import { blockText, blocksFragment, findBlock, insertBlocksAfter } from "../../app/editor/yBlocks";
import { documentRoom } from "../../common/collab";
import { isDomainError } from "../../server/domain/kernel/errors";
import { ChangeApplier } from "../../server/domain/amendments/decisionText";
import type { Actor } from "../../server/policies";
import { connectClient, synced, waitFor, type CollabClient } from "../support/collab";
import { signIn } from "../support/http";
import { startInProcessServer } from "../support/inProcessServer";

// Chair decisions applied to the live text while pen-holders type into the same paragraph over
// real WebSockets: every copy converges, nobody's typing is lost, the wording is there once.

let app: Awaited<ReturnType<typeof startInProcessServer>>;
let chair: Actor;
let documentId = "";
let room = "";
const clients: CollabClient[] = [];
const cookies: Record<string, string> = {};

const serverText = () => app.server.liveDocuments.read(room, (doc) => listDocumentBlocks(doc));
const textOfBlock = async (blockId: string): Promise<string | undefined> =>
  (await serverText()).find((block) => block.id === blockId)?.text;
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
/**
 * The text without the decision's inserted words. A typist inserting at the very place the
 * decision inserts may land on either side of the new words (both inserts are kept whole), so
 * a marker typed a character at a time can straddle them; without them it reads whole again.
 */
const without = (text: string, inserted: string) => text.split(inserted.trim()).join("").replace(/\s+/g, "");
const squeezed = (marker: string) => marker.replace(/\s+/g, "");
let marker = 0;

async function connect(who: string) {
  const client = connectClient(app.url, room, cookies[who]!);
  clients.push(client);
  await synced(client);
  return client;
}

/** Types `text` a character at a time at the start or end of a block, as an editor would. */
async function typeSlowly(client: CollabClient, blockId: string, text: string, where: "start" | "end") {
  for (const character of text) {
    const found = findBlock(client.doc, blockId);
    if (!found) return;
    let node = found.element.get(0) as Y.XmlText | undefined;
    if (!(node instanceof Y.XmlText)) {
      node = new Y.XmlText();
      found.element.insert(0, [node]);
    }
    node.insert(where === "start" ? 0 : node.length, character);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
}

/** Every client holds exactly the server's text. */
async function converged() {
  await waitFor(async () => {
    const expected = JSON.stringify(await serverText());
    return clients.every((client) => JSON.stringify(listDocumentBlocks(client.doc)) === expected);
  }, "convergence");
}

async function tabled(operation: string, targetBlockId: string, proposed: JSONContent[], participant = "Pakistan") {
  return tabledAmendment(app.db, {
    documentId,
    target: { id: targetBlockId, text: (await textOfBlock(targetBlockId))! },
    proposedText: proposed.map((block) => (block.content ?? []).map((node) => node.text ?? "").join("")).join("\n"),
    content: proposed,
    operation,
    state: participant,
    head: `head@${participant.toLowerCase()}.example`,
  });
}

const paragraph = (text: string, type = "operative"): JSONContent => ({
  type,
  attrs: { id: null, status: "open" },
  content: [{ type: "text", text }],
});
const operatives = async () => (await await serverText()).filter((block) => block.kind === "operative");

/** Two pen-holders type markers into the block while `decide` runs; returns the markers. */
async function whileTyping(blockId: string, decide: () => Promise<unknown>) {
  const [coChair, secretariat] = [await connect("coChair"), await connect("secretariat")];
  await connect("pakDelegate");
  const startMarker = `«s${++marker}» `;
  const endMarker = ` «e${marker}»`;
  const [, , result] = await Promise.all([
    typeSlowly(coChair, blockId, endMarker, "end"),
    typeSlowly(secretariat, blockId, [...startMarker].reverse().join(""), "start"),
    (async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return decide();
    })(),
  ]);
  await converged();
  return { startMarker, endMarker, result };
}

beforeAll(async () => {
  app = await startInProcessServer();
  for (const [who, email] of Object.entries({
    coChair: "cochair@hungary.example",
    secretariat: "secretariat@icmpd.example",
    pakDelegate: "delegate@pakistan.example",
  })) {
    cookies[who] = await signIn(app.url, email);
  }
  chair = await app.actor("chair@turkiye.example");
  const document = await app.db.document.findFirstOrThrow({ where: { kind: "declaration" } });
  documentId = document.id;
  room = documentRoom(documentId);
  await app.db.document.update({ where: { id: documentId }, data: { stage: "consolidation" } });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => app?.close());

describe("chair decisions under concurrent typing", () => {
  it("accept (replace): the proposal's words land once, both typists' words are kept, the edit is the chair's", async () => {
    const target = (await operatives())[0]!;
    const amendment = await tabled("replace", target.id, [paragraph(`${target.text} in full respect of national sovereignty`)]);
    const { startMarker, endMarker } = await whileTyping(target.id, () =>
      app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "accept", confirmOutdated: true }),
    );
    const text = (await textOfBlock(target.id))!;
    expect(count(text, "in full respect of national sovereignty")).toBe(1);
    const rest = without(text, " in full respect of national sovereignty");
    expect(count(rest, squeezed(startMarker)), text).toBe(1);
    expect(count(rest, squeezed(endMarker)), text).toBe(1);
    expect(rest.replace(squeezed(startMarker), "").replace(squeezed(endMarker), "")).toBe(squeezed(target.text));

    const stored = await app.db.amendment.findUniqueOrThrow({ where: { id: amendment.id } });
    expect(stored.status).toBe("accepted");
    const decision = await app.db.amendmentDecision.findUniqueOrThrow({ where: { id: stored.decisionId! } });
    expect(decision).toMatchObject({
      kind: "accept",
      decidedById: chair.userId,
      wording: `${target.text} in full respect of national sovereignty`,
    });
    expect(JSON.parse(decision.resultingBlockIds)).toEqual([target.id]);
  });

  it("accepting keeps formatting: untouched words keep theirs, the inserted words take the proposal's, none inherited", async () => {
    const id = crypto.randomUUID();
    const run = (text: string, mark?: string): JSONContent => ({ type: "text", text, ...(mark ? { marks: [{ type: mark }] } : {}) });
    await app.server.liveDocuments.change(room, (doc) =>
      insertBlocksAfter(doc, blocksFragment(doc).length - 1, [
        { type: "operative", attrs: { id, status: "open" }, content: [run("States shall "), run("cooperate", "bold"), run(" on return.")] },
      ]),
    );
    const amendment = await tabled("replace", id, [
      {
        type: "operative",
        attrs: { id: null, status: "open" },
        content: [run("States shall "), run("cooperate", "bold"), run(" closely"), run(" and fairly", "italic"), run(" on return.")],
      },
    ]);
    await app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "accept" });
    const delta = await app.server.liveDocuments.read(room, (doc) => (findBlock(doc, id)!.element.get(0) as Y.XmlText).toDelta());
    expect(delta).toEqual([
      { insert: "States shall " },
      { insert: "cooperate", attributes: { bold: {} } },
      { insert: " closely" },
      { insert: " and fairly", attributes: { italic: {} } },
      { insert: " on return." },
    ]);
    const stored = await app.db.amendment.findUniqueOrThrow({ where: { id: amendment.id } });
    expect(stored.updatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("refuses an outdated amendment until the chair confirms, then keeps the later edit", async () => {
    const target = (await operatives())[1]!;
    const amendment = await tabled("replace", target.id, [paragraph(target.text.replace(/\.$/, "") + ", in line with international law.")]);
    const editor = await connect("coChair");
    await typeSlowly(editor, target.id, [..."Firmly, "].reverse().join(""), "start");
    await converged();
    const refusal = await app.server.services
      .decideAmendment(chair, { amendmentId: amendment.id, decision: "accept" })
      .catch((error: unknown) => error);
    expect(isDomainError(refusal) && refusal.status).toBe(409);
    expect(await textOfBlock(target.id)).toBe(`Firmly, ${target.text}`);
    await app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "accept", confirmOutdated: true });
    expect(await textOfBlock(target.id)).toBe(`Firmly, ${target.text.replace(/\.$/, "")}, in line with international law.`);
  });

  it("accept (insert after): one new paragraph with a new id after the target; typing in the target kept", async () => {
    const target = (await operatives())[2]!;
    const amendment = await tabled("insert_after", target.id, [
      paragraph("The participating states will review progress every two years."),
    ]);
    const { endMarker } = await whileTyping(target.id, () =>
      app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "accept" }),
    );
    const blocks = await serverText();
    const index = blocks.findIndex((block) => block.id === target.id);
    expect(blocks[index + 1]!.text).toBe("The participating states will review progress every two years.");
    expect(blocks.filter((block) => block.text.includes("review progress every two years")).length).toBe(1);
    expect(count(blocks[index]!.text, endMarker.trim())).toBe(1);
    const decision = await app.db.amendmentDecision.findFirstOrThrow({ where: { amendmentIds: { contains: amendment.id } } });
    expect(JSON.parse(decision.resultingBlockIds)).toEqual([blocks[index + 1]!.id]);
    expect(new Set(blocks.map((block) => block.id)).size).toBe(blocks.length);
  });

  it("accept (delete): the paragraph goes everywhere, even while someone types in it", async () => {
    const target = (await operatives())[3]!;
    const amendment = await tabled("delete", target.id, []);
    await whileTyping(target.id, () =>
      app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "accept", confirmOutdated: true }),
    );
    expect((await serverText()).some((block) => block.id === target.id)).toBe(false);
  });

  it("accept (alternative): the paragraph carries an option set, current text as Option A, the proposal as Option B", async () => {
    const target = (await operatives())[0]!;
    const amendment = await tabled(
      "alternative",
      target.id,
      [paragraph("Participating states will consider enhanced cooperation.")],
      "Iraq",
    );
    await whileTyping(target.id, () => app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "accept" }));
    const options = await app.server.liveDocuments.read(room, (doc) =>
      parseOptions(findBlock(doc, target.id)!.element.getAttribute("options")),
    );
    expect(options.map((option) => [option.key, option.attribution])).toEqual([
      ["A", "Current text"],
      ["B", "Iraq"],
    ]);
    expect(options[1]!.text).toBe("Participating states will consider enhanced cooperation.");
  });

  it("accept with changes and merge: the chair's wording, written against what the chair saw, keeps words typed meanwhile", async () => {
    const target = (await operatives())[1]!;
    const seen = target.text;
    const first = await tabled("replace", target.id, [paragraph(`${seen} Now.`)]);
    const second = await tabled("replace", target.id, [paragraph(`${seen} Soon.`)], "Iraq");
    const compromise = `${seen} As soon as possible.`;
    const { endMarker } = await whileTyping(target.id, () =>
      app.server.services.mergeAmendments(chair, {
        amendmentIds: [first.id, second.id],
        wording: compromise,
        seenText: seen,
        reason: "Both asked for a timeline.",
      }),
    );
    const text = (await textOfBlock(target.id))!;
    expect(count(text, "As soon as possible.")).toBe(1);
    expect(count(without(text, " As soon as possible."), squeezed(endMarker)), text).toBe(1);
    const merged = await app.db.amendment.findMany({ where: { id: { in: [first.id, second.id] } } });
    expect(merged.map((amendment) => amendment.status)).toEqual(["merged", "merged"]);
    expect(new Set(merged.map((amendment) => amendment.decisionId)).size).toBe(1);

    const changed = await tabled("replace", target.id, [paragraph("Something else entirely.")]);
    const seenNow = (await textOfBlock(target.id))!;
    await whileTyping(target.id, () =>
      app.server.services.decideAmendment(chair, {
        amendmentId: changed.id,
        decision: "accept_with_changes",
        wording: `${seenNow} Reviewed annually.`,
        seenText: seenNow,
      }),
    );
    expect(count((await textOfBlock(target.id))!, "Reviewed annually.")).toBe(1);
    expect((await textOfBlock(target.id))!.startsWith("«")).toBe(true);
  });

  it("not retained: no text change, the reason reaches the proposer, co-sponsors and states with a position", async () => {
    const target = (await operatives())[2]!;
    const amendment = await tabled("replace", target.id, [paragraph("Rejected wording.")]);
    const iraq = await app.db.participant.findFirstOrThrow({ where: { name: "Iraq" } });
    const hungary = await app.db.participant.findFirstOrThrow({ where: { name: "Hungary" } });
    const someone = await app.db.user.findFirstOrThrow({ where: { participantId: hungary.id } });
    await app.db.amendmentSponsor.create({ data: { amendmentId: amendment.id, participantId: iraq.id } });
    await app.db.position.create({ data: { amendmentId: amendment.id, participantId: hungary.id, stance: "opposes", userId: someone.id } });
    const before = await textOfBlock(target.id);
    await app.server.services.decideAmendment(chair, {
      amendmentId: amendment.id,
      decision: "not_retain",
      reason: "Outside the scope of the declaration.",
    });
    expect(await textOfBlock(target.id)).toBe(before);
    const notified = await app.db.notification.findMany({
      where: { amendmentId: amendment.id },
      include: { user: { include: { participant: true } } },
    });
    expect(new Set(notified.map((notification) => notification.user.participant.name))).toEqual(new Set(["Pakistan", "Iraq", "Hungary"]));
    expect(notified[0]!.text).toContain("not retained");
    expect(notified[0]!.text).toContain("Outside the scope of the declaration.");
  });

  it("bulk accept applies several amendments in document order in one audited operation", async () => {
    const [a, b, c] = await operatives();
    const later = await tabled("replace", c!.id, [paragraph(`${c!.text} (C)`)]);
    const earlier = await tabled("replace", a!.id, [paragraph(`${a!.text} (A)`)]);
    const middle = await tabled("insert_after", b!.id, [paragraph("A new paragraph (B).")]);
    const decisions = await whileTyping(b!.id, () =>
      app.server.services.decideAmendmentsInBulk(chair, {
        amendmentIds: [later.id, earlier.id, middle.id],
        decision: "accept",
        confirmOutdated: true,
      }),
    );
    const ordered = (decisions.result as { amendmentIds: string }[]).map((decision) => JSON.parse(decision.amendmentIds)[0]);
    expect(ordered).toEqual([earlier.id, middle.id, later.id]);
    expect(count((await textOfBlock(a!.id))!, "(A)")).toBe(1);
    expect(count((await textOfBlock(c!.id))!, "(C)")).toBe(1);
    expect((await serverText()).filter((block) => block.text === "A new paragraph (B).").length).toBe(1);
    const bulk = await app.db.auditEntry.findMany({ where: { action: "amendment.decideInBulk", subjectId: documentId } });
    expect(bulk.length).toBe(1);
    expect(JSON.parse(bulk[0]!.details).decisions).toHaveLength(3);
  });

  it("a bulk refused half-way (a conflict found only when applied) takes back what it applied, keeps what others typed, records nothing", async () => {
    const [aId, bId] = [crypto.randomUUID(), crypto.randomUUID()];
    await app.server.liveDocuments.change(room, (doc) =>
      insertBlocksAfter(doc, blocksFragment(doc).length - 1, [
        { type: "operative", attrs: { id: aId, status: "open" }, content: [{ type: "text", text: "Alpha states shall cooperate." }] },
        { type: "operative", attrs: { id: bId, status: "open" }, content: [{ type: "text", text: "Beta states shall report." }] },
      ]),
    );
    const [a, b] = [
      { id: aId, text: "Alpha states shall cooperate." },
      { id: bId, text: "Beta states shall report." },
    ];
    const applied = await tabled("replace", a.id, [paragraph(`${a.text} (undone)`)]);
    // Changes b's first word, which a pen-holder then changes too: the rebase conflicts.
    const conflicting = await tabled("replace", b.id, [paragraph("Gamma states shall report.")]);
    const editor = await connect("coChair");
    await typeSlowly(editor, b.id, "qQ", "start");
    await converged();
    const { startMarker, endMarker, result } = await whileTyping(a.id, () =>
      app.server.services
        .decideAmendmentsInBulk(chair, { amendmentIds: [conflicting.id, applied.id], decision: "accept", confirmOutdated: true })
        .catch((error: unknown) => error),
    );
    expect(isDomainError(result) && result.status, String(result)).toBe(409);
    expect(String((result as Error).message)).toContain("later edits touched the same words");
    const text = (await textOfBlock(a.id))!.replace(/\s+/g, "");
    expect(text).not.toContain("(undone)");
    expect(count(text, squeezed(startMarker))).toBe(1);
    expect(count(text, squeezed(endMarker))).toBe(1);
    expect(text.replace(squeezed(startMarker), "").replace(squeezed(endMarker), "")).toBe(squeezed(a.text));
    expect(await textOfBlock(b.id)).toBe(`Qq${b.text}`);
    for (const id of [applied.id, conflicting.id]) {
      expect((await app.db.amendment.findUniqueOrThrow({ where: { id } })).status).toBe("tabled");
      expect(await app.db.amendmentDecision.count({ where: { amendmentIds: { contains: id } } })).toBe(0);
    }
  });

  it("undoing a refused bulk keeps what a pen-holder typed meanwhile into a paragraph the bulk inserted", async () => {
    // The bulk's own machinery: its edit session on the live text, its change applier, its undo.
    // A bulk is undone when a later change is refused or its records fail, by then possibly
    // seconds after its first edits went out; here the typist's words arrive in between, for sure.
    const targetId = crypto.randomUUID();
    await app.server.liveDocuments.change(room, (doc) =>
      insertBlocksAfter(doc, blocksFragment(doc).length - 1, [
        { type: "operative", attrs: { id: targetId, status: "open" }, content: [{ type: "text", text: "Delta states shall meet." }] },
      ]),
    );
    const typist = await connect("coChair");
    const reader = await connect("pakDelegate");
    const inserted = "Participating states shall exchange data on returns.";
    const typed = " Typed by the co-chair meanwhile.";
    let insertedId = "";
    await app.server.liveDocuments.edit(room, { userId: chair.userId, participantId: chair.participantId }, async (session) => {
      session.recordFor(blocksFragment(session.doc));
      const applier = new ChangeApplier(session.doc, "en");
      const effects = session.transact(() =>
        applier.apply({
          label: "Pakistan's amendment",
          application: { kind: "insert", blockId: targetId, blocks: [paragraph(inserted)] },
          confirmOutdated: false,
        }),
      );
      insertedId = effects[0]!.kind === "insert" ? effects[0]!.blockIds[0]! : "";
      await session.committed();
      await waitFor(() => findBlock(typist.doc, insertedId) !== null, "the inserted paragraph at the typist");
      await typeSlowly(typist, insertedId, typed, "end");
      await waitFor(() => blockText(findBlock(session.doc, insertedId)!.element) === `${inserted}${typed}`, "the typing on the server");
      session.undoAll();
    });
    await converged();
    const blocks = await serverText();
    const at = blocks.findIndex((block) => block.id === targetId);
    expect(blocks.some((block) => block.text.includes(inserted))).toBe(false);
    // The co-chair's words stay where they were typed, exactly, in the paragraph after the target, once.
    expect(blocks[at + 1]?.text).toBe(typed);
    expect(blocks.filter((block) => block.text.includes(typed.trim()))).toHaveLength(1);
    expect(blocks[at + 1]?.id).toBe(insertedId);
    expect(listDocumentBlocks(reader.doc).find((block) => block.id === insertedId)?.text).toBe(typed);
  });

  it("undoing a refused bulk removes a paragraph it inserted when nobody typed in it, and restores a paragraph it deleted", async () => {
    const [targetId, doomedId] = [crypto.randomUUID(), crypto.randomUUID()];
    await app.server.liveDocuments.change(room, (doc) =>
      insertBlocksAfter(doc, blocksFragment(doc).length - 1, [
        { type: "operative", attrs: { id: targetId, status: "open" }, content: [{ type: "text", text: "Epsilon states shall meet." }] },
        { type: "operative", attrs: { id: doomedId, status: "open" }, content: [{ type: "text", text: "Zeta states shall leave." }] },
      ]),
    );
    const before = JSON.stringify(await serverText());
    await app.server.liveDocuments.edit(room, { userId: chair.userId, participantId: chair.participantId }, async (session) => {
      session.recordFor(blocksFragment(session.doc));
      const applier = new ChangeApplier(session.doc, "en");
      session.transact(() => {
        applier.apply({
          label: "a",
          application: { kind: "insert", blockId: targetId, blocks: [paragraph("Eta is new.")] },
          confirmOutdated: false,
        });
        applier.apply({ label: "b", application: { kind: "delete", blockId: doomedId, base: null }, confirmOutdated: false });
      });
      await session.committed();
      session.undoAll();
    });
    expect(JSON.stringify(await serverText())).toBe(before);
  });

  it("refuses decisions to anyone but the chair, and outside consolidation", async () => {
    const target = (await operatives())[0]!;
    const amendment = await tabled("replace", target.id, [paragraph("Whatever.")]);
    for (const email of ["head@pakistan.example", "secretariat@icmpd.example", "observer@iom.example"]) {
      const error = await app.server.services
        .decideAmendment(await app.actor(email), { amendmentId: amendment.id, decision: "accept" })
        .catch((e: unknown) => e);
      expect(isDomainError(error) && error.status).toBe(403);
    }
    await app.db.document.update({ where: { id: documentId }, data: { stage: "drafting" } });
    const error = await app.server.services
      .decideAmendment(chair, { amendmentId: amendment.id, decision: "accept" })
      .catch((e: unknown) => e);
    expect(isDomainError(error) && error.status).toBe(409);
    await app.db.document.update({ where: { id: documentId }, data: { stage: "consolidation" } });
    expect((await app.db.amendment.findUniqueOrThrow({ where: { id: amendment.id } })).status).toBe("tabled");
  });

  it("reopening reverts the text when nothing touched it since, and otherwise says what to revert by hand", async () => {
    const target = (await operatives())[1]!;
    const original = target.text;
    const amendment = await tabled("replace", target.id, [paragraph(`${original} Reopened.`)]);
    const decision = await app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "accept" });
    expect(await textOfBlock(target.id)).toBe(`${original} Reopened.`);
    const reopened = await app.server.services.reopenDecision(chair, { decisionId: decision.id });
    expect(reopened).toEqual({ reverted: true, revertByHand: [] });
    expect(await textOfBlock(target.id)).toBe(original);
    expect((await app.db.amendment.findUniqueOrThrow({ where: { id: amendment.id } })).status).toBe("tabled");

    const again = await app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "accept" });
    const editor = await connect("coChair");
    await typeSlowly(editor, target.id, " Edited.", "end");
    await converged();
    const kept = await app.server.services.reopenDecision(chair, { decisionId: again.id });
    expect(kept.reverted).toBe(false);
    expect(kept.revertByHand[0]).toContain(original);
    expect(await textOfBlock(target.id)).toBe(`${original} Reopened. Edited.`);

    // Once a version is issued, the decision is part of it.
    const settled = await app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "not_retain" });
    await app.server.services.issueVersion(chair, { documentId });
    const late = await app.server.services.reopenDecision(chair, { decisionId: settled.id }).catch((e: unknown) => e);
    expect(isDomainError(late) && late.status).toBe(409);
  });

  it("records the chair, not the server, as the author of decision edits in the update log", async () => {
    expect(await app.db.yUpdate.count({ where: { room, userId: chair.userId } })).toBeGreaterThan(0);
  });

  it("paragraph status: set by the chair on the live text, audited, seen at once; an agreed paragraph takes no decision until reopened", async () => {
    const target = (await operatives())[2]!;
    const reader = await connect("pakDelegate");
    const refused = await app.server.services
      .setBlockStatus(await app.actor("head@pakistan.example"), { documentId, blockId: target.id, status: "agreed" })
      .catch((e: unknown) => e);
    expect(isDomainError(refused) && refused.status).toBe(403);

    await app.server.services.setBlockStatus(chair, { documentId, blockId: target.id, status: "agreed" });
    await waitFor(() => listDocumentBlocks(reader.doc).find((block) => block.id === target.id)?.status === "agreed", "status live");
    const audit = await app.db.auditEntry.findFirstOrThrow({
      where: { action: "block.setStatus", subjectId: documentId },
      orderBy: { id: "desc" },
    });
    expect(JSON.parse(audit.details)).toMatchObject({ blockId: target.id, before: "open", after: "agreed" });

    const amendment = await tabled("replace", target.id, [paragraph(`${target.text} Too late.`)]);
    const blocked = await app.server.services
      .decideAmendment(chair, { amendmentId: amendment.id, decision: "accept", confirmOutdated: true })
      .catch((e: unknown) => e);
    expect(isDomainError(blocked) && blocked.status).toBe(409);
    expect((await textOfBlock(target.id))!.includes("Too late.")).toBe(false);

    await app.server.services.setBlockStatus(chair, { documentId, blockId: target.id, status: "open" });
    await app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "accept", confirmOutdated: true });
    expect((await textOfBlock(target.id))!.includes("Too late.")).toBe(true);
  });

  it("the collaboration endpoint refuses a forced update to an agreed paragraph, whatever the client sends", async () => {
    const target = (await operatives())[0]!;
    await app.server.services.setBlockStatus(chair, { documentId, blockId: target.id, status: "agreed" });
    const before = await textOfBlock(target.id);
    const forcer = await connect("coChair");
    await waitFor(() => listDocumentBlocks(forcer.doc).find((block) => block.id === target.id)?.status === "agreed", "status synced");
    // A client that ignores the editor's lock writes into the agreed paragraph directly.
    (findBlock(forcer.doc, target.id)!.element.get(0) as Y.XmlText).insert(0, "Forced ");
    await waitFor(() => forcer.closes.length > 0, "refusal");
    expect(forcer.closes[0]!.reason).toMatch(/agreed/);
    expect(await textOfBlock(target.id)).toBe(before);
    await app.server.services.setBlockStatus(chair, { documentId, blockId: target.id, status: "open" });
  });
});
