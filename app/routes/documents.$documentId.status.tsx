import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireActor } from "../utils/domain.server";
import { readForm, submitForm } from "../utils/forms.server";
import { setBlockStatusInput } from "../utils/inputs.server";

/** A paragraph's status, set on the server (audited, live to every editor): the toolbar posts here. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const result = await submitForm(formData, setBlockStatusInput, (input) => context.services.setBlockStatus(actor, input), {
    intent: "setStatus",
    params: { documentId: params.documentId },
  });
  if (!result.ok) return result.response;
  return json(result.reply({ notice: `Status set to ${result.value.label}.` }));
}
