import { useEffect, useRef } from "react";

/**
 * After a form's answer, when the control that sent it goes with the change (the chair's Accept
 * under an amendment now decided), the browser leaves the focus on the page's start and a keyboard
 * or screen-reader user starts over from the top. This moves it to `target()` instead.
 *
 * The control may go in the answer's own render or in a refresh after it, so the control that held
 * the focus when the answer came is followed until it goes. It is let go as soon as the focus is
 * elsewhere (the person moved on; a live refresh never pulls them back) or another answer comes.
 * Only the answers a page passes (successes that take their control away) are followed; a refusal
 * keeps its control and its reason beside it.
 */
export function useFocusAfterAnswer(answer: object | null | undefined, target: () => HTMLElement | null) {
  const latestTarget = useRef(target);
  latestTarget.current = target;
  const sender = useRef<Element | null>(null);
  const moveFocus = () => {
    const element = latestTarget.current();
    if (!element) return;
    // Not a stop of the tab order: reached by script only, and Tab goes on from here.
    if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
    element.focus();
  };
  const lost = () => !document.activeElement || document.activeElement === document.body;

  useEffect(() => {
    sender.current = null;
    if (!answer) return;
    if (lost()) moveFocus();
    else sender.current = document.activeElement;
  }, [answer]);

  // Every render: has the followed control gone, taking the focus with it?
  useEffect(() => {
    const followed = sender.current;
    if (!followed) return;
    if (followed.isConnected) {
      if (document.activeElement !== followed) sender.current = null;
      return;
    }
    sender.current = null;
    if (lost()) moveFocus();
  });
}
