import { useEffect, useRef } from "react";
import type * as Y from "yjs";

/**
 * Binds a <textarea> to a Y.Text so a delegation co-edits it live. Local input becomes the
 * smallest delete + insert; remote changes keep the local caret where it was in the text.
 */
export function useSharedTextarea(text: Y.Text | null, editable: boolean) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const textarea = ref.current;
    if (!textarea || !text) return;
    textarea.value = text.toString();
    const origin = {};

    const onInput = () => {
      const before = text.toString();
      const after = textarea.value;
      let start = 0;
      while (start < before.length && start < after.length && before[start] === after[start]) start++;
      let endBefore = before.length;
      let endAfter = after.length;
      while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
        endBefore--;
        endAfter--;
      }
      text.doc?.transact(() => {
        if (endBefore > start) text.delete(start, endBefore - start);
        if (endAfter > start) text.insert(start, after.slice(start, endAfter));
      }, origin);
    };

    const onRemote = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === origin) return;
      let { selectionStart, selectionEnd } = textarea;
      let index = 0;
      for (const op of event.delta) {
        if (op.retain) index += op.retain;
        else if (typeof op.insert === "string") {
          if (index < selectionStart) selectionStart += op.insert.length;
          if (index < selectionEnd) selectionEnd += op.insert.length;
          index += op.insert.length;
        } else if (op.delete) {
          if (index < selectionStart) selectionStart -= Math.min(op.delete, selectionStart - index);
          if (index < selectionEnd) selectionEnd -= Math.min(op.delete, selectionEnd - index);
        }
      }
      textarea.value = text.toString();
      if (document.activeElement === textarea) textarea.setSelectionRange(selectionStart, selectionEnd);
    };

    textarea.addEventListener("input", onInput);
    text.observe(onRemote);
    return () => {
      textarea.removeEventListener("input", onInput);
      text.unobserve(onRemote);
    };
  }, [text]);
  useEffect(() => {
    if (ref.current) ref.current.readOnly = !editable;
  }, [editable]);
  return ref;
}
