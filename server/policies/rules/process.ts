import { ALL_ROLES, rule } from "../rule";

/** Rules on the process as a whole (docs/decisions/023): administration, the audit log, new documents. */
export const processRules = {
  "process.read": rule("process", { roles: ALL_ROLES }),
  "process.manage": rule("process", { roles: ["secretariat"], onlyFor: "Only the secretariat manages participants and users." }),
  "audit.read": rule("process", { roles: ["secretariat"], onlyFor: "Only the secretariat reads the audit log." }),
  "document.create": rule("process", { roles: ["secretariat", "chair"], onlyFor: "Only the secretariat and the chair create documents." }),
};
