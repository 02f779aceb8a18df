import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TWO_PARAGRAPHS, domainUnderTest, refusal } from "../factories";
import type { Actor } from "../../server/policies";
import { closedTextMessage } from "../../server/domain/documents/stages";
import { decideAmendment } from "../../server/domain/amendments/decideAmendment";
import { decideAmendmentsInBulk } from "../../server/domain/amendments/decideAmendmentsInBulk";
import { mergeAmendments } from "../../server/domain/amendments/mergeAmendments";
import { proposeAmendment } from "../../server/domain/amendments/proposeAmendment";
import { recordPosition } from "../../server/domain/amendments/recordPosition";
import { reopenDecision } from "../../server/domain/amendments/reopenDecision";
import { resolveOptionSet } from "../../server/domain/amendments/resolveOptionSet";
import { setCosponsorship } from "../../server/domain/amendments/setCosponsorship";
import { tableAmendment } from "../../server/domain/amendments/tableAmendment";
import { withdrawAmendment } from "../../server/domain/amendments/withdrawAmendment";
import { editComment } from "../../server/domain/comments/editComment";
import { replyToThread } from "../../server/domain/comments/replyToThread";
import { setThreadResolved } from "../../server/domain/comments/setThreadResolved";
import { startThread } from "../../server/domain/comments/startThread";
import { setBlockStatus } from "../../server/domain/documents/setBlockStatus";
import { issueVersion } from "../../server/domain/versions/issueVersion";

// Issue 10: "A closed text refuses every mutating action with the same 409 and the same message,
// whichever the action." The policy table proves it row by row (tests/unit/policies.test.ts);
// here every command that changes a text, its amendments or its discussion is called on an
// adopted and then a published text, by the person who could do it while the text was open and
// by someone who never could, and each answers exactly the same. Nothing changes.
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
type Who = "chair" | "secretariat" | "proposer" | "colleague" | "otherHead" | "observer";
const people = {} as Record<Who, Actor>;
let documentId = "";
/** What each command needs, made while the text was open. */
const made = { draftId: "", tabledIds: [] as string[], decisionId: "", threadId: "", commentId: "" };

beforeAll(async () => {
  const { processId, chair } = await make.chairedProcess();
  people.chair = chair;
  people.secretariat = await make.user(processId, "secretariat");
  people.proposer = await make.user(processId, "head");
  // A delegate of the proposing delegation: sees its draft, may not table or withdraw it.
  people.colleague = await make.user(processId, "delegate", people.proposer.participantId);
  people.otherHead = await make.user(processId, "head");
  people.observer = await make.user(processId, "observer");
  documentId = (await make.document(processId, "amendments_open")).id;
  await make.text(documentId, TWO_PARAGRAPHS);
  made.draftId = (await proposeAmendment(ctx, people.proposer, { documentId, targetBlockId: "block-2", operation: "replace" })).id;
  for (let index = 0; index < 3; index++) {
    made.tabledIds.push((await make.tabled(documentId, people.proposer, { wording: `We agree to cooperate (${index}).` })).id);
  }
  made.decisionId = (await decideAmendment(ctx, chair, { amendmentId: made.tabledIds[2]!, decision: "not_retain" })).id;
  const { thread, comment } = await startThread(ctx, people.observer, {
    documentId,
    blockId: "block-1",
    visibility: "everyone",
    body: "A question on OP1.",
  });
  made.threadId = thread.id;
  made.commentId = comment.id;
});
afterAll(close);

/** Every mutating command, with the input that would go through on an open text. */
const COMMANDS: { name: string; by: Who; run: (actor: Actor) => Promise<unknown> }[] = [
  { name: "setBlockStatus", by: "chair", run: (actor) => setBlockStatus(ctx, actor, { documentId, blockId: "block-1", status: "agreed" }) },
  {
    name: "resolveOptionSet",
    by: "chair",
    run: (actor) => resolveOptionSet(ctx, actor, { documentId, blockId: "block-1", option: "A" }),
  },
  { name: "issueVersion", by: "chair", run: (actor) => issueVersion(ctx, actor, { documentId }) },
  {
    name: "proposeAmendment",
    by: "proposer",
    run: (actor) => proposeAmendment(ctx, actor, { documentId, targetBlockId: "block-1", operation: "replace" }),
  },
  { name: "tableAmendment", by: "proposer", run: (actor) => tableAmendment(ctx, actor, { amendmentId: made.draftId }) },
  { name: "withdrawAmendment", by: "proposer", run: (actor) => withdrawAmendment(ctx, actor, { amendmentId: made.tabledIds[0]! }) },
  {
    name: "setCosponsorship",
    by: "otherHead",
    run: (actor) => setCosponsorship(ctx, actor, { amendmentId: made.tabledIds[0]!, join: true }),
  },
  {
    name: "recordPosition",
    by: "otherHead",
    run: (actor) => recordPosition(ctx, actor, { amendmentId: made.tabledIds[0]!, stance: "supports" }),
  },
  {
    name: "decideAmendment",
    by: "chair",
    run: (actor) => decideAmendment(ctx, actor, { amendmentId: made.tabledIds[0]!, decision: "accept" }),
  },
  {
    name: "decideAmendmentsInBulk",
    by: "chair",
    run: (actor) => decideAmendmentsInBulk(ctx, actor, { amendmentIds: made.tabledIds.slice(0, 2), decision: "not_retain" }),
  },
  {
    name: "mergeAmendments",
    by: "chair",
    run: (actor) => mergeAmendments(ctx, actor, { amendmentIds: made.tabledIds.slice(0, 2), wording: "We agree to cooperate together." }),
  },
  { name: "reopenDecision", by: "chair", run: (actor) => reopenDecision(ctx, actor, { decisionId: made.decisionId }) },
  {
    name: "startThread",
    by: "observer",
    run: (actor) => startThread(ctx, actor, { documentId, blockId: "block-1", visibility: "everyone", body: "Another question." }),
  },
  { name: "replyToThread", by: "observer", run: (actor) => replyToThread(ctx, actor, { threadId: made.threadId, body: "A reply." }) },
  { name: "setThreadResolved", by: "observer", run: (actor) => setThreadResolved(ctx, actor, { threadId: made.threadId, resolved: true }) },
  { name: "editComment", by: "observer", run: (actor) => editComment(ctx, actor, { commentId: made.commentId, body: "Edited." }) },
];

/**
 * Someone the command's policy row never allows (another role, or not the owner) but who can see
 * what it is about: another delegation's draft is "not found" to them, whatever the stage.
 */
const OUTSIDER: Record<Who, Who> = {
  chair: "observer",
  secretariat: "observer",
  proposer: "colleague",
  colleague: "otherHead",
  otherHead: "proposer",
  observer: "secretariat",
};

/** Every row that could change, to prove the refusals changed nothing. */
const snapshot = async () => ({
  document: await db.document.findUniqueOrThrow({ where: { id: documentId } }),
  amendments: await db.amendment.findMany({ where: { documentId }, orderBy: { id: "asc" } }),
  decisions: await db.amendmentDecision.findMany({ where: { documentId }, orderBy: { id: "asc" } }),
  versions: await db.version.count({ where: { documentId } }),
  sponsors: await db.amendmentSponsor.count(),
  positions: await db.position.count(),
  threads: await db.commentThread.findMany({ where: { documentId }, orderBy: { id: "asc" } }),
  comments: await db.comment.findMany({ orderBy: { id: "asc" } }),
  audit: await db.auditEntry.count(),
});

describe("a closed text", () => {
  for (const stage of ["adopted", "published"] as const) {
    it(`refuses every mutating command on an ${stage} text with one 409 and one message, whoever asks`, async () => {
      await db.document.update({ where: { id: documentId }, data: { stage } });
      const before = await snapshot();
      const answers = new Map<string, { status: number; message: string } | null>();
      for (const command of COMMANDS) {
        answers.set(`${command.name} by ${command.by}`, await refusal(() => command.run(people[command.by])));
        const outsider = OUTSIDER[command.by];
        answers.set(`${command.name} by ${outsider}`, await refusal(() => command.run(people[outsider])));
      }
      const expected = { status: 409, message: closedTextMessage(stage) };
      expect(Object.fromEntries(answers)).toEqual(Object.fromEntries([...answers.keys()].map((key) => [key, expected])));
      expect(await snapshot()).toEqual(before);
    });
  }

  it("was open before: the same commands went through while amendments were open (the set-up)", async () => {
    // The set-up's draft, tablings, decision and thread are the proof that these inputs are valid.
    expect(made.tabledIds).toHaveLength(3);
    expect(await db.amendmentDecision.count({ where: { id: made.decisionId } })).toBe(1);
    expect(await db.comment.count({ where: { threadId: made.threadId } })).toBe(1);
  });
});
