import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { formInput, loadOrThrow, requireActor, runCommand } from "../utils/domain.server";

/** The side panel's data: the amendments of one block (or all), filtered by state and status. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const search = new URL(request.url).searchParams;
  const filters = {
    blockId: search.get("block") || undefined,
    participantId: search.get("state") || undefined,
    status: search.get("status") || undefined,
  };
  const { amendments } = await loadOrThrow(() => context.services.listDocumentAmendments(actor, params.documentId ?? "", filters));
  return json({ amendments });
}

/** "Propose amendment": opens a draft in the delegation's space and goes there. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const input = { ...(await formInput(request)), documentId: params.documentId ?? "" };
  const result = await runCommand(() => context.services.proposeAmendment(actor, input));
  if (!result.ok) return result.response;
  return redirect(`/amendments/${result.value.id}`);
}
