import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { TEXT_LIMITS, atMost, FIELD_LIMITS } from "../../../common/limits";
import { documentRoom } from "../../../common/collab";
import { MAX_OPTIONS, optionKey, parseOptions, presentOptions, type BlockOption } from "../../../app/editor/options";
import { blockText, findBlock, formatBlockAs, setBlockText } from "../../../app/editor/yBlocks";
import { documentResource, type Actor } from "../../policies";
import { recordAudit } from "../kernel/audit";
import { authorize } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { Conflict, NotFound, Validation } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { findDocument } from "../documents/findDocument";
import { readBaseBlocks } from "../documents/readBaseBlocks";
import { emitChanged, serialiseDocument } from "./applyDecisions";
import { concernedUsers } from "./concernedUsers";
import { revertEffects, type Effect } from "./decisionText";

/** The decision kind recording a resolution (an AmendmentDecision row, so it can be reopened). */
export const RESOLVE_OPTIONS = "resolve_options";

const OPTION_KEYS = Array.from({ length: MAX_OPTIONS }, (_, index) => optionKey(index));

/**
 * The option a recorded resolution chose, read back from its effects (the set as it stood and the
 * paragraph's words before) and its wording: compare names it (docs/decisions/140).
 */
export function chosenOption(effectsJson: string, wording: string): BlockOption | null {
  let effects: Effect[];
  try {
    effects = JSON.parse(effectsJson) as Effect[];
  } catch {
    return null;
  }
  if (!Array.isArray(effects)) return null;
  const stored = effects.find((effect) => effect?.kind === "options");
  if (!stored || stored.kind !== "options") return null;
  const edited = effects.find((effect) => effect?.kind === "text");
  // Option A reads the paragraph's words as they stood; the words changed only for another option.
  const current = edited?.kind === "text" ? edited.before : wording;
  const options = presentOptions(parseOptions(stored.before), current);
  return (edited ? options.slice(1).find((option) => option.text === wording) : options[0]) ?? null;
}

export const resolveOptionSetInput = z.object({
  documentId: fields.id,
  blockId: z.string().trim().min(1).max(FIELD_LIMITS.id),
  option: z
    .string()
    .trim()
    .refine((key) => OPTION_KEYS.includes(key), "Choose one of the options."),
  reason: z.string().trim().max(TEXT_LIMITS.reason, atMost(TEXT_LIMITS.reason)).default(""),
});

/**
 * The chair resolves a paragraph's option set ([Option A] / [Option B] …, opened by accepting
 * alternatives) to one option: the paragraph takes that option's wording, as the chair's word-level
 * edit on the live text, and the set goes. Recorded as a decision (kind "resolve_options") on the
 * amendments that offered the options, so it is audited, notified to the states concerned and can
 * be reopened (the set comes back) until the next version is issued.
 */
export async function resolveOptionSet(ctx: DomainContext, actor: Actor, input: z.input<typeof resolveOptionSetInput>) {
  const data = parseInput(resolveOptionSetInput, input);
  const document = await findDocument(ctx, actor, data.documentId);
  authorize(actor, "block.resolveOptions", documentResource(document));

  return serialiseDocument(document.id, async () => {
    const number = (await readBaseBlocks(ctx, document.id)).find((block) => block.id === data.blockId)?.number ?? null;
    const room = documentRoom(document.id);
    const author = { userId: actor.userId, participantId: actor.participantId };
    // Every check before the first edit: a refusal leaves the text untouched.
    const applied = await ctx.liveDocuments.change(
      room,
      (doc) => {
        const found = findBlock(doc, data.blockId);
        if (!found) throw new NotFound("That paragraph is no longer in the text.");
        if (found.element.getAttribute("status") === "agreed") {
          throw new Conflict("The paragraph is agreed. Reopen it (set its status back) before resolving its options.");
        }
        const stored = (found.element.getAttribute("options") as string | undefined) ?? null;
        const current = blockText(found.element);
        const options = presentOptions(parseOptions(stored), current);
        if (options.length === 0)
          throw new Conflict("This paragraph has no options to resolve (they may have just been resolved). Reload the page.");
        const chosen = options.find((option) => option.key === data.option);
        if (!chosen) {
          const keys = options.map((option) => option.key).join(", ");
          throw new Validation(`Choose one of the options (${keys}).`, { option: `Choose ${keys}.` });
        }
        const effects: Effect[] = [];
        if (chosen.text !== current) {
          setBlockText(found.element, chosen.text, document.language);
          // The paragraph takes the option's formatting too (bold, italic, underline), not only its words.
          if (chosen.runs) formatBlockAs(found.element, chosen.runs);
          effects.push({ kind: "text", blockId: data.blockId, before: current, after: blockText(found.element) });
        }
        found.element.removeAttribute("options");
        effects.push({ kind: "options", blockId: data.blockId, before: stored, after: null });
        return { effects, options, chosen };
      },
      author,
    );

    const amendmentIds = applied.options.flatMap((option) => (option.amendmentId ? [option.amendmentId] : []));
    const label = number ?? "a paragraph";
    try {
      const concerned = await concernedUsers(ctx, amendmentIds);
      const text =
        `${document.symbol}: the Chair resolved the options on ${label} to Option ${applied.chosen.key} (${applied.chosen.attribution}).${
          data.reason ? ` Reason: ${data.reason}` : ""
        }`.slice(0, 1_000);
      const notified = new Set<string>();
      const notices: Prisma.NotificationCreateManyInput[] = [];
      for (const amendmentId of amendmentIds)
        for (const userId of concerned.get(amendmentId) ?? []) {
          if (notified.has(userId)) continue;
          notified.add(userId);
          notices.push({ userId, kind: "amendment.decision", documentId: document.id, amendmentId, text, createdAt: ctx.now() });
        }
      const decision = await ctx.db.$transaction(async (tx) => {
        const row = await tx.amendmentDecision.create({
          data: {
            documentId: document.id,
            kind: RESOLVE_OPTIONS,
            wording: applied.chosen.text,
            reason: data.reason,
            resultingBlockIds: JSON.stringify([data.blockId]),
            effects: JSON.stringify(applied.effects),
            amendmentIds: JSON.stringify(amendmentIds),
            decidedById: actor.userId,
            decidedAt: ctx.now(),
          },
        });
        await recordAudit(tx, actor, document.processId, {
          action: "block.resolveOptions",
          subjectType: "document",
          subjectId: document.id,
          details: {
            decisionId: row.id,
            blockId: data.blockId,
            number,
            option: applied.chosen.key,
            attribution: applied.chosen.attribution,
            wording: applied.chosen.text,
            options: applied.options.map(({ key, attribution, amendmentId }) => ({ key, attribution, amendmentId })),
            reason: data.reason,
          },
        });
        if (notices.length > 0) await tx.notification.createMany({ data: notices });
        return row;
      });
      return { decision, number, chosen: applied.chosen };
    } catch (error) {
      await ctx.liveDocuments.change(room, (doc) => revertEffects(doc, applied.effects, document.language), author);
      throw error;
    } finally {
      await emitChanged(ctx, amendmentIds);
    }
  });
}
