import { json, type AppLoadContext } from "@remix-run/node";
import type { Actor } from "../../server/policies";
import { editInput, replyInput, resolveInput, startInput } from "./inputs.server";
import { submitForm, unknownIntent } from "./forms.server";

// The comment forms answer the same way wherever they are posted: to the comments' own routes
// (the side panel's fetchers) or to the amendment page's action (its discussion, which must work
// before JavaScript loads: a plain form post then lands back on that page, answered in place).

/** Starts a thread; the document comes from the URL when the route has it, else from the form. */
export async function startThreadFromForm(context: AppLoadContext, actor: Actor, formData: FormData, documentId?: string) {
  const result = await submitForm(formData, startInput, (input) => context.services.startThread(actor, input), {
    intent: "start-thread",
    params: documentId === undefined ? {} : { documentId },
  });
  if (!result.ok) return result.response;
  return json({ ...result.reply({ resetForm: true, notice: "Comment posted." }), ok: true as const, threadId: result.value.thread.id });
}

/** Replies, edits of one's own comments, resolve and reopen; the thread from the URL, else from the form. */
export async function threadFromForm(context: AppLoadContext, actor: Actor, formData: FormData, intent: string, threadId?: string) {
  const options = { intent, params: threadId === undefined ? {} : { threadId } };
  const { services } = context;
  const result =
    intent === "reply"
      ? await submitForm(formData, replyInput, (input) => services.replyToThread(actor, input), options)
      : intent === "edit"
        ? await submitForm(formData, editInput, (input) => services.editComment(actor, input), options)
        : intent === "resolve"
          ? await submitForm(formData, resolveInput, (input) => services.setThreadResolved(actor, input), options)
          : null;
  if (!result) return unknownIntent(intent);
  if (!result.ok) return result.response;
  return json({ ...result.reply({ resetForm: true, notice: THREAD_NOTICES[intent] }), ok: true as const });
}

const THREAD_NOTICES: Record<string, string> = { reply: "Reply posted.", edit: "Comment saved.", resolve: "Thread updated." };
