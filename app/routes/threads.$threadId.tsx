import type { ActionFunctionArgs } from "@remix-run/node";
import { requireActor } from "../utils/domain.server";
import { readForm } from "../utils/forms.server";
import { threadFromForm } from "../utils/threadForms.server";

/** Replies, edits of one's own comments, resolve and reopen. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  return threadFromForm(context, actor, formData, String(formData.get("intent") ?? ""), params.threadId ?? "");
}
