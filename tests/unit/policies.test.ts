import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  RULES,
  abilitiesFor,
  can,
  decide,
  roleOf,
  type Action,
  type Actor,
  type AmendmentResource,
  type CommentResource,
  type DocumentResource,
  type ResourceFor,
  type Role,
  type ThreadResource,
} from "../../server/policies";
import type { Stage } from "../../common/vocabulary";

function actor(role: Role, overrides: Partial<Actor> = {}): Actor {
  const base: Actor = {
    userId: `user-${role}`,
    name: role,
    email: `${role}@example.org`,
    processId: "process-1",
    participantId: `participant-${role}`,
    participantName: role,
    participantCode: role.toUpperCase(),
    participantKind: "state",
    participantColour: "#123456",
    delegationRole: "delegate",
    office: null,
  };
  const byRole: Record<Role, Partial<Actor>> = {
    secretariat: { participantKind: "secretariat", delegationRole: null },
    chair: { delegationRole: "head", office: "chair" },
    head: { delegationRole: "head" },
    delegate: { delegationRole: "delegate" },
    observer: { participantKind: "observer", delegationRole: "head" },
  };
  return { ...base, ...byRole[role], ...overrides };
}

const ROLES: Role[] = ["delegate", "head", "observer", "chair", "secretariat"];

// Resources written out by hand (not with the helpers under test).
const processOf = () => ({ kind: "process" as const, processId: "process-1" });
const documentAt = (stage: Stage = "drafting"): DocumentResource => ({
  kind: "document",
  processId: "process-1",
  documentId: "doc-1",
  stage,
});
const amendmentOf = (owner: string, overrides: Partial<AmendmentResource> = {}): AmendmentResource => ({
  kind: "amendment",
  processId: "process-1",
  documentId: "doc-1",
  stage: "amendments_open",
  amendmentId: "amendment-1",
  participantId: owner,
  status: "tabled",
  tabled: true,
  ...overrides,
});
const ownDraft = (who: Actor) => amendmentOf(who.participantId, { status: "draft", tabled: false });
const threadBy = (overrides: Partial<ThreadResource> = {}): ThreadResource => ({
  kind: "thread",
  processId: "process-1",
  documentId: "doc-1",
  stage: "drafting",
  threadId: "thread-1",
  visibility: "everyone",
  participantId: "someone-else",
  authorId: "someone-else-user",
  ...overrides,
});
const commentBy = (authorId: string, overrides: Partial<ThreadResource> = {}): CommentResource => ({
  ...threadBy(overrides),
  kind: "comment",
  commentId: "comment-1",
  commentAuthorId: authorId,
});

type Row = [delegate: boolean, head: boolean, observer: boolean, chair: boolean, secretariat: boolean];
type Case<A extends Action> = { on: string; resource: (who: Actor) => ResourceFor<A>; expected: Row };

// The role table (docs/decisions/023), written out independently of server/policies so a wrong rule fails.
// Columns: delegate, head, observer, chair, secretariat.
const EXPECTED: { [A in Action]: Case<A> } = {
  "process.read": { on: "the process", resource: processOf, expected: [true, true, true, true, true] },
  "process.manage": { on: "the process", resource: processOf, expected: [false, false, false, false, true] },
  "audit.read": { on: "the process", resource: processOf, expected: [false, false, false, false, true] },
  "document.create": { on: "the process", resource: processOf, expected: [false, false, false, true, true] },
  "document.read": { on: "a document in drafting", resource: () => documentAt(), expected: [true, true, true, true, true] },
  "document.editSettings": { on: "a document in drafting", resource: () => documentAt(), expected: [false, false, false, false, true] },
  "document.setStage": { on: "a document in drafting", resource: () => documentAt(), expected: [false, false, false, false, true] },
  "deadline.extend": {
    on: "a document with amendments open",
    resource: () => documentAt("amendments_open"),
    expected: [false, false, false, false, true],
  },
  "document.reopen": { on: "an adopted document", resource: () => documentAt("adopted"), expected: [false, false, false, false, true] },
  "document.publish": { on: "an adopted document", resource: () => documentAt("adopted"), expected: [false, false, false, false, true] },
  "silence.start": {
    on: "a document in consolidation",
    resource: () => documentAt("consolidation"),
    expected: [false, false, false, true, true],
  },
  "silence.break": {
    on: "a document under silence",
    resource: () => documentAt("silence_procedure"),
    expected: [false, true, false, true, false],
  },
  "document.adopt": {
    on: "a document under silence",
    resource: () => documentAt("silence_procedure"),
    expected: [false, false, false, false, true],
  },
  "document.editBase": { on: "a document in drafting", resource: () => documentAt(), expected: [false, false, false, true, true] },
  "block.setStatus": { on: "a document in drafting", resource: () => documentAt(), expected: [false, false, false, true, true] },
  "block.resolveOptions": {
    on: "a document in consolidation",
    resource: () => documentAt("consolidation"),
    expected: [false, false, false, true, false],
  },
  "revision.issue": {
    on: "a document in consolidation",
    resource: () => documentAt("consolidation"),
    expected: [false, false, false, true, false],
  },
  "amendment.draft": { on: "a document in drafting", resource: () => documentAt(), expected: [true, true, false, true, false] },
  "comment.create": { on: "a document in drafting", resource: () => documentAt(), expected: [true, true, true, true, true] },
  "amendment.read": {
    on: "another state's draft",
    resource: () => amendmentOf("another-state", { status: "draft", tabled: false }),
    expected: [false, false, false, false, false],
  },
  "amendment.table": { on: "the own delegation's draft, amendments open", resource: ownDraft, expected: [false, true, false, true, false] },
  "amendment.withdraw": {
    on: "the own delegation's tabled amendment",
    resource: (who) => amendmentOf(who.participantId),
    expected: [false, true, false, true, false],
  },
  "amendment.cosponsor": {
    on: "another state's tabled amendment",
    resource: () => amendmentOf("another-state"),
    expected: [false, true, false, true, false],
  },
  "amendment.takePosition": {
    on: "another state's tabled amendment",
    resource: () => amendmentOf("another-state"),
    expected: [false, true, false, true, false],
  },
  "amendment.decide": {
    on: "another state's tabled amendment",
    resource: () => amendmentOf("another-state"),
    expected: [false, false, false, true, false],
  },
  "amendment.reopenDecision": {
    on: "another state's accepted amendment",
    resource: () => amendmentOf("another-state", { stage: "consolidation", status: "accepted" }),
    expected: [false, false, false, true, false],
  },
  "draft.join": { on: "the own delegation's drafting room", resource: ownDraft, expected: [true, true, true, true, true] },
  "draft.edit": { on: "the own delegation's drafting room", resource: ownDraft, expected: [true, true, false, true, false] },
  "thread.read": { on: "a public thread", resource: () => threadBy(), expected: [true, true, true, true, true] },
  "thread.reply": { on: "a public thread", resource: () => threadBy(), expected: [true, true, true, true, true] },
  "thread.resolve": { on: "someone else's public thread", resource: () => threadBy(), expected: [false, false, false, true, true] },
  "comment.edit": {
    on: "someone else's comment",
    resource: () => commentBy("someone-else-user"),
    expected: [false, false, false, false, false],
  },
};

/** The actions that change the text or its discussion; a closed text refuses each of them alike. */
const MUTATING: Action[] = [
  "document.editBase",
  "block.setStatus",
  "block.resolveOptions",
  "amendment.draft",
  "comment.create",
  "amendment.table",
  "amendment.withdraw",
  "amendment.cosponsor",
  "amendment.takePosition",
  "amendment.decide",
  "amendment.reopenDecision",
  "revision.issue",
  "draft.edit",
  "thread.reply",
  "thread.resolve",
  "comment.edit",
];

const check = <A extends Action>(who: Actor, action: A) => decide(who, action, (EXPECTED[action] as Case<A>).resource(who));

describe("the policy table", () => {
  it("covers every action", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    ROLES.forEach((role, column) => {
      const expected = EXPECTED[action].expected[column];
      it(`${role} ${expected ? "may" : "may not"} ${action} on ${EXPECTED[action].on}`, () => {
        expect(check(actor(role), action).allowed).toBe(expected);
      });
    });
  }

  it("says why tabling is refused: role, ownership, stage, status", () => {
    const head = actor("head");
    expect(decide(actor("delegate"), "amendment.table", ownDraft(actor("delegate")))).toEqual({
      allowed: false,
      reason: "role",
      message: "Only the head of delegation tables amendments.",
    });
    expect(decide(head, "amendment.table", amendmentOf("someone-else", { status: "draft" }))).toMatchObject({
      allowed: false,
      reason: "ownership",
    });
    const consolidation = decide(head, "amendment.table", { ...ownDraft(head), stage: "consolidation" });
    expect(consolidation).toMatchObject({ allowed: false, reason: "stage" });
    expect(consolidation.allowed ? "" : consolidation.message).toContain("This document is at the stage “Consolidation”");
    expect(decide(head, "amendment.table", amendmentOf(head.participantId, { status: "withdrawn" }))).toMatchObject({
      allowed: false,
      reason: "status",
    });
    expect(can(head, "amendment.table", amendmentOf(head.participantId, { status: "tabled" })), "a new revision").toBe(true);
  });

  it("refuses every mutating action on a closed text with the same reason and message, whoever asks", () => {
    for (const stage of ["adopted", "published"] as const) {
      const messages = new Set<string>();
      for (const action of MUTATING) {
        for (const role of ROLES) {
          const who = actor(role);
          const resource = { ...EXPECTED[action].resource(who), stage } as ResourceFor<typeof action>;
          const decision = decide(who, action, resource);
          expect(decision.allowed, `${role} ${action} ${stage}`).toBe(false);
          if (!decision.allowed) {
            expect(decision.reason, `${role} ${action}`).toBe("stage");
            messages.add(decision.message);
          }
        }
      }
      expect([...messages]).toEqual([`This document is ${stage}: its text, amendments and comments are closed.`]);
    }
  });

  it("marks exactly the actions that change the text or its discussion as refused on a closed text", () => {
    // A new row that changes the text but forgets `mutatesText` would stay open on an adopted text.
    const marked = ACTIONS.filter((action) => RULES[action].mutatesText === true);
    expect([...marked].sort()).toEqual([...MUTATING].sort());
  });

  it("keeps reading open on a closed text", () => {
    for (const role of ROLES) {
      expect(can(actor(role), "document.read", documentAt("published"))).toBe(true);
      expect(can(actor(role), "thread.read", { ...threadBy(), stage: "published" })).toBe(true);
      expect(can(actor(role), "amendment.read", amendmentOf("someone", { stage: "published", status: "accepted" }))).toBe(true);
    }
  });

  it("keeps co-sponsoring, positions and decisions to tabled amendments", () => {
    const head = actor("head");
    for (const status of ["draft", "accepted", "not_retained", "withdrawn"] as const) {
      const other = amendmentOf("another-state", { status });
      expect(decide(head, "amendment.cosponsor", other)).toMatchObject({ allowed: false, reason: "status" });
      expect(decide(head, "amendment.takePosition", other)).toMatchObject({ allowed: false, reason: "status" });
      expect(decide(actor("chair"), "amendment.decide", other)).toMatchObject({ allowed: false, reason: "status" });
    }
    expect(decide(head, "amendment.cosponsor", amendmentOf(head.participantId))).toMatchObject({ allowed: false, reason: "ownership" });
    expect(decide(head, "amendment.takePosition", amendmentOf(head.participantId))).toMatchObject({ allowed: false, reason: "ownership" });
  });

  it("shows a draft to its own delegation only, and a once-tabled amendment to everyone", () => {
    const pakistan = actor("delegate", { participantId: "PAK" });
    const hungary = actor("head", { participantId: "HUN" });
    const draft = amendmentOf("PAK", { status: "draft", tabled: false });
    expect(can(pakistan, "amendment.read", draft)).toBe(true);
    expect(decide(hungary, "amendment.read", draft)).toMatchObject({ allowed: false, reason: "visibility" });
    const withdrawnDraft = amendmentOf("PAK", { status: "withdrawn", tabled: false });
    expect(can(hungary, "amendment.read", withdrawnDraft), "a draft withdrawn before tabling stays private").toBe(false);
    expect(can(hungary, "amendment.read", amendmentOf("PAK", { status: "withdrawn", tabled: true }))).toBe(true);
    expect(decide(hungary, "draft.join", draft)).toMatchObject({ allowed: false, reason: "ownership" });
    expect(can(actor("chair"), "draft.join", draft)).toBe(false);
    expect(can(pakistan, "draft.edit", { ...draft, status: "tabled", tabled: true }), "a tabled amendment is revised in its room").toBe(
      true,
    );
    expect(decide(pakistan, "draft.edit", { ...draft, status: "withdrawn" })).toMatchObject({ allowed: false, reason: "status" });
  });

  it("shows a thread according to its visibility", () => {
    const hungary = actor("head", { participantId: "HUN", userId: "hun-head" });
    const pakistan = actor("delegate", { participantId: "PAK", userId: "pak-delegate" });
    const observer = actor("observer", { participantId: "IOM" });
    const internal = threadBy({ visibility: "delegation", participantId: "HUN", authorId: "hun-head" });
    expect(can(hungary, "thread.read", internal)).toBe(true);
    expect(can(pakistan, "thread.read", internal)).toBe(false);
    expect(can(observer, "thread.read", internal)).toBe(false);
    expect(can(actor("chair"), "thread.read", internal)).toBe(false);
    expect(can(actor("secretariat"), "thread.read", internal)).toBe(false);
    const toChair = threadBy({ visibility: "chair_secretariat", participantId: "PAK", authorId: "pak-delegate" });
    expect(can(actor("chair"), "thread.read", toChair)).toBe(true);
    expect(can(actor("secretariat"), "thread.read", toChair)).toBe(true);
    expect(can(pakistan, "thread.read", toChair)).toBe(true);
    expect(can(hungary, "thread.read", toChair)).toBe(false);
    expect(can(actor("delegate", { participantId: "PAK", userId: "other-pak" }), "thread.read", toChair)).toBe(false);
    expect(can(hungary, "thread.reply", toChair), "no reply to an unseen thread").toBe(false);
  });

  it("lets authors edit their own comments, and authors, chair and secretariat resolve", () => {
    const author = actor("delegate", { userId: "me" });
    expect(can(author, "comment.edit", commentBy("me"))).toBe(true);
    expect(decide(author, "comment.edit", commentBy("someone"))).toMatchObject({ allowed: false, reason: "authorship" });
    expect(can(author, "thread.resolve", threadBy({ authorId: "me" }))).toBe(true);
    expect(can(actor("head"), "thread.resolve", threadBy({ authorId: "someone" }))).toBe(false);
  });

  it("fails closed: no actor, another process, a missing field, an unknown value, another kind", () => {
    const secretariat = actor("secretariat");
    for (const action of ACTIONS) {
      const resource = EXPECTED[action].resource(secretariat);
      expect(decide(null, action, resource)).toMatchObject({ allowed: false, reason: "unauthenticated" });
      expect(decide(secretariat, action, { ...resource, processId: "other" })).toMatchObject({ allowed: false, reason: "process" });
      for (const field of Object.keys(resource).filter((key) => key !== "kind")) {
        const missing = { ...resource } as Record<string, unknown>;
        delete missing[field];
        expect(decide(secretariat, action, missing as never), `${action} without ${field}`).toMatchObject({
          allowed: false,
          reason: "resource",
        });
      }
    }
    const chair = actor("chair");
    expect(decide(chair, "document.editBase", { ...documentAt(), stage: "archived" as Stage })).toMatchObject({ reason: "resource" });
    expect(decide(chair, "amendment.decide", { ...amendmentOf("x"), status: "approved" } as never)).toMatchObject({ reason: "resource" });
    expect(decide(chair, "document.editBase", amendmentOf("x") as never), "an amendment is not a document").toMatchObject({
      reason: "resource",
    });
    expect(decide(chair, "no.such.action" as Action, documentAt() as never)).toMatchObject({ allowed: false, reason: "resource" });
  });

  it("makes a missing field a type error", () => {
    const chair = actor("chair");
    // @ts-expect-error a document resource is not enough to table an amendment
    expect(can(chair, "amendment.table", documentAt("amendments_open"))).toBe(false);
    // @ts-expect-error the stage is required
    expect(can(chair, "document.editBase", { kind: "document", processId: "process-1", documentId: "doc-1" })).toBe(false);
  });

  it("ranks an office above the delegation role", () => {
    expect(roleOf(actor("delegate", { office: "co_chair" }))).toBe("chair");
    expect(roleOf(actor("observer", { office: "chair" }))).toBe("observer");
  });

  it("gives the UI one boolean per action on the resource's kind", () => {
    const abilities = abilitiesFor(actor("head"), ownDraft(actor("head")));
    expect(abilities["amendment.table"]).toBe(true);
    expect(abilities["draft.edit"]).toBe(true);
    expect(Object.keys(abilities).sort()).toEqual(ACTIONS.filter((action) => RULES[action].resource === "amendment").sort());
  });
});
