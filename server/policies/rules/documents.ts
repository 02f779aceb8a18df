import { ALL_ROLES, rule } from "../rule";

/** Rules on a document and its base text (DESIGN §1, §6). */
export const documentRules = {
  "document.read": rule("document", { roles: ALL_ROLES }),
  "document.editSettings": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat changes document settings." }),
  "document.setStage": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat moves a document's stage." }),
  "deadline.extend": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat extends a deadline." }),
  /** Going back from "adopted": explicit, with a reason, audited (reopenDocument). */
  "document.reopen": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat reopens an adopted text." }),
  "document.publish": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat publishes a text." }),
  "document.editBase": rule("document", {
    roles: ["secretariat", "chair"],
    onlyFor: "Only the Chair, the Co-Chair and the Secretariat edit the base text. Delegations propose amendments.",
    mutatesText: true,
  }),
  // Issue 3: chair *and* secretariat set block status (DESIGN listed the chair only).
  "block.setStatus": rule("document", { roles: ["secretariat", "chair"], onlyFor: "Only the chair and the secretariat set a paragraph's status.", mutatesText: true }),
  "revision.issue": rule("document", { roles: ["chair"], onlyFor: "Only the chair issues a revision.", mutatesText: true }),
  /** Opening a draft amendment, always in the actor's own delegation space. */
  "amendment.draft": rule("document", {
    roles: ["chair", "head", "delegate"],
    onlyFor: "Only the delegations of participating states propose amendments.",
    mutatesText: true,
  }),
  /** Starting a comment thread on the document. */
  "comment.create": rule("document", { roles: ALL_ROLES, mutatesText: true }),
};
