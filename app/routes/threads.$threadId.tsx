import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { editInput } from "../utils/inputs.server";
import { replyInput } from "../utils/inputs.server";
import { resolveInput } from "../utils/inputs.server";
import { requireActor } from "../utils/domain.server";
import { readForm, submitForm, unknownIntent } from "../utils/forms.server";

/** Replies, edits of one's own comments, resolve and reopen. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const options = { intent, params: { threadId: params.threadId } };
  const result =
    intent === "reply"
      ? await submitForm(formData, replyInput, (input) => context.services.replyToThread(actor, input), options)
      : intent === "edit"
        ? await submitForm(formData, editInput, (input) => context.services.editComment(actor, input), options)
        : intent === "resolve"
          ? await submitForm(formData, resolveInput, (input) => context.services.setThreadResolved(actor, input), options)
          : null;
  if (!result) return unknownIntent(intent);
  if (!result.ok) return result.response;
  return json({ ...result.reply({ resetForm: true }), ok: true });
}
