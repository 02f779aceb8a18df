import { TEXT_LIMITS } from "../../common/limits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { z } from "zod";
import type { decideInBulkInput as DecideInBulkInput } from "../../server/domain/amendments/decideAmendmentsInBulk";
import type { mergeAmendmentsInput as MergeAmendmentsInput } from "../../server/domain/amendments/mergeAmendments";
import type { decideAmendmentInput as DecideAmendmentInput } from "../../server/domain/amendments/decideAmendment";
import {
  FieldNote,
  FormError,
  FormErrors,
  Notice,
  TextAreaField,
  TextField,
  hasErrors,
  resultFor,
  type PageReply,
} from "../components/forms";
import { decideAmendmentInput, decideInBulkInput, mergeAmendmentsInput, resolveOptionSetInput } from "../utils/inputs.server";
import { OptionSetView, ResolveOptionsForm } from "../components/OptionSetView";
import { readForm, submitForm, unknownIntent } from "../utils/forms.server";
import { textDirection } from "../../common/vocabulary";
import { CompiledAmendmentView } from "../components/CompiledAmendmentView";
import { DraftingText } from "../components/DraftingText";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { useActionReply } from "../utils/useActionReply";
import { useFocusAfterAnswer } from "../utils/useFocusAfterAnswer";
import { useLiveRevalidation } from "../utils/useLiveRevalidation";
import { keepPageAfterRefusal } from "../utils/revalidation";
import { formatUtc } from "../utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Compilation · ${data.document.symbol} · Plenary` : "Compilation · Plenary" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const search = new URL(request.url).searchParams;
  const sectionParam = search.get("section");
  const section = sectionParam === "all" ? "all" : Number(sectionParam ?? 1) || 1;
  const clean = search.get("view") === "clean";
  return json(await loadOrThrow(() => context.services.getCompilation(actor, params.documentId ?? "", { section, clean })));
}

/**
 * The chair's decisions from the compilation: accept or not retain one amendment, accept or
 * not retain a selection in bulk (document order, one audited operation), or merge a selection
 * into compromise wording. Accepting with changes happens on the amendment's page.
 */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const { services } = context;
  const result =
    intent === "decide"
      ? await submitForm(formData, decideAmendmentInput, (input) => services.decideAmendment(actor, input), { intent })
      : intent === "bulk-accept" || intent === "bulk-not-retain"
        ? await submitForm(formData, decideInBulkInput, (input) => services.decideAmendmentsInBulk(actor, input), {
            intent,
            params: { decision: intent === "bulk-accept" ? "accept" : "not_retain" },
          })
        : intent === "merge"
          ? await submitForm(formData, mergeAmendmentsInput, (input) => services.mergeAmendments(actor, input), { intent })
          : intent === "resolve-options"
            ? await submitForm(formData, resolveOptionSetInput, (input) => services.resolveOptionSet(actor, input), {
                intent,
                params: { documentId: params.documentId },
              })
            : null;
  if (!result) return unknownIntent(intent);
  if (!result.ok) return result.response;
  const count = Array.isArray(result.value) ? result.value.length : 1;
  if (intent === "resolve-options" && "chosen" in result.value) {
    const { number, chosen } = result.value;
    return json(result.reply({ notice: `${number ?? "The paragraph"} now reads as Option ${chosen.key} (${chosen.attribution}).` }));
  }
  // "Applied to the text" only where the text changed: a chair who did not retain must not read otherwise.
  const retained = intent === "bulk-accept" || (intent === "decide" && formData.get("decision") !== "not_retain");
  const recorded = count === 1 ? "Decision recorded" : `${count} decisions recorded`;
  const notice =
    intent === "merge"
      ? "Merged into the compromise wording, applied to the text."
      : retained
        ? `${recorded}: accepted and applied to the text.`
        : `${recorded}: not retained; the text is unchanged.`;
  return json(result.reply({ notice, resetForm: true }));
}

export const shouldRevalidate = keepPageAfterRefusal;

/** The compilation text, attributed or clean; prints as a negotiation document. */
export default function Compilation() {
  const { document, blocks, orphans, orphanCount, amendmentCount, generatedAt, canDecide, canResolveOptions, sections, section, clean } =
    useLoaderData<typeof loader>();
  const actionData = useActionReply<typeof action>();
  useLiveRevalidation(document.id);
  const [searchParams] = useSearchParams();
  const sectionHref = (target: number | "all") => {
    const next = new URLSearchParams(searchParams);
    next.set("section", String(target));
    return `?${next.toString()}`;
  };
  const viewHref = (view: "attributed" | "clean") => {
    const next = new URLSearchParams(searchParams);
    next.set("view", view);
    return `?${next.toString()}`;
  };
  const paged = !clean && sections.length > 1;
  const current = section === "all" ? null : sections[section - 1];
  const direction = textDirection(document.language);
  const notice = <Notice id="compilation-answer">{actionData?.notice}</Notice>;
  useFocusOnNextAmendment(blocks, actionData?.intent === "decide" && actionData.notice ? actionData : null);
  return (
    <div className="compilation">
      <header className="document-head no-print-controls">
        <div>
          <p className="eyebrow">
            <Link to={`/documents/${document.id}`}>{document.symbol}</Link> · Compilation text
          </p>
          <h1 lang={document.language} dir="auto">
            {document.title}
          </h1>
          <p className="muted small">
            {amendmentCount} tabled amendment{amendmentCount === 1 ? "" : "s"} · as of {formatUtc(generatedAt)}
          </p>
        </div>
        <nav className="document-head__meta print-hidden" aria-label="Compilation view">
          <Link to={viewHref("attributed")} className="button button--quiet" aria-current={!clean ? "page" : undefined}>
            Attributed
          </Link>
          <Link to={viewHref("clean")} className="button button--quiet" aria-current={clean ? "page" : undefined}>
            Clean text
          </Link>
          <button type="button" className="button" onClick={() => window.print()}>
            Print
          </button>
        </nav>
      </header>
      {paged ? (
        <nav className="compilation-sections print-hidden" aria-label="Sections of the compilation">
          <p className="small muted">
            {current
              ? `Showing section ${current.index} of ${sections.length} (${current.label}): ${current.amendmentCount} of ${amendmentCount} amendments.`
              : `Showing all ${sections.length} sections: ${amendmentCount} amendments.`}
            {orphanCount > 0 ? ` Amendments to paragraphs no longer in the text (${orphanCount}) are listed after the last section.` : ""}
          </p>
          <ol className="compilation-sections__list">
            {sections.map((item) => (
              <li key={item.index}>
                <Link to={sectionHref(item.index)} aria-current={section === item.index ? "page" : undefined}>
                  {item.label}
                </Link>{" "}
                <span className="muted small">({item.amendmentCount})</span>
              </li>
            ))}
            <li>
              <Link to={sectionHref("all")} aria-current={section === "all" ? "page" : undefined}>
                All sections
              </Link>{" "}
              <span className="muted small">(whole compilation, for printing)</span>
            </li>
          </ol>
        </nav>
      ) : null}
      {/* A refusal shows in the form that was sent; here only when that form is not on this page. */}
      {actionData?.error && !answeredInPlace(actionData, { blocks, canDecide, canResolveOptions, clean, amendmentCount }) ? (
        <FormError error={actionData.error} />
      ) : null}
      {/* Beside the decision buttons, the bar stays in view wherever the chair decided; at the top the answer was off-screen. */}
      {canDecide && !clean && amendmentCount > 0 ? (
        <BulkForm reply={actionData} language={document.language}>
          {notice}
        </BulkForm>
      ) : canDecide && actionData?.notice ? (
        // The last amendment decided takes the bar with it: its answer still stays in view.
        <div className="decision-bar print-hidden">{notice}</div>
      ) : (
        notice
      )}
      <article className="document-surface compilation__text" lang={document.language} dir={direction}>
        <div className="document-text">
          {blocks.map((block) => (
            <section
              key={block.id}
              className={`block block--${block.kind}${block.options.length > 0 ? " block--options" : ""}`}
              data-number={block.number ?? undefined}
              data-status={block.status}
              aria-label={block.number ?? block.kind}
            >
              {block.kind === "title" ? (
                <h2 className="block__text">{block.text}</h2>
              ) : block.options.length > 0 ? (
                <OptionSetView options={block.options}>
                  <p className="block__text">
                    <DraftingText kind={block.kind} text={block.text} />
                  </p>
                </OptionSetView>
              ) : (
                <p className="block__text">
                  <DraftingText kind={block.kind} text={block.text} />
                </p>
              )}
              {canResolveOptions && block.options.length > 0 ? (
                <ResolveOptionsForm
                  blockId={block.id}
                  label={block.number ?? "the paragraph"}
                  options={block.options}
                  lastResult={resultFor(actionData, "resolve-options", { blockId: block.id })}
                />
              ) : null}
              {!clean && block.amendments.length > 0 ? (
                <ol className="compiled-amendments" dir="ltr">
                  {block.amendments.map((amendment) => (
                    <CompiledAmendmentView
                      key={amendment.id}
                      amendment={amendment}
                      lang={document.language}
                      controls={
                        canDecide ? (
                          <div className="decision-controls print-hidden" dir="ltr">
                            <label className="checkbox">
                              <input type="checkbox" name="amendmentIds" value={amendment.id} form="bulk-form" /> Select
                            </label>
                            <DecideForm
                              amendmentId={amendment.id}
                              outdated={Boolean(amendment.outdated)}
                              lastResult={resultFor(actionData, "decide", { amendmentId: amendment.id })}
                            />
                            <Link to={`/amendments/${amendment.id}#decision-title`} className="small">
                              With changes, reason…
                            </Link>
                          </div>
                        ) : null
                      }
                    />
                  ))}
                </ol>
              ) : null}
            </section>
          ))}
          {paged && current && current.index < sections.length ? (
            <p className="compilation-next print-hidden">
              <Link to={sectionHref(current.index + 1)} className="button">
                Next section: {sections[current.index]!.label}
              </Link>
            </p>
          ) : null}
          {!clean && orphans.length > 0 ? (
            <section className="compiled-orphans">
              <h2>Amendments to paragraphs no longer in the text</h2>
              {orphans.map((amendment) => (
                <p key={amendment.id}>
                  {amendment.targetNumberWhenTabled ? `${amendment.targetNumberWhenTabled}: ` : ""}
                  {amendment.proposedText} — {amendment.attribution}.
                </p>
              ))}
            </section>
          ) : null}
        </div>
      </article>
    </div>
  );
}

type CompilationData = ReturnType<typeof useLoaderData<typeof loader>>;

/**
 * The chair works down the list: once an amendment is decided (its Accept or Not retain goes with
 * it), the focus moves to the next undecided amendment after it, so Tab reaches its controls; to the
 * answer in the decision bar when none is left. The amendment is not focused on its Accept button:
 * a second Enter would decide it unread.
 */
function useFocusOnNextAmendment(blocks: CompilationData["blocks"], answer: object | null) {
  const order = blocks.flatMap((block) => block.amendments.map((amendment) => amendment.id));
  const shown = useRef<string[]>(order);
  const sent = useRef<string | null>(null);
  const navigation = useNavigation();
  if (navigation.state === "submitting" && navigation.formData?.get("intent") === "decide") {
    sent.current = String(navigation.formData.get("amendmentId") ?? "");
  }
  useFocusAfterAnswer(answer, () => {
    const earlier = shown.current;
    const present = new Set(order);
    const from = sent.current ? earlier.indexOf(sent.current) : -1;
    const next =
      from < 0
        ? undefined
        : (earlier.slice(from + 1).find((id) => present.has(id)) ?? earlier.slice(0, from).findLast((id) => present.has(id)));
    const item = next ? document.getElementById(`decide-${next}`)?.closest<HTMLElement>(".compiled-amendment") : null;
    return item ?? document.getElementById("compilation-answer");
  });
  // After the focus effect: the order it compares with is the one the chair saw when deciding.
  useEffect(() => {
    shown.current = order;
  });
}
const BULK_INTENTS = ["bulk-accept", "bulk-not-retain", "merge"] as const;

/** Whether the form that sent `reply` is on the page, so it shows the answer itself. */
function answeredInPlace(
  reply: NonNullable<PageReply>,
  page: Pick<CompilationData, "blocks" | "canDecide" | "canResolveOptions" | "clean" | "amendmentCount">,
): boolean {
  const sent = reply.result.initialValue ?? {};
  if ((BULK_INTENTS as readonly string[]).includes(reply.intent)) return page.canDecide && !page.clean && page.amendmentCount > 0;
  if (reply.intent === "decide")
    return (
      page.canDecide && !page.clean && page.blocks.some((block) => block.amendments.some((amendment) => amendment.id === sent.amendmentId))
    );
  if (reply.intent === "resolve-options")
    return page.canResolveOptions && page.blocks.some((block) => block.id === sent.blockId && block.options.length > 0);
  return false;
}

type BulkFields = z.input<typeof DecideInBulkInput> & z.input<typeof MergeAmendmentsInput>;

/**
 * Accept, not retain or merge the amendments selected below (their checkboxes belong to this
 * form by its id). Parsed by decideAmendmentsInBulk's or mergeAmendments's schema: an empty
 * selection answers beside the buttons, an empty compromise under its field, and a refusal that
 * names an amendment (outdated, decided meanwhile) in the bar.
 */
function BulkForm({ reply, language, children }: { reply: PageReply; language: string; children: ReactNode }) {
  const lastResult = resultFor(reply, BULK_INTENTS);
  const [form, fields] = useForm<BulkFields>({ id: "bulk-form", lastResult });
  const { key: confirmKey, ...confirmProps } = getInputProps(fields.confirmOutdated, { type: "checkbox", value: "true" });
  const selectionError = fields.amendmentIds.errors?.length ? fields.amendmentIds.errorId : undefined;
  const mergeRefused = reply?.intent === "merge" && hasErrors(lastResult);
  return (
    <Form method="post" className="card decision-bar print-hidden form-row" aria-label="Decide selected amendments" {...getFormProps(form)}>
      {children}
      <p className="small">Select amendments below, then decide them together (applied in document order, recorded as one operation).</p>
      <div className="button-row">
        <label className="checkbox">
          <input key={confirmKey} {...confirmProps} /> Apply outdated ones to the current text
        </label>
        <button type="submit" name="intent" value="bulk-accept" className="button button--primary" aria-describedby={selectionError}>
          Accept selected
        </button>
        <button type="submit" name="intent" value="bulk-not-retain" className="button" aria-describedby={selectionError}>
          Do not retain selected
        </button>
      </div>
      <FieldNote field={fields.amendmentIds} />
      <FormErrors form={form} />
      <details className="decision-dialog" open={mergeRefused || undefined}>
        <summary className="button">Merge selected into a compromise…</summary>
        <div className="stack">
          <TextAreaField
            label="Compromise wording (becomes the wording of the first selected amendment's paragraph)"
            field={fields.wording}
            rows={4}
            lang={language}
            dir="auto"
          />
          <TextField label="Reason (optional)" field={fields.reason} maxLength={TEXT_LIMITS.reason} />
          <div>
            <button type="submit" name="intent" value="merge" className="button button--primary" aria-describedby={selectionError}>
              Merge selected
            </button>
          </div>
        </div>
      </details>
    </Form>
  );
}

/** Accept or not retain one amendment, parsed by decideAmendment's schema; the refusal under its buttons. */
function DecideForm({
  amendmentId,
  outdated,
  lastResult,
}: {
  amendmentId: string;
  outdated: boolean;
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form] = useForm<z.input<typeof DecideAmendmentInput>>({ id: `decide-${amendmentId}`, lastResult });
  return (
    <Form method="post" className="form-row compact-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="amendmentId" value={amendmentId} />
      <div className="inline-form">
        <button
          type="submit"
          name="decision"
          value="accept"
          className="button button--small button--primary"
          disabled={outdated}
          title={outdated ? "Outdated: review both differences on the amendment's page" : undefined}
          aria-describedby={form.errors ? form.errorId : undefined}
        >
          Accept
        </button>
        <button
          type="submit"
          name="decision"
          value="not_retain"
          className="button button--small"
          aria-describedby={form.errors ? form.errorId : undefined}
        >
          Not retain
        </button>
      </div>
      <FormErrors form={form} />
    </Form>
  );
}
