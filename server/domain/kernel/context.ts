import { EventEmitter } from "node:events";
import type { Db } from "../../db/client";
import type { LiveDocuments } from "../../yjs/liveDocuments";
import type { DomainLimits } from "../limits";

export interface DomainSettings {
  sessionTtlHours: number;
}

/** Events the domain raises for transports (the collaboration server) to react to. */
export interface DomainEventMap {
  /** A user's sessions ended or their rights changed: re-check their open sockets. */
  "user.accessChanged": [userId: string];
  /** A document's stage or settings changed: re-check who may write. */
  "document.changed": [documentId: string];
  /**
   * An amendment changed. Listeners tell only those who may read it ("amendment.read"): once
   * tabled, everyone in the process; before, the proposing delegation alone.
   */
  "amendment.changed": [event: AmendmentChanged];
  /** A comment thread changed; listeners show it only to those who may see the thread. */
  /** A version of a document was issued (an immutable Version row exists). */
  "version.issued": [event: { documentId: string; versionId: string; label: string }];
  "thread.changed": [event: { documentId: string; threadId: string; visibility: string; participantId: string; authorId: string }];
}

/** What a listener needs to build the amendment's policy resource. */
export interface AmendmentChanged {
  documentId: string;
  amendmentId: string;
  participantId: string;
  status: string;
  tabledAt: Date | null;
}

export class DomainEvents extends EventEmitter<DomainEventMap> {}

export interface DomainContext {
  db: Db;
  events: DomainEvents;
  /** The authoritative Y.Docs: read them, or change them server-side. */
  liveDocuments: LiveDocuments;
  settings: DomainSettings;
  /** Atomic counters, built once per process: sign-in throttling, per-user rates. */
  limits: DomainLimits;
  now: () => Date;
}
