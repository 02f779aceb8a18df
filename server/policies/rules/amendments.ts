import { STAGE_NAMES } from "../../../common/vocabulary";
import {
  DECIDING_STAGES,
  mayCosponsor,
  mayDecide,
  mayEditDraft,
  mayReopenDecision,
  mayTable,
  mayTakePosition,
  mayWithdraw,
  statusName,
} from "../../domain/amendments/lifecycle";
import type { AmendmentStatus } from "../../../common/vocabulary";
import type { AmendmentResource } from "../resources";
import { ALL_ROLES, otherDelegation, ownDelegation, rule, type Condition } from "../rule";

const statusAllows =
  (allowed: (status: AmendmentStatus) => boolean, message: (resource: AmendmentResource) => string): Condition<AmendmentResource> =>
  (_, resource) =>
    allowed(resource.status) ? null : { reason: "status", message: message(resource) };

/** A delegation's drafts are its own until tabled; from then on every participant sees the amendment. */
const visible: Condition<AmendmentResource> = (actor, resource) =>
  resource.tabled || resource.participantId === actor.participantId ? null : { reason: "visibility", message: "Amendment not found." };

const tablingOpen: Condition<AmendmentResource> = (_, resource) =>
  resource.stage === "amendments_open"
    ? null
    : {
        reason: "stage",
        message: `Amendments can be tabled only while amendments are open. This document is at the stage “${STAGE_NAMES[resource.stage]}”. Your draft is kept.`,
      };

/** The chair decides during consolidation, and early while amendments are open. */
const decidingStage: Condition<AmendmentResource> = (_, resource) =>
  DECIDING_STAGES.includes(resource.stage)
    ? null
    : {
        reason: "stage",
        message: `The chair decides amendments during consolidation (or while amendments are open). This document is at the stage “${STAGE_NAMES[resource.stage]}”.`,
      };

/** Rules on one amendment (docs/decisions/009). Status rules come from the amendment lifecycle. */
export const amendmentRules = {
  "amendment.read": rule("amendment", { roles: ALL_ROLES, when: [visible] }),
  "amendment.table": rule("amendment", {
    roles: ["chair", "head"],
    onlyFor: "Only the head of delegation tables amendments.",
    mutatesText: true,
    when: [
      ownDelegation("Only the proposing delegation tables its amendment."),
      tablingOpen,
      statusAllows(mayTable, (resource) => `This amendment is ${statusName(resource.status)} and cannot be tabled again.`),
    ],
  }),
  "amendment.withdraw": rule("amendment", {
    roles: ["chair", "head"],
    onlyFor: "Only the head of delegation withdraws an amendment.",
    mutatesText: true,
    when: [
      ownDelegation("Only the proposing delegation withdraws its amendment."),
      statusAllows(mayWithdraw, (resource) => `This amendment is already ${statusName(resource.status)}.`),
    ],
  }),
  // Co-sponsoring and positions concern other states' tabled amendments, while the text is open.
  "amendment.cosponsor": rule("amendment", {
    roles: ["chair", "head"],
    onlyFor: "Only heads of delegation co-sponsor amendments.",
    mutatesText: true,
    when: [
      visible,
      otherDelegation("The proposing delegation does not co-sponsor its own amendment."),
      statusAllows(mayCosponsor, () => "Only a tabled amendment can be co-sponsored."),
    ],
  }),
  "amendment.takePosition": rule("amendment", {
    roles: ["chair", "head"],
    onlyFor: "Only heads of delegation record their state's position.",
    mutatesText: true,
    when: [
      visible,
      otherDelegation("The proposing delegation does not take a position on its own amendment."),
      statusAllows(mayTakePosition, () => "Positions are taken on tabled amendments only."),
    ],
  }),
  "amendment.decide": rule("amendment", {
    roles: ["chair"],
    onlyFor: "Only the chair decides amendments.",
    mutatesText: true,
    when: [
      visible,
      decidingStage,
      statusAllows(mayDecide, (resource) => `This amendment is ${statusName(resource.status)}; only a tabled amendment can be decided.`),
    ],
  }),
  // A decision can be reopened until the next version records it (checked by the command; docs/decisions/028).
  "amendment.reopenDecision": rule("amendment", {
    roles: ["chair"],
    onlyFor: "Only the chair reopens a decision.",
    mutatesText: true,
    when: [
      visible,
      decidingStage,
      statusAllows(mayReopenDecision, (resource) => `This amendment is ${statusName(resource.status)}; there is no decision to reopen.`),
    ],
  }),
  /** Joining a delegation's drafting room: its own members only, whatever their role elsewhere. */
  "draft.join": rule("amendment", { roles: ALL_ROLES, when: [ownDelegation("This drafting space belongs to another delegation.")] }),
  /** Writing in the drafting room (a read-only member's updates are dropped). */
  "draft.edit": rule("amendment", {
    roles: ["chair", "head", "delegate"],
    onlyFor: "Only the delegations of participating states draft amendments.",
    mutatesText: true,
    when: [
      ownDelegation("This drafting space belongs to another delegation."),
      statusAllows(mayEditDraft, (resource) => `This amendment is ${statusName(resource.status)}; its wording can no longer change.`),
    ],
  }),
};
