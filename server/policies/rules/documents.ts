import { STAGE_NAMES, type Stage } from "../../../common/vocabulary";
import { DECIDING_STAGES } from "../../domain/amendments/lifecycle";
import { ALL_ROLES, rule, type Condition } from "../rule";
import type { DocumentResource } from "../resources";

const atStage =
  (stage: Stage, message: string): Condition<DocumentResource> =>
  (_actor, resource) =>
    resource.stage === stage ? null : { reason: "stage", message };

/**
 * Under the silence procedure the states consider one frozen version: the live text, its statuses
 * and the next revision wait until silence ends (adoption) or is broken (back to consolidation).
 */
const notUnderSilence: Condition<DocumentResource> = (_actor, resource) =>
  resource.stage === "silence_procedure"
    ? { reason: "stage", message: "The text is under the silence procedure: it cannot change until silence ends or is broken." }
    : null;

/** Rules on a document and its base text (docs/decisions/023, docs/decisions/024). */
export const documentRules = {
  "document.read": rule("document", { roles: ALL_ROLES }),
  "document.editSettings": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat changes document settings." }),
  "document.setStage": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat moves a document's stage." }),
  "deadline.extend": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat extends a deadline." }),
  /** Going back from "adopted": explicit, with a reason, audited (reopenDocument). */
  "document.reopen": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat reopens an adopted text." }),
  "document.publish": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat publishes a text." }),
  /** The chair or the secretariat puts a version under silence until a deadline (docs/decisions/032). */
  "silence.start": rule("document", {
    roles: ["secretariat", "chair"],
    onlyFor: "Only the Chair or the Secretariat puts a text under the silence procedure.",
    when: [atStage("consolidation", "A text goes under silence from consolidation.")],
  }),
  /** Any participating state's head of delegation may break silence with a written objection. */
  "silence.break": rule("document", {
    roles: ["head", "chair"],
    onlyFor: "Only the head of delegation of a participating state may break silence.",
    when: [
      (actor) =>
        actor.participantKind === "state" && actor.delegationRole === "head"
          ? null
          : { reason: "role", message: "Only the head of delegation of a participating state may break silence." },
      atStage("silence_procedure", "This text is not under the silence procedure."),
    ],
  }),
  /** The secretariat records adoption at a meeting (date, place). */
  "document.adopt": rule("document", { roles: ["secretariat"], onlyFor: "Only the secretariat records an adoption." }),
  "document.editBase": rule("document", {
    roles: ["secretariat", "chair"],
    onlyFor: "Only the Chair, the Co-Chair and the Secretariat edit the base text. Delegations propose amendments.",
    mutatesText: true,
    when: [notUnderSilence],
  }),
  // Chair *and* secretariat set block status (docs/decisions/005).
  "block.setStatus": rule("document", {
    roles: ["secretariat", "chair"],
    onlyFor: "Only the chair and the secretariat set a paragraph's status.",
    mutatesText: true,
    when: [notUnderSilence],
  }),
  /** The chair resolves an option set to one option, when decisions are taken (docs/decisions/081). */
  "block.resolveOptions": rule("document", {
    roles: ["chair"],
    onlyFor: "Only the Chair and the Co-Chair resolve an option set.",
    mutatesText: true,
    when: [
      (_actor, resource) =>
        DECIDING_STAGES.includes(resource.stage)
          ? null
          : {
              reason: "stage",
              message: `The Chair resolves options during consolidation (or while amendments are open). This document is at the stage “${STAGE_NAMES[resource.stage]}”.`,
            },
    ],
  }),
  "revision.issue": rule("document", {
    roles: ["chair"],
    onlyFor: "Only the chair issues a revision.",
    mutatesText: true,
    when: [notUnderSilence],
  }),
  /** Opening a draft amendment, always in the actor's own delegation space. */
  "amendment.draft": rule("document", {
    roles: ["chair", "head", "delegate"],
    onlyFor: "Only the delegations of participating states propose amendments.",
    mutatesText: true,
  }),
  /** Starting a comment thread on the document. */
  "comment.create": rule("document", { roles: ALL_ROLES, mutatesText: true }),
};
