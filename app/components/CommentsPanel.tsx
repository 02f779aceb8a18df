import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { useFetcher } from "@remix-run/react";
import type { z } from "zod";
import { TEXT_LIMITS } from "../../common/limits";
import { LimitedTextarea } from "./CharacterCount";
import { FieldNote, FormErrors, SubmitButton, resultFor, type PageReply } from "./forms";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { ThreadView } from "../../server/queries/listThreads";
import type { startInput } from "../../server/domain/comments/startThread";
import type { replyInput } from "../../server/domain/comments/replyToThread";
import type { editInput } from "../../server/domain/comments/editComment";
import type { action as startThreadAction, loader as threadsLoader } from "../routes/documents.$documentId.threads";
import type { action as threadAction } from "../routes/threads.$threadId";
import { THREAD_VISIBILITIES } from "../../common/vocabulary";
import { THREAD_LABELS } from "../labels";
import type { BlockLabel } from "../editor/documentModel";
import { ParagraphSelect } from "./ParagraphSelect";
import type { SelectedRange } from "./editor/DocumentEditor";
import { formatUtc } from "../utils/format";
import { useOnline } from "../utils/useOnline";

/** Threads on the text: start one on a paragraph or on selected words, reply, resolve, filter. */
export function CommentsPanel({
  documentId,
  language,
  blocks,
  participants,
  liveVersion,
  selectedBlockId,
  onSelectBlock,
  range,
  selectedThreadId,
  onSelectThread,
  closedMessage,
  focusThreadId = null,
}: {
  documentId: string;
  /** The text's language: the paragraph picker runs in its direction. */
  language: string;
  blocks: BlockLabel[];
  participants: { id: string; name: string }[];
  liveVersion: number;
  selectedBlockId: string | null;
  onSelectBlock: (blockId: string | null) => void;
  range: SelectedRange | null;
  selectedThreadId: string | null;
  onSelectThread: (thread: ThreadView | null) => void;
  /** Set when the stage closes comments: the forms are replaced by this message. */
  closedMessage: string | null;
  /** A thread to open, scroll to and focus once (a notification's link: ?thread=…). */
  focusThreadId?: string | null;
}) {
  const id = useId();
  const [participantFilter, setParticipantFilter] = useState("");
  const [visibilityFilter, setVisibilityFilter] = useState("");
  const [showResolved, setShowResolved] = useState(false);
  const list = useFetcher<typeof threadsLoader>();
  const { load } = list;
  const query = new URLSearchParams({
    block: selectedBlockId ?? "",
    participant: participantFilter,
    visibility: visibilityFilter,
    state: "all",
  }).toString();
  // Bumped when this reader starts a thread, so the list shows it at once.
  const [started, setStarted] = useState(0);
  const online = useOnline();
  useEffect(() => {
    if (online) load(`/documents/${documentId}/threads?${query}`);
  }, [documentId, query, liveVersion, load, started, online]);

  const threads = list.data?.threads ?? [];
  const [pendingFocus, setPendingFocus] = useState(focusThreadId);
  const [missingThread, setMissingThread] = useState(false);
  useEffect(() => {
    if (!pendingFocus || !list.data || list.state !== "idle") return;
    const thread = list.data.threads.find((candidate) => candidate.id === pendingFocus);
    if (!thread) {
      setPendingFocus(null);
      setMissingThread(true);
      return;
    }
    if (thread.resolved) setShowResolved(true);
    if (selectedThreadId !== thread.id) return onSelectThread(thread);
    const card = document.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(thread.id)}"]`);
    if (!card) return;
    setPendingFocus(null);
    card.scrollIntoView({ block: "nearest" });
    card.focus({ preventScroll: true });
  }, [pendingFocus, list.data, list.state, selectedThreadId, onSelectThread, showResolved]);
  const open = threads.filter((thread) => !thread.resolved);
  const resolved = threads.filter((thread) => thread.resolved);
  const selectedBlock = blocks.find((block) => block.id === selectedBlockId) ?? null;
  const useRange = range && range.blockId === selectedBlockId ? range : null;

  // Arrow keys (or j / k) move between threads.
  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!["ArrowDown", "ArrowUp", "j", "k"].includes(event.key)) return;
    const target = event.target as HTMLElement;
    if (target.closest("textarea, input, select")) return;
    const cards = [...event.currentTarget.querySelectorAll<HTMLElement>("[data-thread-card]")];
    const index = cards.findIndex((card) => card.contains(target));
    const next = cards[index + (event.key === "ArrowDown" || event.key === "j" ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  return (
    <div className="comments-panel">
      <ParagraphSelect
        id={`${id}-block`}
        blocks={blocks}
        language={language}
        selectedBlockId={selectedBlockId}
        onSelectBlock={onSelectBlock}
        allLabel="All paragraphs"
      />
      <div className="grid-2 grid-2--tight">
        <div className="field">
          <label htmlFor={`${id}-participant`}>Participant</label>
          <select id={`${id}-participant`} value={participantFilter} onChange={(event) => setParticipantFilter(event.target.value)}>
            <option value="">Everyone</option>
            {participants.map((participant) => (
              <option key={participant.id} value={participant.id}>
                {participant.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-visibility`}>Visibility</label>
          <select id={`${id}-visibility`} value={visibilityFilter} onChange={(event) => setVisibilityFilter(event.target.value)}>
            <option value="">Any</option>
            {THREAD_VISIBILITIES.map((visibility) => (
              <option key={visibility} value={visibility}>
                {THREAD_LABELS.visibility[visibility]}
              </option>
            ))}
          </select>
        </div>
      </div>

      {closedMessage ? (
        <p className="alert alert--info" role="status">
          {closedMessage}
        </p>
      ) : selectedBlock ? (
        <StartThreadForm
          documentId={documentId}
          blockId={selectedBlock.id}
          range={useRange}
          onStarted={() => setStarted((count) => count + 1)}
          heading={
            <p className="small">
              New thread on <strong>{selectedBlock.number ?? "this paragraph"}</strong>
              {useRange ? (
                <span className="quote-inline">“{useRange.quote}”</span>
              ) : (
                <span className="muted"> (select words to comment on them)</span>
              )}
            </p>
          }
          label="Comment"
          hideLabel
          placeholder="Write a comment… Mention a delegation with @Name"
        />
      ) : (
        <p className="small muted">Click into a paragraph, or select words in it, to start a thread.</p>
      )}

      {missingThread ? (
        <p className="alert alert--info" role="status">
          The thread from your link is not available: it may have been removed, or it is not visible to you.
        </p>
      ) : null}
      <div className="thread-list" onKeyDown={onListKeyDown} aria-live="polite">
        {list.data && open.length === 0 ? <p className="small muted">No open threads.</p> : null}
        {open.map((thread) => (
          <ThreadCard
            key={thread.id}
            thread={thread}
            selected={thread.id === selectedThreadId}
            onSelect={onSelectThread}
            closed={Boolean(closedMessage)}
          />
        ))}
        {resolved.length > 0 ? (
          <div className="resolved-threads">
            <button
              type="button"
              className="button button--quiet button--small"
              aria-expanded={showResolved}
              onClick={() => setShowResolved(!showResolved)}
            >
              {showResolved ? "Hide" : "Show"} {resolved.length} resolved thread{resolved.length === 1 ? "" : "s"}
            </button>
            {showResolved
              ? resolved.map((thread) => (
                  <ThreadCard
                    key={thread.id}
                    thread={thread}
                    selected={thread.id === selectedThreadId}
                    onSelect={onSelectThread}
                    closed={Boolean(closedMessage)}
                  />
                ))
              : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

/**
 * A new thread on a paragraph, on words in it, or on an amendment: Conform over a fetcher, parsed
 * by startThread's own schema, so a refusal (too long, rate-limited, closed text) answers beside
 * the control that caused it without leaving the page, and the form empties once it is sent.
 */
export function StartThreadForm({
  documentId,
  blockId,
  range = null,
  amendmentId,
  heading,
  label,
  hideLabel = false,
  placeholder,
  onStarted,
  postTo,
}: {
  documentId: string;
  blockId: string;
  range?: SelectedRange | null;
  amendmentId?: string;
  heading?: ReactNode;
  label: string;
  hideLabel?: boolean;
  placeholder?: string;
  onStarted?: () => void;
  /** A page route whose action answers comment forms (see PostTo). */
  postTo?: PostTo;
}) {
  const start = useFetcher<typeof startThreadAction>();
  const [form, fields] = useForm<z.input<typeof startInput>>({
    id: `start-thread-${amendmentId ?? documentId}`,
    lastResult: start.data?.result ?? resultFor(postTo?.reply, "start-thread"),
    defaultValue: { visibility: "everyone" },
  });
  // Called once per thread started, whatever the callback's identity.
  const onStartedRef = useRef(onStarted);
  onStartedRef.current = onStarted;
  const startedThread = start.state === "idle" && start.data && "threadId" in start.data ? start.data.threadId : null;
  useEffect(() => {
    if (startedThread) onStartedRef.current?.();
  }, [startedThread]);
  const { key: visibilityKey, ...visibility } = getSelectProps(fields.visibility);
  return (
    <start.Form
      method="post"
      action={postTo?.action ?? `/documents/${documentId}/threads`}
      className="comment-form"
      {...getFormProps(form)}
    >
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="start-thread" />
      <input type="hidden" name="documentId" value={documentId} />
      <input type="hidden" name="blockId" value={blockId} />
      {amendmentId ? <input type="hidden" name="amendmentId" value={amendmentId} /> : null}
      {range ? (
        <>
          <input type="hidden" name="start" value={range.start} />
          <input type="hidden" name="end" value={range.end} />
          <input type="hidden" name="quote" value={range.quote} />
        </>
      ) : null}
      {heading}
      <label htmlFor={fields.body.id} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      <LimitedTextarea field={fields.body} rows={3} placeholder={placeholder} limit={TEXT_LIMITS.comment} required />
      <div className="inline-form inline-form--tight">
        <label htmlFor={fields.visibility.id} className="visually-hidden">
          Who sees this thread
        </label>
        <select key={visibilityKey} {...visibility}>
          {THREAD_VISIBILITIES.map((visibility) => (
            <option key={visibility} value={visibility}>
              {THREAD_LABELS.visibility[visibility]}
            </option>
          ))}
        </select>
        <SubmitButton className="button button--primary button--small" pending={start.state !== "idle"}>
          Comment
        </SubmitButton>
      </div>
      <FieldNote field={fields.visibility} />
      {/* A refused anchor (the paragraph or the words went away) is the block's or the range's, not a control's. */}
      {[fields.blockId, fields.start, fields.end, fields.quote].map((field) => (
        <FieldNote key={field.name} field={field} />
      ))}
    </start.Form>
  );
}

/**
 * Where a page's comment forms post when the page's own action answers them (the amendment page),
 * and that action's last reply: without JavaScript a form post renders the page again, and the
 * refusal is read from the page's reply, beside the form that was sent.
 */
export interface PostTo {
  action: string;
  reply: PageReply;
}

export function ThreadCard({
  thread,
  selected,
  onSelect,
  closed,
  postTo,
}: {
  thread: ThreadView;
  selected: boolean;
  onSelect: (thread: ThreadView | null) => void;
  closed: boolean;
  postTo?: PostTo;
}) {
  const reply = useFetcher<typeof threadAction>();
  const resolve = useFetcher<typeof threadAction>();
  const action = postTo?.action ?? `/threads/${thread.id}`;
  // Parsed by replyToThread's schema; the reply empties once it is sent (the action resets it).
  const [replyForm, replyFields] = useForm<z.input<typeof replyInput>>({
    id: `reply-${thread.id}`,
    lastResult: reply.data?.result ?? resultFor(postTo?.reply, "reply", { threadId: thread.id }),
  });
  const [resolveForm] = useForm({
    id: `resolve-${thread.id}`,
    lastResult: resolve.data?.result ?? resultFor(postTo?.reply, "resolve", { threadId: thread.id }),
  });
  const id = useId();
  return (
    <article
      className={`thread${selected ? " thread--selected" : ""}${thread.resolved ? " thread--resolved" : ""}`}
      data-thread-card
      data-thread-id={thread.id}
      data-testid="thread"
      tabIndex={0}
      aria-labelledby={`${id}-title`}
      onFocus={(event) => event.target === event.currentTarget && onSelect(thread)}
    >
      <header className="thread__head">
        <h3 id={`${id}-title`} className="thread__title">
          <button type="button" className="linklike" onClick={() => onSelect(selected ? null : thread)} aria-pressed={selected}>
            {thread.blockLabel ?? "Removed paragraph"}
          </button>
        </h3>
        <span className={`badge badge--visibility-${thread.visibility}`}>{THREAD_LABELS.visibility[thread.visibility]}</span>
        {thread.resolved ? <span className="badge">Resolved</span> : null}
      </header>
      {thread.quote ? (
        thread.orphaned ? (
          <p className="thread__quote thread__quote--orphaned">
            <span className="badge badge--warn">Orphaned</span> The quoted words were deleted: “{thread.quote}”
          </p>
        ) : (
          <p className="thread__quote">“{thread.anchor?.text ?? thread.quote}”</p>
        )
      ) : thread.orphaned ? (
        <p className="thread__quote thread__quote--orphaned">
          <span className="badge badge--warn">Orphaned</span> The paragraph was removed.
        </p>
      ) : null}
      <ol className="thread__comments">
        {thread.comments.map((comment) => (
          <CommentItem key={comment.id} comment={comment} threadId={thread.id} closed={closed} />
        ))}
      </ol>
      {!closed && thread.canReply && !thread.resolved ? (
        <reply.Form method="post" action={action} className="reply-form" {...getFormProps(replyForm)}>
          <FormErrors form={replyForm} />
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="threadId" value={thread.id} />
          <label htmlFor={replyFields.body.id} className="visually-hidden">
            Reply
          </label>
          <LimitedTextarea field={replyFields.body} rows={2} placeholder="Reply…" limit={TEXT_LIMITS.comment} required />
          <SubmitButton className="button button--small" pending={reply.state !== "idle"}>
            Reply
          </SubmitButton>
        </reply.Form>
      ) : null}
      {!closed && thread.canResolve ? (
        <resolve.Form method="post" action={action} {...getFormProps(resolveForm)}>
          <FormErrors form={resolveForm} />
          <input type="hidden" name="intent" value="resolve" />
          <input type="hidden" name="threadId" value={thread.id} />
          <input type="hidden" name="resolved" value={thread.resolved ? "false" : "true"} />
          <button type="submit" className="button button--quiet button--small">
            {thread.resolved ? "Reopen" : "Resolve"}
          </button>
        </resolve.Form>
      ) : null}
    </article>
  );
}

function CommentItem({ comment, threadId, closed }: { comment: ThreadView["comments"][number]; threadId: string; closed: boolean }) {
  const [editing, setEditing] = useState(false);
  const edit = useFetcher<typeof threadAction>();
  // Parsed by editComment's schema, starting from the comment as it stands.
  const [editForm, editFields] = useForm<z.input<typeof editInput>>({
    // A new id once the comment is saved, so the next edit starts from the saved wording.
    id: `edit-${comment.id}-${comment.editedAt ?? ""}`,
    lastResult: edit.data?.result,
    defaultValue: { body: comment.body },
  });
  // The action answers a saved edit with `ok` (and a reset form), a refusal with the errors.
  const saved = edit.state === "idle" && edit.data && "ok" in edit.data ? edit.data : null;
  useEffect(() => {
    if (saved) setEditing(false);
  }, [saved]);
  const observer = comment.participant.kind === "observer";
  const roleLabel = THREAD_LABELS.role[comment.authorRole as keyof typeof THREAD_LABELS.role] ?? comment.authorRole;
  return (
    <li className="comment" data-testid="comment">
      <p className="comment__byline">
        <span className="participant-dot" style={{ background: comment.participant.colour }} aria-hidden="true" />
        <strong>{comment.authorName}</strong> <span className="muted">{comment.participant.name}</span>
        <span className={`badge badge--role badge--role-${comment.authorRole}`}>{observer ? "Observer — not a state" : roleLabel}</span>
      </p>
      {editing ? (
        <edit.Form method="post" action={`/threads/${threadId}`} className="reply-form" {...getFormProps(editForm)}>
          <FormErrors form={editForm} />
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="commentId" value={comment.id} />
          <label htmlFor={editFields.body.id} className="visually-hidden">
            Edit your comment
          </label>
          <LimitedTextarea field={editFields.body} rows={3} limit={TEXT_LIMITS.comment} required />
          <div className="button-row">
            <button type="submit" className="button button--small">
              Save
            </button>
            <button type="button" className="button button--quiet button--small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </edit.Form>
      ) : (
        <p className="comment__body">{comment.body}</p>
      )}
      <p className="comment__meta small muted">
        {formatUtc(comment.createdAt)}
        {comment.editedAt ? " · edited" : ""}
        {!closed && comment.canEdit && !editing ? (
          <>
            {" · "}
            <button type="button" className="linklike linklike--small" onClick={() => setEditing(true)}>
              Edit
            </button>
          </>
        ) : null}
      </p>
      {comment.edits.length > 0 ? (
        <details className="comment__history small">
          <summary>Earlier wording ({comment.edits.length})</summary>
          <ol>
            {comment.edits.map((previous, index) => (
              <li key={index}>
                <span className="muted">until {formatUtc(previous.editedAt)}:</span> {previous.previousBody}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </li>
  );
}
