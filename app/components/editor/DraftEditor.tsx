import { textDirection, type AmendmentOperation } from "../../../common/vocabulary";
import { JUSTIFICATION_FIELD, YJS_FIELD } from "../../editor/ydocFields";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useId, useMemo, useState } from "react";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { TEXT_LIMITS } from "../../../common/limits";
import { CharacterCount } from "../CharacterCount";
import { DiffView } from "../DiffView";
import { diffAmendment } from "../../editor/diff";
import { listBlocks } from "../../editor/documentModel";
import { BlockIdentity, documentExtensions } from "../../editor/extensions";
import { useSharedTextarea } from "./useSharedTextarea";

interface Props {
  doc: Y.Doc;
  provider: WebsocketProvider;
  canEdit: boolean;
  operation: AmendmentOperation;
  baseText: string;
  language: string;
  colour: string;
  user: { name: string; color: string; participant: string };
  /** Told whenever the wording or justification goes over (or back under) its limit. */
  onOverLimit?: (over: boolean) => void;
}

/** The delegation's live drafting space: proposed wording, justification, and the diff as you type. */
export function DraftEditor({ doc, provider, canEdit, operation, baseText, language, colour, user, onOverLimit }: Props) {
  const id = useId();
  const [proposedText, setProposedText] = useState("");
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: canEdit,
      extensions: [
        ...documentExtensions(),
        // No block numbers here: a draft's numbering is the target's, shown above it.
        BlockIdentity,
        Collaboration.configure({ document: doc, field: YJS_FIELD }),
        CollaborationCaret.configure({ provider, user }),
      ],
      editorProps: {
        attributes: {
          class: "document-text document-text--draft",
          lang: language,
          // An Arabic wording read left to right put "(OP1)" and figures at the wrong end of its lines.
          dir: textDirection(language),
          "aria-label": "Proposed wording",
          "aria-readonly": String(!canEdit),
        },
      },
      onCreate: ({ editor }) =>
        setProposedText(
          listBlocks(editor.getJSON())
            .map((block) => block.text)
            .join("\n"),
        ),
      onUpdate: ({ editor }) =>
        setProposedText(
          listBlocks(editor.getJSON())
            .map((block) => block.text)
            .join("\n"),
        ),
    },
    [doc, provider],
  );
  useEffect(() => {
    if (editor && editor.isEditable !== canEdit) editor.setEditable(canEdit);
  }, [editor, canEdit]);
  const justificationText = doc.getText(JUSTIFICATION_FIELD);
  const justification = useSharedTextarea(justificationText, canEdit);
  const [justificationLength, setJustificationLength] = useState(() => justificationText.length);
  useEffect(() => {
    const update = () => setJustificationLength(justificationText.length);
    update();
    justificationText.observe(update);
    return () => justificationText.unobserve(update);
  }, [justificationText]);
  const wordingOver = operation !== "delete" && proposedText.length > TEXT_LIMITS.proposedText;
  const justificationOver = justificationLength > TEXT_LIMITS.justification;
  useEffect(() => onOverLimit?.(wordingOver || justificationOver), [onOverLimit, wordingOver, justificationOver]);
  // The diff is bounded (app/editor/diff.ts); over the limit it is not worth computing at all.
  const parts = useMemo(
    () => (wordingOver ? null : diffAmendment(operation, baseText, proposedText, language)),
    [operation, baseText, proposedText, language, wordingOver],
  );
  return (
    <div className="stack">
      {operation === "delete" ? (
        <p className="muted">This amendment proposes deleting the paragraph. Explain why below.</p>
      ) : (
        <div className="field">
          <span className="field__label" id={`${id}-wording`}>
            Proposed wording
          </span>
          <div
            className="document-surface document-surface--draft"
            aria-labelledby={`${id}-wording`}
            aria-describedby={`${id}-wording-count`}
          >
            <EditorContent editor={editor} />
          </div>
          <CharacterCount
            id={`${id}-wording-count`}
            testId="wording-count"
            length={proposedText.length}
            limit={TEXT_LIMITS.proposedText}
            what="The proposed wording"
            before="tabling"
          />
        </div>
      )}
      <section aria-labelledby={`${id}-diff`} className="live-diff">
        <h3 id={`${id}-diff`} className="field__label">
          Changes to the current text
        </h3>
        {parts ? (
          <DiffView parts={parts} colour={colour} lang={language} />
        ) : (
          <p className="muted small">Shorten the wording to see the changes.</p>
        )}
      </section>
      <div className="field">
        <label htmlFor={`${id}-justification`}>Justification</label>
        <textarea
          id={`${id}-justification`}
          ref={justification}
          rows={4}
          maxLength={TEXT_LIMITS.justification}
          lang={language}
          dir="auto"
          data-testid="justification"
          aria-describedby={`${id}-justification-count`}
        />
        <CharacterCount
          id={`${id}-justification-count`}
          testId="justification-count"
          length={justificationLength}
          limit={TEXT_LIMITS.justification}
          what="The justification"
          before="tabling"
        />
      </div>
    </div>
  );
}
