import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { formInput, requireActor, runIntent } from "../utils/domain.server";

/** Replies, edits of one's own comments, resolve and reopen. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const { intent = "", ...fields } = await formInput(request);
  const input = { ...fields, threadId: params.threadId ?? "" };
  const commands: Record<string, () => Promise<unknown>> = {
    reply: () => context.services.replyToThread(actor, input),
    edit: () => context.services.editComment(actor, input),
    resolve: () => context.services.setThreadResolved(actor, input),
  };
  const result = await runIntent(intent, commands);
  if (!result.ok) return result.response;
  return json({ ok: true });
}
