import { describe, expect, it } from "vitest";
import { ACTIONS, abilitiesFor, can, roleOf, type Action, type Actor, type Role } from "../../server/policies";

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

// The DESIGN §1 table, written out independently of server/policies so a wrong rule fails.
// Columns: delegate, head, observer, chair, secretariat. Resource: an open document in drafting,
// the actor's own delegation, except for co-sponsoring and positions, which concern another
// state's amendment.
const EXPECTED: Record<Action, [boolean, boolean, boolean, boolean, boolean]> = {
  "process.read": [true, true, true, true, true],
  "deadline.extend": [false, false, false, false, true],
  "document.read": [true, true, true, true, true],
  "document.editBase": [false, false, false, true, true],
  "amendment.draft": [true, true, false, true, false],
  "amendment.table": [false, false, false, false, false], // drafting stage: nobody tables
  "amendment.withdraw": [false, true, false, true, false],
  "amendment.cosponsor": [false, true, false, true, false],
  "amendment.takePosition": [false, true, false, true, false],
  "comment.create": [true, true, true, true, true],
  "thread.read": [true, true, true, true, true], // a public thread
  "comment.edit": [false, false, false, false, false], // not the author
  "thread.resolve": [false, false, false, true, true], // not the author
  "amendment.decide": [false, false, false, true, false],
  "revision.issue": [false, false, false, true, false],
  "block.setStatus": [false, false, false, true, true],
  "process.manage": [false, false, false, false, true],
  "audit.read": [false, false, false, false, true],
  "document.create": [false, false, false, true, true],
  "document.setStage": [false, false, false, false, true],
  "document.editSettings": [false, false, false, false, true],
  "document.publish": [false, false, false, false, true],
};

describe("the policy table", () => {
  it("covers every action", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    ROLES.forEach((role, column) => {
      const expected = EXPECTED[action][column];
      it(`${role} ${expected ? "may" : "may not"} ${action}`, () => {
        const who = actor(role);
        const concernsOthers = action === "amendment.cosponsor" || action === "amendment.takePosition";
        const participantId = concernsOthers ? "another-state" : who.participantId;
        expect(can(who, action, { processId: "process-1", stage: "drafting", participantId })).toBe(expected);
      });
    });
  }

  it("lets heads and the chair table only while amendments are open", () => {
    for (const role of ROLES) {
      const who = actor(role);
      const open = can(who, "amendment.table", { stage: "amendments_open", participantId: who.participantId });
      expect(open, role).toBe(role === "head" || role === "chair");
      expect(can(who, "amendment.table", { stage: "consolidation", participantId: who.participantId })).toBe(false);
    }
  });

  it("keeps co-sponsoring and positions to other states' amendments, while the text is open", () => {
    const head = actor("head");
    expect(can(head, "amendment.cosponsor", { participantId: head.participantId })).toBe(false);
    expect(can(head, "amendment.takePosition", { participantId: head.participantId })).toBe(false);
    expect(can(head, "amendment.takePosition", { participantId: "other", stage: "adopted" })).toBe(false);
    expect(can(actor("observer"), "amendment.takePosition", { participantId: "other", stage: "amendments_open" })).toBe(false);
    expect(can(actor("secretariat"), "amendment.cosponsor", { participantId: "other", stage: "amendments_open" })).toBe(false);
  });

  it("shows a thread according to its visibility", () => {
    const hungary = actor("head", { participantId: "HUN", userId: "hun-head" });
    const pakistan = actor("delegate", { participantId: "PAK", userId: "pak-delegate" });
    const observer = actor("observer", { participantId: "IOM" });
    const internal = { visibility: "delegation" as const, participantId: "HUN", authorId: "hun-head" };
    expect(can(hungary, "thread.read", internal)).toBe(true);
    expect(can(pakistan, "thread.read", internal)).toBe(false);
    expect(can(observer, "thread.read", internal)).toBe(false);
    expect(can(actor("chair"), "thread.read", internal)).toBe(false);
    expect(can(actor("secretariat"), "thread.read", internal)).toBe(false);
    const toChair = { visibility: "chair_secretariat" as const, participantId: "PAK", authorId: "pak-delegate" };
    expect(can(actor("chair"), "thread.read", toChair)).toBe(true);
    expect(can(actor("secretariat"), "thread.read", toChair)).toBe(true);
    expect(can(pakistan, "thread.read", toChair)).toBe(true);
    expect(can(hungary, "thread.read", toChair)).toBe(false);
    expect(can(actor("delegate", { participantId: "PAK", userId: "other-pak" }), "thread.read", toChair)).toBe(false);
  });

  it("lets authors edit their own comments, and authors, chair and secretariat resolve, while the text is open", () => {
    const author = actor("delegate", { userId: "me" });
    expect(can(author, "comment.edit", { authorId: "me" })).toBe(true);
    expect(can(author, "comment.edit", { authorId: "someone" })).toBe(false);
    expect(can(author, "comment.edit", { authorId: "me", stage: "adopted" })).toBe(false);
    expect(can(author, "thread.resolve", { authorId: "me" })).toBe(true);
    expect(can(actor("head"), "thread.resolve", { authorId: "someone" })).toBe(false);
    expect(can(actor("chair"), "thread.resolve", { authorId: "someone", stage: "published" })).toBe(false);
  });

  it("keeps a delegation's space to that delegation", () => {
    const head = actor("head");
    expect(can(head, "amendment.draft", { participantId: "someone-else" })).toBe(false);
    expect(can(head, "amendment.table", { stage: "amendments_open", participantId: "someone-else" })).toBe(false);
  });

  it("closes the text and comments once adopted or published", () => {
    for (const stage of ["adopted", "published"] as const) {
      expect(can(actor("chair"), "document.editBase", { stage })).toBe(false);
      expect(can(actor("secretariat"), "block.setStatus", { stage })).toBe(false);
      expect(can(actor("delegate"), "comment.create", { stage })).toBe(false);
    }
  });

  it("refuses everything in another process and everything without an actor", () => {
    for (const action of ACTIONS) {
      expect(can(actor("secretariat"), action, { processId: "other" })).toBe(false);
      expect(can(null, action)).toBe(false);
    }
  });

  it("ranks an office above the delegation role", () => {
    expect(roleOf(actor("delegate", { office: "co_chair" }))).toBe("chair");
    expect(roleOf(actor("observer", { office: "chair" }))).toBe("observer");
  });

  it("gives the UI one boolean per action", () => {
    const abilities = abilitiesFor(actor("head"), { stage: "amendments_open" });
    expect(abilities["amendment.table"]).toBe(true);
    expect(abilities["process.manage"]).toBe(false);
    expect(Object.keys(abilities)).toHaveLength(ACTIONS.length);
  });
});
