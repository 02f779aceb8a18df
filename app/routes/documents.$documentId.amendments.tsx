import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { formInput, requireActor, runCommand } from "../utils/domain.server";

export async function loader({ params }: ActionFunctionArgs) {
  return redirect(`/documents/${params.documentId ?? ""}`);
}

/** "Propose amendment": opens a draft in the delegation's space and goes there. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const input = { ...(await formInput(request)), documentId: params.documentId ?? "" };
  const result = await runCommand(() => context.services.proposeAmendment(actor, input));
  if (!result.ok) return result.response;
  return redirect(`/amendments/${result.value.id}`);
}
