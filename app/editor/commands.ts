import type { Editor } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
import { splitBlockAs } from "@tiptap/pm/commands";
import type { Command, EditorState } from "@tiptap/pm/state";
import type { ActionPointField, BlockKind, BlockStatus } from "./blocks";

/** The top-level block around the selection, with its position. */
export function currentBlock(state: EditorState): { node: PmNode; pos: number } | null {
  const { $from } = state.selection;
  if ($from.depth < 1) return null;
  return { node: $from.node(1), pos: $from.before(1) };
}

/** Changes the block's kind and keeps its id and status: the block stays the same block. */
export function setBlockKind(editor: Editor, kind: BlockKind) {
  const block = currentBlock(editor.state);
  const type = editor.schema.nodes[kind];
  if (!block || !type || block.node.type === type) return false;
  const attrs = { id: block.node.attrs.id, status: block.node.attrs.status };
  editor.view.dispatch(editor.state.tr.setNodeMarkup(block.pos, type, attrs));
  return true;
}

export function setBlockAttributes(editor: Editor, attrs: Partial<Record<ActionPointField, string>> | { status: BlockStatus }) {
  const block = currentBlock(editor.state);
  if (!block) return false;
  editor.view.dispatch(editor.state.tr.setNodeMarkup(block.pos, undefined, { ...block.node.attrs, ...attrs }));
  return true;
}

/** Enter continues with a block of the same kind (after the title, a heading), status open. */
export const splitBlockSameKindCommand: Command = (state, dispatch) =>
  splitBlockAs((node) => {
    const type = node.type.name === "title" ? state.schema.nodes.heading! : node.type;
    return { type, attrs: { status: "open" } };
  })(state, dispatch);

export function splitBlockSameKind(editor: Editor) {
  return splitBlockSameKindCommand(editor.state, editor.view.dispatch);
}
