import { STAGE_NAMES, type Stage } from "../../common/vocabulary";

// Audit entries in words a secretariat officer reads: "moved BP/MC/2025/L.1 from Drafting to
// Amendments open". Unknown actions fall back to their name and fields; nothing is hidden.

type Details = Record<string, unknown>;

const stageName = (value: unknown) =>
  typeof value === "string" && value in STAGE_NAMES ? STAGE_NAMES[value as Stage] : String(value ?? "?");
const STATUS_NAMES: Record<string, string> = { open: "Open", bracketed: "Bracketed", agreed_ad_ref: "Agreed ad ref", agreed: "Agreed" };
const statusName = (value: unknown) => STATUS_NAMES[String(value)] ?? String(value ?? "?");
const text = (value: unknown) => (typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value));
const quote = (value: unknown, max = 120) => {
  const full = text(value);
  return `“${full.length > max ? `${full.slice(0, max - 1)}…` : full}”`;
};
const utc = (value: unknown) => (typeof value === "string" ? `${value.slice(0, 16).replace("T", " ")} UTC` : "?");

const DESCRIBE: Record<string, (details: Details, subject: string) => string> = {
  "session.signIn": () => "signed in",
  "document.create": (d, s) => `created ${s}${d.title ? ` ${quote(d.title)}` : ""}`,
  "document.update": (_d, s) => `changed the settings of ${s}`,
  "document.setStage": (d, s) => {
    const before = (d.before as Details | undefined)?.stage ?? d.from;
    const after = (d.after as Details | undefined)?.stage ?? d.to;
    const why = d.reason === "deadline" ? " (deadline passed)" : d.reason ? ` (${text(d.reason)})` : "";
    return `moved ${s} from ${stageName(before)} to ${stageName(after)}${d.deadline ? `, deadline ${utc(d.deadline)}` : ""}${why}`;
  },
  "document.reopen": (d, s) => `reopened ${s}: ${quote(d.reason)}`,
  "deadline.extend": (d, s) => `extended the deadline of ${s} from ${utc(d.from)} to ${utc(d.to)}`,
  "silence.start": (d, s) => `put ${text(d.version)} of ${s} under silence until ${utc(d.deadline)}`,
  "silence.break": (d, s) => `broke silence on ${s}: ${quote(d.objection)}`,
  "document.adopt": (d, s) =>
    d.method === "meeting"
      ? `recorded the adoption of ${text(d.version)} of ${s} at a meeting in ${text(d.meetingPlace)} on ${text(d.meetingDate)}`
      : `${text(d.version)} of ${s} adopted under the silence procedure`,
  "document.publish": (d, s) => `published ${text(d.version)} of ${s} at ${text(d.path)}`,
  "version.issue": (d, s) => `issued ${text(d.version)} of ${s}`,
  "block.setStatus": (d, s) =>
    `set the status of ${text(d.number) || "a paragraph"} in ${s} from ${statusName(d.before)} to ${statusName(d.after)}`,
  "block.resolveOptions": (d, s) =>
    `resolved the option set of ${text(d.number) || "a paragraph"} in ${s} to Option ${text(d.option)} (${text(d.attribution)})`,
  "block.reopenOptions": (_d, s) => `reopened a resolved option set in ${s}`,
  "block.repairIds": (d, s) => `gave ${text(d.count)} paragraph(s) of ${s} a new id (their id was missing or already taken)`,
  "document.editBase": (d, s) => {
    const blocks = Array.isArray(d.blocks) ? [...new Set(d.blocks.map(text))] : [];
    const what = [
      blocks.length > 12 ? `${blocks.slice(0, 12).join(", ")} and ${blocks.length - 12} more` : blocks.join(", "),
      d.structure ? "added, moved or removed paragraphs" : "",
    ].filter(Boolean);
    return `edited the base text of ${s}${what.length > 0 ? ` (${what.join("; ")})` : ""}: ${text(d.updates)} updates between ${utc(d.from)} and ${utc(d.to)}`;
  },
  "amendment.draft": (d) => `started a draft amendment (${text(d.operation)} ${text(d.target)})`,
  "amendment.table": (d) => `tabled an amendment (${text(d.operation)} ${text(d.target)})`,
  "amendment.revise": (d) => `tabled revision ${text(d.revision)} of an amendment (${text(d.target)})`,
  "amendment.withdraw": () => "withdrew an amendment",
  "amendment.position": (d) => `recorded the position “${text((d.after as Details | undefined)?.stance)}” on an amendment`,
  "amendment.cosponsor.join": () => "co-sponsored an amendment",
  "amendment.cosponsor.leave": () => "withdrew co-sponsorship of an amendment",
  "amendment.reopen": () => "reopened a decision on an amendment",
  "thread.start": (d) => `started a comment thread on ${text(d.document)}`,
  "thread.resolve": () => "resolved a comment thread",
  "thread.reopen": () => "reopened a comment thread",
  "comment.reply": () => "replied in a comment thread",
  "comment.edit": () => "edited a comment",
  "participant.create": (d) => `added the participant ${text(d.name)}`,
  "participant.timeZone": (d) => `set the time zone of ${text(d.name)} from ${text(d.before)} to ${text(d.after)}`,
  "participant.update": (d) => `changed the participant ${text((d.after as Details | undefined)?.name ?? d.name)}`,
  "user.create": (d) => `added the user ${text(d.name)} (${text(d.participant)})`,
  "user.update": (d) => `changed the user ${text(d.name)}`,
  "user.disable": (d) => `disabled the user ${text(d.name)}`,
  "user.enable": (d) => `enabled the user ${text(d.name)}`,
  "user.resetPassword": (d) => `reset the password of ${text(d.name)}`,
  "office.assign": (d) => `assigned the office to ${text(d.to) || "nobody"}`,
};

const DECISIONS: Record<string, string> = {
  "amendment.accept": "accepted an amendment",
  "amendment.accept_with_changes": "accepted an amendment with changes",
  "amendment.merge": "merged amendments into a compromise",
  "amendment.not_retain": "did not retain an amendment",
  "amendment.decideInBulk": "decided amendments in bulk",
};

export function describeAudit(entry: { action: string; details: string }, subjectLabel: string): string {
  let details: Details = {};
  try {
    const parsed = JSON.parse(entry.details) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) details = parsed as Details;
  } catch {
    // Kept as the raw text in the entry's details column.
  }
  const describe = DESCRIBE[entry.action];
  if (describe) return describe(details, subjectLabel);
  if (DECISIONS[entry.action]) return DECISIONS[entry.action]!;
  return `${entry.action} on ${subjectLabel}`;
}

/** Where an entry's object lives in the app, when it has a page. */
export function auditLink(entry: { subjectType: string; subjectId: string }): string | null {
  switch (entry.subjectType) {
    case "document":
      return `/documents/${entry.subjectId}`;
    case "amendment":
      return `/amendments/${entry.subjectId}`;
    case "thread":
      return `/threads/${entry.subjectId}`;
    case "participant":
      return `/admin/participants/${entry.subjectId}`;
    case "user":
      return `/admin/users/${entry.subjectId}`;
    default:
      return null;
  }
}
