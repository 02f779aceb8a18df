import {
  AMENDMENT_STATUSES,
  STAGES,
  THREAD_VISIBILITIES,
  type AmendmentStatus,
  type Stage,
  type ThreadVisibility,
} from "../../common/vocabulary";

// What an action is about. Each action names one of these kinds (see the rule files); every
// field is required, so a caller that forgets one does not compile, and a value that is
// missing or unknown at run time is refused (fail closed). Build them with the helpers below,
// from the models, rather than by hand.

export interface ProcessResource {
  kind: "process";
  processId: string;
}

export interface DocumentResource {
  kind: "document";
  processId: string;
  documentId: string;
  stage: Stage;
}

export interface AmendmentResource {
  kind: "amendment";
  processId: string;
  documentId: string;
  stage: Stage;
  amendmentId: string;
  /** The proposing delegation, which owns the drafting space. */
  participantId: string;
  status: AmendmentStatus;
  /** Tabled at least once: from then on every participant may see it, whatever its status. */
  tabled: boolean;
}

export interface ThreadResource {
  kind: "thread";
  processId: string;
  documentId: string;
  stage: Stage;
  threadId: string;
  visibility: ThreadVisibility;
  /** The delegation of the thread's author ("delegation" threads are theirs). */
  participantId: string;
  authorId: string;
}

export interface CommentResource extends Omit<ThreadResource, "kind"> {
  kind: "comment";
  commentId: string;
  commentAuthorId: string;
}

export interface Resources {
  process: ProcessResource;
  document: DocumentResource;
  amendment: AmendmentResource;
  thread: ThreadResource;
  comment: CommentResource;
}
export type ResourceKind = keyof Resources;
export type Resource = Resources[ResourceKind];

type DocumentModel = { id: string; processId: string; stage: string };

export function processResource(processId: string): ProcessResource {
  return { kind: "process", processId };
}

export function documentResource(document: DocumentModel): DocumentResource {
  return { kind: "document", processId: document.processId, documentId: document.id, stage: document.stage as Stage };
}

export function amendmentResource(
  amendment: { id: string; participantId: string; status: string; tabledAt: Date | string | null },
  document: DocumentModel,
): AmendmentResource {
  return {
    kind: "amendment",
    processId: document.processId,
    documentId: document.id,
    stage: document.stage as Stage,
    amendmentId: amendment.id,
    participantId: amendment.participantId,
    status: amendment.status as AmendmentStatus,
    tabled: amendment.tabledAt !== null,
  };
}

export function threadResource(
  thread: { id: string; visibility: string; participantId: string; authorId: string },
  document: DocumentModel,
): ThreadResource {
  return {
    kind: "thread",
    processId: document.processId,
    documentId: document.id,
    stage: document.stage as Stage,
    threadId: thread.id,
    visibility: thread.visibility as ThreadVisibility,
    participantId: thread.participantId,
    authorId: thread.authorId,
  };
}

export function commentResource(
  comment: { id: string; authorId: string },
  thread: { id: string; visibility: string; participantId: string; authorId: string },
  document: DocumentModel,
): CommentResource {
  return { ...threadResource(thread, document), kind: "comment", commentId: comment.id, commentAuthorId: comment.authorId };
}

const text = (value: unknown) => typeof value === "string" && value.length > 0;
const oneOf = (values: readonly string[]) => (value: unknown) => typeof value === "string" && values.includes(value);
const flag = (value: unknown) => typeof value === "boolean";

const DOCUMENT_FIELDS = { processId: text, documentId: text, stage: oneOf(STAGES) };
const THREAD_FIELDS = { ...DOCUMENT_FIELDS, threadId: text, visibility: oneOf(THREAD_VISIBILITIES), participantId: text, authorId: text };

/** The run-time half of "required": every field of the kind present and of a known value. */
const REQUIRED: { [K in ResourceKind]: Record<Exclude<keyof Resources[K], "kind">, (value: unknown) => boolean> } = {
  process: { processId: text },
  document: DOCUMENT_FIELDS,
  amendment: { ...DOCUMENT_FIELDS, amendmentId: text, participantId: text, status: oneOf(AMENDMENT_STATUSES), tabled: flag },
  thread: THREAD_FIELDS,
  comment: { ...THREAD_FIELDS, commentId: text, commentAuthorId: text },
};

/** REQUIRED's fields as a list per kind, made once: every permission check walks them (a bulk of decisions, one per amendment). */
const REQUIRED_FIELDS = Object.fromEntries(
  Object.entries(REQUIRED).map(([kind, fields]) => [kind, Object.entries(fields as Record<string, (value: unknown) => boolean>)]),
) as Record<ResourceKind, [string, (value: unknown) => boolean][]>;

/** Whether a value is a complete resource of the given kind. */
export function isComplete(kind: ResourceKind, resource: unknown): boolean {
  if (typeof resource !== "object" || resource === null) return false;
  const record = resource as Record<string, unknown>;
  if (record.kind !== kind) return false;
  for (const [field, valid] of REQUIRED_FIELDS[kind]) if (!valid(record[field])) return false;
  return true;
}
