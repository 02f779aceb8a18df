import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { requireActor } from "../utils/domain.server";
import { readForm, submitForm } from "../utils/forms.server";
import { resolveOptionSetInput } from "../utils/inputs.server";

/** The chair resolves a paragraph's option set to one option (audited, live to every editor): the toolbar posts here. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const result = await submitForm(formData, resolveOptionSetInput, (input) => context.services.resolveOptionSet(actor, input), {
    intent: "resolveOptions",
    params: { documentId: params.documentId },
  });
  if (!result.ok) return result.response;
  const { number, chosen } = result.value;
  return json(result.reply({ notice: `${number ?? "The paragraph"} now reads as Option ${chosen.key} (${chosen.attribution}).` }));
}

/** Not a page: opened in the browser (a copied form address), it leads to the document, whose toolbar resolves options. */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/documents/${encodeURIComponent(params.documentId ?? "")}`);
}
