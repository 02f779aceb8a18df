import { TEXT_LIMITS } from "../../../common/limits";
import { Extension } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import { useEffect, useId, useRef, useState } from "react";
import { optionLabel, parseOptions } from "../../editor/options";
import { AmendmentMarks, amendmentMarksKey, type AmendmentMarksState } from "../../editor/amendmentMarks";
import { ReadingAids } from "../../editor/readingAids";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import {
  ACTION_POINT_FIELDS,
  BLOCK_LABELS,
  BLOCK_STATUSES,
  FIELD_LABELS,
  STATUS_LABELS,
  blockKindsFor,
  type BlockKind,
  type BlockStatus,
} from "../../editor/blocks";
import { currentBlock, setBlockAttributes, setBlockKind, splitBlockSameKind } from "../../editor/commands";
import { AgreedLock, BlockIdentity, BlockNumbers, documentExtensions } from "../../editor/extensions";
import { NUMBERING_MAP, YJS_FIELD } from "../../editor/ydocFields";
import { NUMBERING_CHANGED, readBaseline } from "../../editor/numbering";

const KIND_SHORTCUTS: Record<BlockKind, string> = {
  title: "Mod-Alt-0",
  heading: "Mod-Alt-1",
  preambular: "Mod-Alt-2",
  operative: "Mod-Alt-3",
  goal: "Mod-Alt-4",
  actionPoint: "Mod-Alt-5",
};

const PlenaryKeymap = Extension.create({
  name: "plenaryKeymap",
  addKeyboardShortcuts() {
    const shortcuts: Record<string, () => boolean> = { Enter: () => splitBlockSameKind(this.editor) };
    for (const [kind, shortcut] of Object.entries(KIND_SHORTCUTS)) shortcuts[shortcut] = () => setBlockKind(this.editor, kind as BlockKind);
    return shortcuts;
  },
});

interface Props {
  doc: Y.Doc;
  provider: WebsocketProvider;
  canWrite: boolean;
  canSetStatus: boolean;
  /** Sets a paragraph's status on the server (audited; the change reaches every editor live). */
  onSetStatus?: (blockId: string, status: BlockStatus) => void;
  /** Why the server refused the last status change (role, stage, closed text); shown beside the control. */
  statusRefusal?: string | null;
  canResolveOptions?: boolean;
  /** Resolves a paragraph's option set to one option on the server (audited, live to every editor). */
  onResolveOptions?: (blockId: string, option: string) => void;
  /** Why the server refused the last resolution, and of which paragraph; shown beside its control. */
  optionsRefusal?: { blockId: string; message: string } | null;
  documentKind: string;
  language: string;
  /** Shown locally at once; the server stamps the same fields for everyone else. */
  user: { name: string; color: string; participant: string };
  onReady: () => void;
  /** Amendment badges and the selected amendment's inline diff. */
  marks: AmendmentMarksState;
  /** Called with the block a user clicks into, or whose badge they press (and which panel). */
  onSelectBlock: (blockId: string, panel?: "amendments" | "comments") => void;
  /** Called when a reader clicks or taps a paragraph (the page opens its amendments where the panel is a drawer). */
  onTapBlock?: (blockId: string) => void;
  /** Called with the words a user selects inside one block (for a comment on a range). */
  onSelectRange: (range: SelectedRange | null) => void;
  /** Called with the paragraphs others changed (for a polite live announcement). */
  onRemoteChange?: (labels: string[]) => void;
}

export interface SelectedRange {
  blockId: string;
  start: number;
  end: number;
  quote: string;
}

export function DocumentEditor({
  doc,
  provider,
  canWrite,
  canSetStatus,
  onSetStatus,
  canResolveOptions = false,
  onResolveOptions,
  statusRefusal,
  optionsRefusal,
  documentKind,
  language,
  user,
  onReady,
  marks,
  onSelectBlock,
  onTapBlock,
  onSelectRange,
  onRemoteChange,
}: Props) {
  const selectBlock = useRef(onSelectBlock);
  selectBlock.current = onSelectBlock;
  const selectRange = useRef(onSelectRange);
  selectRange.current = onSelectRange;
  const remoteChange = useRef(onRemoteChange);
  remoteChange.current = onRemoteChange;
  const tapBlock = useRef(onTapBlock);
  tapBlock.current = onTapBlock;
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: canWrite,
      extensions: [
        ...documentExtensions(),
        BlockIdentity,
        BlockNumbers.configure({ baseline: () => readBaseline(doc) }),
        AgreedLock,
        PlenaryKeymap,
        Collaboration.configure({ document: doc, field: YJS_FIELD }),
        CollaborationCaret.configure({ provider, user }),
        AmendmentMarks.configure({ onSelectBlock: (blockId, panel) => selectBlock.current(blockId, panel) }),
        ReadingAids.configure({
          onSelectBlock: (blockId, panel) => selectBlock.current(blockId, panel),
          onRemoteChange: (labels) => remoteChange.current?.(labels),
          onTapBlock: (blockId) => tapBlock.current?.(blockId),
          baseline: () => readBaseline(doc),
        }),
      ],
      editorProps: {
        attributes: {
          class: "document-text",
          lang: language,
          "aria-label": "Document text",
          "aria-readonly": String(!canWrite),
        },
      },
      onCreate: () => onReady(),
    },
    [doc, provider],
  );

  // The DOM selection, not ProseMirror's: read-only readers select words too, to comment on them.
  useEffect(() => {
    if (!editor) return;
    const onSelectionChange = () => {
      const selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || editor.isDestroyed) return;
      const range = selection.getRangeAt(0);
      if (!editor.view.dom.contains(range.startContainer) || !editor.view.dom.contains(range.endContainer)) return;
      let from: number;
      let to: number;
      try {
        from = editor.view.posAtDOM(range.startContainer, range.startOffset);
        to = editor.view.posAtDOM(range.endContainer, range.endOffset);
      } catch {
        return;
      }
      const $from = editor.state.doc.resolve(Math.min(from, to));
      if ($from.depth < 1) return;
      const block = $from.node(1);
      const blockPos = $from.before(1);
      const blockId = block.attrs.id as string | null;
      if (!blockId) return;
      selectBlock.current(blockId);
      const end = Math.max(from, to);
      if (range.collapsed || end > blockPos + block.nodeSize - 1) return selectRange.current(null);
      const start = editor.state.doc.textBetween(blockPos + 1, $from.pos, "\n", "\n").length;
      const quote = editor.state.doc.textBetween($from.pos, end, "\n", "\n");
      selectRange.current(quote.trim() ? { blockId, start, end: start + quote.length, quote } : null);
    };
    document.addEventListener("selectionchange", onSelectionChange);
    return () => document.removeEventListener("selectionchange", onSelectionChange);
  }, [editor]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    Object.assign((editor.storage as unknown as Record<string, AmendmentMarksState>).amendmentMarks!, marks);
    editor.view.dispatch(editor.state.tr.setMeta(amendmentMarksKey, true).setMeta("addToHistory", false));
  }, [editor, marks]);

  // A version issued while the editor is open renumbers: OP7bis becomes OP8 at once.
  useEffect(() => {
    if (!editor) return;
    const numbering = doc.getMap(NUMBERING_MAP);
    // After the Yjs transaction that changed it, not inside it.
    const renumber = () =>
      queueMicrotask(() => {
        if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(NUMBERING_CHANGED, true).setMeta("addToHistory", false));
      });
    numbering.observe(renumber);
    return () => numbering.unobserve(renumber);
  }, [editor, doc]);

  useEffect(() => {
    if (editor && editor.isEditable !== canWrite) editor.setEditable(canWrite);
  }, [editor, canWrite]);

  if (!editor) return null;
  return (
    <>
      {canWrite ? (
        <Toolbar
          editor={editor}
          canSetStatus={canSetStatus}
          onSetStatus={onSetStatus}
          canResolveOptions={canResolveOptions}
          onResolveOptions={onResolveOptions}
          statusRefusal={statusRefusal ?? null}
          optionsRefusal={optionsRefusal ?? null}
          documentKind={documentKind}
        />
      ) : null}
      <EditorContent editor={editor} />
    </>
  );
}

function Toolbar({
  editor,
  canSetStatus,
  onSetStatus,
  canResolveOptions,
  onResolveOptions,
  statusRefusal,
  optionsRefusal,
  documentKind,
}: {
  editor: NonNullable<ReturnType<typeof useEditor>>;
  canSetStatus: boolean;
  onSetStatus?: (blockId: string, status: BlockStatus) => void;
  canResolveOptions: boolean;
  onResolveOptions?: (blockId: string, option: string) => void;
  statusRefusal: string | null;
  optionsRefusal: { blockId: string; message: string } | null;
  documentKind: string;
}) {
  const id = useId();
  const state = useEditorState({
    editor,
    selector: ({ editor }) => {
      const block = editor ? currentBlock(editor.state) : null;
      return {
        kind: (block?.node.type.name ?? "") as BlockKind | "",
        status: (block?.node.attrs.status ?? "open") as BlockStatus,
        blockId: (block?.node.attrs.id ?? null) as string | null,
        options: (block?.node.attrs.options ?? null) as string | null,
        fields: Object.fromEntries(ACTION_POINT_FIELDS.map((field) => [field, String(block?.node.attrs[field] ?? "")])),
        bold: editor?.isActive("bold") ?? false,
        italic: editor?.isActive("italic") ?? false,
        underline: editor?.isActive("underline") ?? false,
      };
    },
  });
  const kinds = blockKindsFor(documentKind);
  const marks = [
    { name: "bold", label: "Bold", shortcut: "Ctrl+B", glyph: "B" },
    { name: "italic", label: "Italic", shortcut: "Ctrl+I", glyph: "I" },
    { name: "underline", label: "Underline", shortcut: "Ctrl+U", glyph: "U" },
  ] as const;
  return (
    // The controls speak the interface language (English), whatever the direction of the text.
    <div className="toolbar" role="toolbar" aria-label="Formatting" dir="ltr">
      <div className="toolbar__group">
        <label htmlFor={`${id}-kind`} className="toolbar__label">
          Block
        </label>
        <select
          id={`${id}-kind`}
          value={state.kind}
          onChange={(event) => {
            setBlockKind(editor, event.target.value as BlockKind);
            editor.commands.focus();
          }}
        >
          {state.kind && !kinds.includes(state.kind) ? <option value={state.kind}>{BLOCK_LABELS[state.kind]}</option> : null}
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {BLOCK_LABELS[kind]} ({KIND_SHORTCUTS[kind].replace("Mod", "Ctrl")})
            </option>
          ))}
        </select>
      </div>
      <div className="toolbar__group" role="group" aria-label="Text style">
        {marks.map((mark) => (
          <button
            key={mark.name}
            type="button"
            className={`toolbar__button toolbar__button--${mark.name}`}
            aria-pressed={state[mark.name]}
            aria-label={`${mark.label} (${mark.shortcut})`}
            title={`${mark.label} (${mark.shortcut})`}
            onClick={() => editor.chain().focus().toggleMark(mark.name).run()}
          >
            {mark.glyph}
          </button>
        ))}
      </div>
      {canSetStatus ? (
        <div className="toolbar__group">
          <label htmlFor={`${id}-status`} className="toolbar__label">
            Status
          </label>
          {/* The paragraph keeps its status until the server applies the change: a refusal changes nothing. */}
          <select
            id={`${id}-status`}
            value={state.status}
            aria-invalid={statusRefusal ? true : undefined}
            aria-describedby={statusRefusal ? `${id}-status-refusal` : undefined}
            onChange={(event) => {
              const status = event.target.value as BlockStatus;
              const blockId = currentBlock(editor.state)?.node.attrs.id as string | undefined;
              if (onSetStatus && blockId) onSetStatus(blockId, status);
              else setBlockAttributes(editor, { status });
            }}
          >
            {BLOCK_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
          {statusRefusal ? (
            <p id={`${id}-status-refusal`} className="toolbar__refusal" role="alert" data-testid="status-error">
              {statusRefusal}
            </p>
          ) : null}
        </div>
      ) : null}
      {canResolveOptions && onResolveOptions && state.blockId && state.options ? (
        <ResolveOptions
          key={state.blockId}
          blockId={state.blockId}
          stored={state.options}
          onResolve={onResolveOptions}
          refusalId={optionsRefusal?.blockId === state.blockId ? `${id}-options-refusal` : undefined}
        />
      ) : null}
      {/* Under the paragraph it was about, even when its options are gone meanwhile (resolved by someone else). */}
      {optionsRefusal && optionsRefusal.blockId === state.blockId ? (
        <p id={`${id}-options-refusal`} className="toolbar__refusal" role="alert" data-testid="options-error">
          {optionsRefusal.message}
        </p>
      ) : null}
      {state.kind === "actionPoint" ? (
        <div className="toolbar__fields" role="group" aria-label="Action point fields">
          {ACTION_POINT_FIELDS.map((field) => (
            <label key={field} className="toolbar__field">
              <span>{FIELD_LABELS[field]}</span>
              <input
                value={state.fields[field]}
                maxLength={TEXT_LIMITS.actionPointField}
                onChange={(event) => setBlockAttributes(editor, { [field]: event.target.value })}
              />
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** The chair picks the option a paragraph's option set resolves to (the server applies it). */
function ResolveOptions({
  blockId,
  stored,
  onResolve,
  refusalId,
}: {
  blockId: string;
  stored: string;
  onResolve: (blockId: string, option: string) => void;
  /** The refusal of this paragraph's last resolution, shown beside the toolbar group. */
  refusalId?: string;
}) {
  const id = useId();
  const options = parseOptions(stored);
  const [choice, setChoice] = useState(options[0]?.key ?? "A");
  if (options.length === 0) return null;
  return (
    <div className="toolbar__group" role="group" aria-label="Options of this paragraph" data-testid="resolve-options">
      <label htmlFor={`${id}-option`} className="toolbar__label">
        Resolve to
      </label>
      <select
        id={`${id}-option`}
        value={choice}
        onChange={(event) => setChoice(event.target.value)}
        aria-invalid={refusalId ? true : undefined}
        aria-describedby={refusalId}
      >
        {options.map((option) => (
          <option key={option.key} value={option.key}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
      <button type="button" className="button button--small" onClick={() => onResolve(blockId, choice)} aria-describedby={refusalId}>
        Resolve
      </button>
    </div>
  );
}
