import type { CommentResource, ThreadResource } from "../resources";
import { roleOf } from "../actor";
import { ALL_ROLES, rule, type Condition } from "../rule";

/**
 * A thread reaches everyone, one delegation, or the chair and secretariat (and its author).
 * Mirrored as a database condition by visibleThreadsWhere (server/domain/comments/threadAccess);
 * tests/domain/visibility.test.ts proves the two agree.
 */
export const seesThread: Condition<ThreadResource | CommentResource> = (actor, resource) => {
  const sees =
    resource.visibility === "everyone" ||
    (resource.visibility === "delegation" && resource.participantId === actor.participantId) ||
    (resource.visibility === "chair_secretariat" &&
      (["chair", "secretariat"].includes(roleOf(actor)) || resource.authorId === actor.userId));
  return sees ? null : { reason: "visibility", message: "Thread not found." };
};

const threadAuthorOrPresiding: Condition<ThreadResource> = (actor, resource) =>
  resource.authorId === actor.userId || ["chair", "secretariat"].includes(roleOf(actor))
    ? null
    : { reason: "authorship", message: "Only the thread's author, the chair or the secretariat resolve a thread." };

const commentAuthor: Condition<CommentResource> = (actor, resource) =>
  resource.commentAuthorId === actor.userId ? null : { reason: "authorship", message: "Only its author edits a comment." };

/** Rules on comment threads and comments (docs/decisions/010). */
export const commentRules = {
  "thread.read": rule("thread", { roles: ALL_ROLES, when: [seesThread] }),
  "thread.reply": rule("thread", { roles: ALL_ROLES, mutatesText: true, when: [seesThread] }),
  "thread.resolve": rule("thread", { roles: ALL_ROLES, mutatesText: true, when: [seesThread, threadAuthorOrPresiding] }),
  "comment.edit": rule("comment", { roles: ALL_ROLES, mutatesText: true, when: [seesThread, commentAuthor] }),
};
