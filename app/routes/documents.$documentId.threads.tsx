import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { threadFilterInput } from "../utils/inputs.server";
import { parseParams, searchValues } from "../utils/params.server";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { readForm } from "../utils/forms.server";
import { startThreadFromForm } from "../utils/threadForms.server";

/** The comments panel's data: the threads the reader may see, filtered. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const search = searchValues(request, ["block", "participant", "visibility", "state"]);
  const filters = parseParams(
    threadFilterInput,
    { blockId: search.block, participantId: search.participant, visibility: search.visibility, state: search.state },
    { blockId: "block", participantId: "participant" },
  );
  const threads = await loadOrThrow(() => context.services.listThreads(actor, params.documentId ?? "", filters));
  return json({ threads });
}

/** Starts a thread on a block or a range of words. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  return startThreadFromForm(context, actor, await readForm(request), params.documentId ?? "");
}
