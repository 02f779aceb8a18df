/**
 * Bounds on what a participant can submit (docs/decisions/017): shown in the UI before submission
 * (maxlength and counters) and enforced by the server. Shared by browser and server.
 */
export const TEXT_LIMITS = {
  /**
   * Proposed wording of one amendment, all its blocks together (about 800 words, several long
   * paragraphs). Sized so that its word diff stays well under 50 ms (npm run bench -- attacks).
   */
  proposedText: 5_000,
  justification: 5_000,
  comment: 4_000,
  /** The note beside a state's position on an amendment. */
  positionNote: 1_000,
  /** The words quoted when a thread starts on a selection. */
  quote: 2_000,
  /** Why the chair decided, merged or did not retain; why a text is reopened. */
  reason: 2_000,
  /** The note of an issued version ("Rev.2 after the Vienna meeting"). */
  versionNote: 1_000,
  /** A delegation's written objection that breaks silence. */
  objection: 5_000,
  /** One field of an action point (lead, partners, timeline, indicators), typed beside the text. */
  actionPointField: 300,
} as const;

/** The schemas' message for a text over its bound. */
export const atMost = (count: number) => `At most ${characters(count)}.`;

/**
 * Word diffs give up beyond this many edited tokens (words, spaces, punctuation) or this
 * many milliseconds, and fall back to "changed too much to show word by word".
 */
export const DIFF_LIMITS = { maxEditLength: 600, timeoutMs: 25 } as const;

export function characters(count: number) {
  return `${count.toLocaleString("en")} character${count === 1 ? "" : "s"}`;
}

/** Bounds of short form fields: the forms' maxlength and the commands' schemas read them here. */
export const FIELD_LIMITS = {
  /** People's, participants' and places' names. */
  name: 200,
  /** RFC 5321's longest address. */
  email: 254,
  /** Long enough to resist guessing, short enough not to be a DoS on the hash. */
  passwordMin: 12,
  password: 200,
  /** Ids (paragraph ids, row ids) sent back by forms. */
  id: 64,
  /** An IANA time zone name ("America/Argentina/ComodRivadavia" is among the longest, at 32). */
  timeZone: 64,
} as const;
