import type { JSONContent } from "@tiptap/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { listDocumentBlocks } from "../../app/editor/documentModel";
import { parseOptions, serializeOptions } from "../../app/editor/options";
import { YJS_FIELD } from "../../app/editor/ydocFields";
import { blockText, findBlock } from "../../app/editor/yBlocks";
import { documentRoom } from "../../common/collab";
import { isDomainError } from "../../server/domain/kernel/errors";
import type { Actor } from "../../server/policies";
import { connectClient, synced, waitFor, type CollabClient } from "../support/collab";
import { getPage, postForm, signIn } from "../support/http";
import { startInProcessServer } from "../support/inProcessServer";

// Option sets (docs/decisions/081): accepting an alternative offers it beside the paragraph's wording
// ([Option A] / [Option B], attributed) on the live text while pen-holders type; the chair
// resolves the set to one option, audited, notified, reversible; clients can neither forge nor
// drop a set over the WebSocket.

let app: Awaited<ReturnType<typeof startInProcessServer>>;
let chair: Actor;
let coChair: Actor;
let documentId = "";
let room = "";
const clients: CollabClient[] = [];
const cookies: Record<string, string> = {};

const serverBlocks = () => app.server.liveDocuments.read(room, (doc) => listDocumentBlocks(doc));
const serverOptions = (blockId: string) =>
  app.server.liveDocuments.read(room, (doc) => (findBlock(doc, blockId)?.element.getAttribute("options") as string | undefined) ?? null);
const serverTextOf = (blockId: string) => app.server.liveDocuments.read(room, (doc) => blockText(findBlock(doc, blockId)!.element));
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (isDomainError(error) ? error.status : error),
  );

async function connect(who: string) {
  const client = connectClient(app.url, room, cookies[who]!);
  clients.push(client);
  await synced(client);
  return client;
}

async function tabledAlternative(targetBlockId: string, text: string, participant: string) {
  const proposer = await app.db.participant.findFirstOrThrow({ where: { name: participant } });
  const user = await app.db.user.findFirstOrThrow({ where: { participantId: proposer.id } });
  const proposed: JSONContent[] = [{ type: "operative", attrs: { id: null, status: "open" }, content: [{ type: "text", text }] }];
  return app.db.amendment.create({
    data: {
      documentId,
      participantId: proposer.id,
      targetBlockId,
      operation: "alternative",
      status: "tabled",
      createdById: user.id,
      tabledAt: new Date(),
      revisions: {
        create: {
          number: 1,
          contentJson: JSON.stringify(proposed),
          proposedText: text,
          baseText: await serverTextOf(targetBlockId),
          justification: "",
          diffJson: "[]",
          tabledById: user.id,
        },
      },
    },
  });
}

/** Types `text` a character at a time at the end of a block, as an editor would. */
async function typeSlowly(client: CollabClient, blockId: string, text: string) {
  for (const character of text) {
    const found = findBlock(client.doc, blockId);
    if (!found) return;
    const node = found.element.get(0) as Y.XmlText;
    node.insert(node.length, character);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
}

async function converged() {
  await waitFor(async () => {
    const expected = JSON.stringify(await app.server.liveDocuments.read(room, (doc) => doc.getXmlFragment(YJS_FIELD).toJSON()));
    return clients.every((client) => JSON.stringify(client.doc.getXmlFragment(YJS_FIELD).toJSON()) === expected);
  }, "convergence");
}

let target = { id: "", text: "" };
const IRAQ = "Participating states will consider enhanced cooperation on return and readmission.";
const PAKISTAN = "Participating states may cooperate on return where appropriate.";

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
  coChair = await app.actor("cochair@hungary.example");
  const document = await app.db.document.findFirstOrThrow({ where: { kind: "declaration" } });
  documentId = document.id;
  room = documentRoom(documentId);
  await app.db.document.update({ where: { id: documentId }, data: { stage: "consolidation" } });
  const operative = (await serverBlocks()).filter((block) => block.kind === "operative" && block.status !== "agreed")[1]!;
  target = { id: operative.id, text: operative.text };
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => app?.close());

describe("option sets", () => {
  it("accepting alternatives while pen-holders type opens one set: Option A the paragraph, Option B and C attributed, live everywhere", async () => {
    const iraq = await tabledAlternative(target.id, IRAQ, "Iraq");
    const [typist, reader] = [await connect("coChair"), await connect("pakDelegate")];
    const marker = " «typed»";
    await Promise.all([
      typeSlowly(typist, target.id, marker),
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        await app.server.services.decideAmendment(chair, { amendmentId: iraq.id, decision: "accept" });
      })(),
    ]);
    await converged();
    const stored = (await serverOptions(target.id))!;
    expect(parseOptions(stored).map((option) => [option.key, option.attribution, option.amendmentId])).toEqual([
      ["A", "Current text", null],
      ["B", "Iraq", iraq.id],
    ]);
    expect(parseOptions(stored)[1]!.text).toBe(IRAQ);
    expect(count(stored, IRAQ)).toBe(1);
    // The typist's words stay in the paragraph (Option A), once; the alternative is not in its text.
    const text = await serverTextOf(target.id);
    expect(count(text.replace(/\s+/g, ""), marker.replace(/\s+/g, ""))).toBe(1);
    expect(text).not.toContain(IRAQ);
    expect(findBlock(reader.doc, target.id)!.element.getAttribute("options")).toBe(stored);

    const pakistan = await tabledAlternative(target.id, PAKISTAN, "Pakistan");
    await app.server.services.decideAmendment(coChair, { amendmentId: pakistan.id, decision: "accept" });
    await waitFor(() => parseOptions(findBlock(reader.doc, target.id)!.element.getAttribute("options")).length === 3, "Option C live");
    expect(parseOptions(await serverOptions(target.id)).map((option) => [option.key, option.attribution])).toEqual([
      ["A", "Current text"],
      ["B", "Iraq"],
      ["C", "Pakistan"],
    ]);

    // The page as a delegate first receives it: each option labelled and attributed.
    const page = await (await getPage(app.url, `/documents/${documentId}`, cookies.pakDelegate)).text();
    expect(page).toContain("block--options");
    expect(page).toMatch(/data-option="B"[\s\S]*?\[Option B\][\s\S]*?Iraq[\s\S]*?Participating states will consider enhanced cooperation/);
    expect(page).toMatch(/data-option="C"[\s\S]*?\[Option C\][\s\S]*?Pakistan/);
  });

  it("resolving: chair and co-chair only, while decisions are taken; the paragraph reads the chosen option once, audited, notified, reversible", async () => {
    const reader = await connect("pakDelegate");
    const resolve = (actor: Actor, option: string) =>
      app.server.services.resolveOptionSet(actor, { documentId, blockId: target.id, option });
    expect(await refusal(resolve(await app.actor("head@pakistan.example"), "B"))).toBe(403);
    expect(await refusal(resolve(await app.actor("secretariat@icmpd.example"), "B"))).toBe(403);
    expect(await refusal(resolve(chair, "D"))).toBe(422);
    await app.db.document.update({ where: { id: documentId }, data: { stage: "drafting" } });
    expect(await refusal(resolve(chair, "B"))).toBe(409);
    await app.db.document.update({ where: { id: documentId }, data: { stage: "consolidation" } });
    const before = await serverOptions(target.id);
    const textBefore = await serverTextOf(target.id);
    expect(before).not.toBeNull();

    const result = await resolve(coChair, "B");
    expect(await serverTextOf(target.id)).toBe(IRAQ);
    expect(await serverOptions(target.id)).toBeNull();
    await waitFor(() => blockText(findBlock(reader.doc, target.id)!.element) === IRAQ, "resolution live");
    expect(findBlock(reader.doc, target.id)!.element.getAttribute("options")).toBeUndefined();

    const audit = await app.db.auditEntry.findFirstOrThrow({ where: { action: "block.resolveOptions", subjectId: documentId } });
    expect(audit.actorUserId).toBe(coChair.userId);
    expect(JSON.parse(audit.details)).toMatchObject({ blockId: target.id, option: "B", attribution: "Iraq", wording: IRAQ });
    expect(result.decision).toMatchObject({ kind: "resolve_options", decidedById: coChair.userId, wording: IRAQ });
    const iraqUser = await app.db.user.findFirstOrThrow({ where: { participant: { name: "Iraq" } } });
    const pakistanUser = await app.db.user.findFirstOrThrow({ where: { email: "delegate@pakistan.example" } });
    for (const user of [iraqUser, pakistanUser]) {
      const notices = await app.db.notification.findMany({ where: { userId: user.id, text: { contains: "resolved the options" } } });
      expect(notices.length, user.email).toBe(1);
      expect(notices[0]!.text).toContain("Option B (Iraq)");
    }
    // The edit is the co-chair's in the update log, not the server's.
    expect(await app.db.yUpdate.count({ where: { room, userId: coChair.userId } })).toBeGreaterThan(0);
    // Nothing left to resolve.
    expect(await refusal(resolve(chair, "A"))).toBe(409);

    // Reopened (before the next version): the set and the wording come back, everywhere.
    const reopened = await app.server.services.reopenDecision(chair, { decisionId: result.decision.id });
    expect(reopened.reverted).toBe(true);
    expect(await serverOptions(target.id)).toBe(before);
    expect(await serverTextOf(target.id)).toBe(textBefore);
    await waitFor(() => findBlock(reader.doc, target.id)!.element.getAttribute("options") === before, "set restored live");
    expect(await app.db.auditEntry.count({ where: { action: "block.reopenOptions", subjectId: documentId } })).toBe(1);

    // Option A keeps the paragraph's wording as it stands.
    await resolve(chair, "A");
    expect(await serverTextOf(target.id)).toBe(textBefore);
    expect(await serverOptions(target.id)).toBeNull();
  });

  it("versions freeze an option set; compare shows it opened, then resolved, attributed to the decisions; a resolution issued in a version stays", async () => {
    const paragraph = (await serverBlocks()).filter((block) => block.kind === "operative" && block.status !== "agreed")[3]!;
    const before = await app.server.services.issueVersion(chair, { documentId });
    const iraq = await tabledAlternative(paragraph.id, IRAQ, "Iraq");
    await app.server.services.decideAmendment(chair, { amendmentId: iraq.id, decision: "accept" });
    const opened = await app.server.services.issueVersion(chair, { documentId });
    const frozen = await app.db.versionBlock.findFirstOrThrow({ where: { versionId: opened.id, blockId: paragraph.id } });
    expect(parseOptions((JSON.parse(frozen.json) as { attrs: { options: string } }).attrs.options).map((option) => option.text)).toEqual([
      paragraph.text,
      IRAQ,
    ]);

    const optionsText = `[Option A (Current text): ${paragraph.text}] [Option B (Iraq): ${IRAQ}]`;
    const first = await app.server.services.compareDocumentVersions(chair, documentId, { from: before.id, to: opened.id });
    const openedRow = first.rows.find((row) => row.blockId === paragraph.id)!;
    expect(openedRow.change).toBe("changed");
    expect(openedRow.before!.text).toBe(paragraph.text);
    expect(openedRow.after!.text).toBe(optionsText);
    expect(openedRow.decisions.map((decision) => [decision.kind, decision.amendments.map((amendment) => amendment.proposer)])).toEqual([
      ["accept", ["Iraq"]],
    ]);
    // Option by option (docs/decisions/140): the paragraph as Option A, unchanged; Iraq's option new.
    expect(openedRow.options!.compared.map((option) => [option.key, option.attribution, option.change, option.text])).toEqual([
      ["A", "Current text", "unchanged", paragraph.text],
      ["B", "Iraq", "inserted", IRAQ],
    ]);
    // The page shows it as the editor does: each option labelled and attributed, the new one inserted.
    const comparePath = (from: string, to: string, view = "") => `/documents/${documentId}/compare?from=${from}&to=${to}${view}`;
    const inline = await (await getPage(app.url, comparePath(before.id, opened.id), cookies.pakDelegate)).text();
    const section =
      new RegExp(`<section[^>]*data-change="changed"[^>]*>(?:(?!</section>)[\\s\\S])*?${IRAQ}[\\s\\S]*?</section>`).exec(inline)?.[0] ?? "";
    expect(section).toContain('data-testid="compare-options"');
    expect(section).toMatch(
      /data-option-label="A"[^>]*><span class="option__key">\[Option A\]<\/span> <span class="option__by">Current text<\/span>/,
    );
    expect(section).toMatch(
      /data-option="B" data-change="inserted"[\s\S]*?\[Option B\][\s\S]*?Iraq[\s\S]*?New option[\s\S]*?<ins[^>]*>Participating states will consider/,
    );

    const { decision } = await app.server.services.resolveOptionSet(chair, {
      documentId,
      blockId: paragraph.id,
      option: "B",
      reason: "Consensus in the room.",
    });
    // Edited after the resolution: only the recorded decision can still tell which option was chosen.
    const typist = await connect("coChair");
    await typeSlowly(typist, paragraph.id, " Today");
    await waitFor(async () => (await serverTextOf(paragraph.id)) === `${IRAQ} Today`, "edit after resolution");
    const resolved = await app.server.services.issueVersion(chair, { documentId });
    const second = await app.server.services.compareDocumentVersions(chair, documentId, { from: opened.id, to: resolved.id });
    const resolvedRow = second.rows.find((row) => row.blockId === paragraph.id)!;
    expect(resolvedRow.change).toBe("changed");
    expect(resolvedRow.before!.text).toBe(optionsText);
    expect(resolvedRow.after!.text).toBe(`${IRAQ} Today`);
    expect(resolvedRow.options!.before!.map((option) => option.key)).toEqual(["A", "B"]);
    expect(resolvedRow.options!.after).toBeNull();
    const resolution = resolvedRow.options!.resolution!;
    expect([resolution.key, resolution.attribution, resolution.reason]).toEqual(["B", "Iraq", "Consensus in the room."]);
    expect(resolution.diff.filter((part) => part.kind !== "same").map((part) => [part.kind, part.text.trim()])).toEqual([
      ["inserted", "Today"],
    ]);
    const side = await (await getPage(app.url, comparePath(opened.id, resolved.id, "&view=side"), cookies.pakDelegate)).text();
    expect(side).toContain("Options resolved to Option B (Iraq). Reason: Consensus in the room.");
    expect(side).toMatch(/data-testid="compare-before"[\s\S]*?\[Option A\][\s\S]*?\[Option B\][\s\S]*?Iraq/);
    expect(resolvedRow.decisions.map((each) => [each.kind, each.amendments.map((amendment) => amendment.proposer)])).toEqual([
      ["resolve_options", ["Iraq"]],
    ]);
    // Iraq's filter finds the paragraph its option became.
    const iraqId = (await app.db.participant.findFirstOrThrow({ where: { name: "Iraq" } })).id;
    const filtered = await app.server.services.compareDocumentVersions(chair, documentId, {
      from: opened.id,
      to: resolved.id,
      state: iraqId,
    });
    expect(filtered.rows.map((row) => row.blockId)).toContain(paragraph.id);
    // Issued: the resolution can no longer be reopened.
    expect(await refusal(app.server.services.reopenDecision(chair, { decisionId: decision.id }))).toBe(409);
  });

  it("the compilation shows the set under its number and the chair resolves it there", async () => {
    const paragraph = (await serverBlocks()).filter((block) => block.kind === "operative" && block.status !== "agreed")[0]!;
    const pakistan = await tabledAlternative(paragraph.id, PAKISTAN, "Pakistan");
    await app.server.services.decideAmendment(chair, { amendmentId: pakistan.id, decision: "accept" });
    const path = `/documents/${documentId}/compilation?section=all`;
    const page = await (await getPage(app.url, path, cookies.coChair)).text();
    const section = new RegExp(`<section[^>]*data-number="${paragraph.number}"[\\s\\S]*?</section>`).exec(page)?.[0] ?? "";
    expect(section).toContain("block--options");
    expect(section).toMatch(/\[Option B\][\s\S]*?Pakistan[\s\S]*?Participating states may cooperate on return where appropriate\./);
    expect(section).toContain(`Resolve ${paragraph.number} to`);
    // A delegate reads the set, without the chair's control.
    const delegatePage = await (await getPage(app.url, path, cookies.pakDelegate)).text();
    expect(delegatePage).toContain('data-option="B"');
    expect(delegatePage).not.toContain("Resolve ");

    const response = await postForm(app.url, path, { intent: "resolve-options", blockId: paragraph.id, option: "B" }, cookies.coChair);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`${paragraph.number} now reads as Option B (Pakistan).`);
    expect(await serverTextOf(paragraph.id)).toBe(PAKISTAN);
  });

  it("a formatted alternative keeps its formatting: stored with the option, shown in the editor and the compilation, and in the paragraph once chosen", async () => {
    const paragraph = (await serverBlocks()).filter((block) => block.kind === "operative" && block.status !== "agreed")[2]!;
    const words = "States shall cooperate fully on returns.";
    const amendment = await tabledAlternative(paragraph.id, words, "Iraq");
    await app.db.amendmentRevision.updateMany({
      where: { amendmentId: amendment.id },
      data: {
        contentJson: JSON.stringify([
          {
            type: "operative",
            attrs: { id: null, status: "open" },
            content: [
              { type: "text", text: "States " },
              { type: "text", text: "shall", marks: [{ type: "bold" }] },
              { type: "text", text: " cooperate " },
              { type: "text", text: "fully", marks: [{ type: "italic" }, { type: "underline" }] },
              { type: "text", text: " on returns." },
            ],
          },
        ]),
      },
    });
    const reader = await connect("pakDelegate");
    await app.server.services.decideAmendment(chair, { amendmentId: amendment.id, decision: "accept" });
    const option = parseOptions(await serverOptions(paragraph.id)).find((each) => each.amendmentId === amendment.id)!;
    expect(option.runs).toEqual([
      { text: "States " },
      { text: "shall", bold: true },
      { text: " cooperate " },
      { text: "fully", italic: true, underline: true },
      { text: " on returns." },
    ]);
    const formatted = "States <strong>shall</strong> cooperate <em><u>fully</u></em> on returns.";
    // The editor's first paint (rendered by the schema on the server) and the compilation.
    const documentPage = await (await getPage(app.url, `/documents/${documentId}`, cookies.pakDelegate)).text();
    expect(documentPage).toContain(`<span class="option__text" dir="auto">${formatted}</span>`);
    const compilation = await (await getPage(app.url, `/documents/${documentId}/compilation?section=all`, cookies.pakDelegate)).text();
    expect(compilation).toContain(`<span class="option__text" dir="auto">${formatted}</span>`);
    const html = await (await getPage(app.url, `/documents/${documentId}/export/html`, cookies.pakDelegate)).text();
    expect(html).toContain(formatted);

    // Chosen: the paragraph reads the option's words with its formatting, live everywhere.
    await app.server.services.resolveOptionSet(chair, { documentId, blockId: paragraph.id, option: option.key });
    const delta = () =>
      app.server.liveDocuments.read(room, (doc) => (findBlock(doc, paragraph.id)!.element.get(0) as Y.XmlText).toDelta() as unknown[]);
    const expected = [
      { insert: "States " },
      { insert: "shall", attributes: { bold: {} } },
      { insert: " cooperate " },
      { insert: "fully", attributes: { italic: {}, underline: {} } },
      { insert: " on returns." },
    ];
    expect(await delta()).toEqual(expected);
    await converged();
    expect((findBlock(reader.doc, paragraph.id)!.element.get(0) as Y.XmlText).toDelta()).toEqual(expected);
  });

  it("the form posts to the resolving route: a delegate is refused with a message, nothing changes", async () => {
    const response = await postForm(app.url, `/documents/${documentId}/options`, { blockId: target.id, option: "A" }, cookies.pakDelegate);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toMatch(/Chair/);
  });

  it("the collaboration endpoint refuses a client setting, changing or dropping an option set, and a malformed one on a new paragraph", async () => {
    const other = (await serverBlocks()).filter((block) => block.kind === "operative" && block.status !== "agreed")[2]!;
    const iraq = await tabledAlternative(other.id, IRAQ, "Iraq");
    await app.server.services.decideAmendment(chair, { amendmentId: iraq.id, decision: "accept" });
    const stored = (await serverOptions(other.id))!;
    const forged = serializeOptions([
      { key: "A", text: other.text, attribution: "Current text", amendmentId: null },
      { key: "B", text: "Forged wording.", attribution: "Iraq", amendmentId: null },
    ]);

    const attempts: [string, (doc: Y.Doc) => void, RegExp][] = [
      ["set on a paragraph", (doc) => findBlock(doc, target.id)!.element.setAttribute("options", forged), /Options are set and resolved/],
      ["changed", (doc) => findBlock(doc, other.id)!.element.setAttribute("options", forged), /Options are set and resolved/],
      ["dropped", (doc) => findBlock(doc, other.id)!.element.removeAttribute("options"), /Options are set and resolved/],
      [
        "malformed on a new paragraph",
        (doc) => {
          const element = new Y.XmlElement("operative");
          element.setAttribute("id", crypto.randomUUID());
          element.setAttribute("options", JSON.stringify([{ key: "A", text: "only one" }]));
          doc.getXmlFragment(YJS_FIELD).insert(0, [element]);
        },
        /Malformed option set/,
      ],
    ];
    for (const [what, forge, reason] of attempts) {
      const forcer = await connect("coChair");
      forge(forcer.doc);
      await waitFor(() => forcer.closes.length > 0, `refusal (${what})`);
      expect(forcer.closes[0]!.reason, what).toMatch(reason);
      forcer.destroy();
    }
    expect(await serverOptions(other.id)).toBe(stored);
    expect(await serverOptions(target.id)).toBeNull();

    // A paragraph carrying a well-formed set (an undone deletion) passes.
    const writer = await connect("coChair");
    const id = crypto.randomUUID();
    const element = new Y.XmlElement("operative");
    element.setAttribute("id", id);
    element.setAttribute("status", "open");
    element.setAttribute("options", forged);
    element.insert(0, [new Y.XmlText(other.text)]);
    writer.doc.getXmlFragment(YJS_FIELD).insert(0, [element]);
    await waitFor(async () => (await serverOptions(id)) === forged, "well-formed set accepted");
    expect(writer.closes).toEqual([]);
  });
});

describe("where did my proposal go, for alternatives", () => {
  it("says whether the option is still open, kept or set aside when the chair resolved the set", async () => {
    const summaries = async (participant: string) => {
      const user = await app.db.user.findFirstOrThrow({ where: { participant: { name: participant }, delegationRole: "head" } });
      const trail = await app.server.services.getProposalTrail(await app.actor(user.email));
      return trail.filter((row) => row.operation === "alternative").map((row) => row.summary);
    };
    // Pakistan: Option C, in Rev.1 as an option, then set aside (resolved to A); then kept in the compilation (resolved to B).
    expect(await summaries("Pakistan")).toEqual([
      "Incorporated in Rev.1; the Chair resolved the options to another wording",
      "Accepted; the next version will record it; the Chair resolved the options in its favour",
    ]);
    // Iraq: set aside in the first paragraph, incorporated (and kept) in Rev.2, still open in the last.
    const iraq = await summaries("Iraq");
    expect(iraq).toContain(
      "Accepted; the next version will record it; offered as Option B, the Chair has not chosen between the options yet",
    );
    expect(iraq.some((summary) => summary.endsWith("; the Chair resolved the options in its favour"))).toBe(true);
  });
});

describe("resolving while pen-holders type", () => {
  it("the paragraph reads the chosen option once, words typed after the decision kept, every copy the same", async () => {
    const paragraph = (await serverBlocks())
      .filter((block) => block.kind === "operative" && block.status !== "agreed" && !block.options)
      .at(-1)!;
    const pakistan = await tabledAlternative(paragraph.id, PAKISTAN, "Pakistan");
    await app.server.services.decideAmendment(chair, { amendmentId: pakistan.id, decision: "accept" });
    expect(parseOptions(await serverOptions(paragraph.id)).map((option) => option.amendmentId)).toEqual([null, pakistan.id]);
    const [typist] = [await connect("coChair"), await connect("pakDelegate")];
    await waitFor(() => Boolean(findBlock(typist.doc, paragraph.id)?.element.getAttribute("options")), "set synced");
    const marker = " «during»";
    await Promise.all([
      typeSlowly(typist, paragraph.id, marker),
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        await app.server.services.resolveOptionSet(chair, { documentId, blockId: paragraph.id, option: "B" });
      })(),
    ]);
    await converged();
    const squeeze = (text: string) => text.replace(/\s+/g, "");
    const text = squeeze(await serverTextOf(paragraph.id));
    // Words typed into Option A before the decision went with Option A; those typed after it stay.
    expect(count(text, squeeze(PAKISTAN)), text).toBe(1);
    expect(text.startsWith(squeeze(PAKISTAN)), text).toBe(true);
    expect(squeeze(marker).endsWith(text.slice(squeeze(PAKISTAN).length)), text).toBe(true);
    expect(await serverOptions(paragraph.id)).toBeNull();
  });
});
