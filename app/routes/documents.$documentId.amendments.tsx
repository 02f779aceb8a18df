import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { amendmentFilterInput, proposeInput } from "../utils/inputs.server";
import { parseParams, searchValues } from "../utils/params.server";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { readForm, submitForm } from "../utils/forms.server";

/** The side panel's data: the amendments of one block (or all), filtered by state and status. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const search = searchValues(request, ["block", "state", "status"]);
  const filters = parseParams(
    amendmentFilterInput,
    { blockId: search.block, participantId: search.state, status: search.status },
    { blockId: "block", participantId: "state" },
  );
  const { amendments } = await loadOrThrow(() => context.services.listDocumentAmendments(actor, params.documentId ?? "", filters));
  return json({ amendments });
}

/**
 * "Propose amendment": opens a draft in the delegation's space and goes there. The side panel
 * sends it with a fetcher, so a refusal comes back to the panel, next to the form.
 */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const result = await submitForm(await readForm(request), proposeInput, (input) => context.services.proposeAmendment(actor, input), {
    intent: "propose",
    params: { documentId: params.documentId },
  });
  if (!result.ok) return result.response;
  return redirect(`/amendments/${result.value.id}`);
}
