import type { ShouldRevalidateFunction } from "@remix-run/react";

/** Whether an action's answer is a refusal (every form reply carries `error` then). */
export function isRefusal(actionResult: unknown): boolean {
  return typeof actionResult === "object" && actionResult !== null && "error" in actionResult && Boolean(actionResult.error);
}

/**
 * A refusal changes nothing, so nothing is reloaded: the form that was sent stays, with the reason
 * beside its control (a reload could take the control away, e.g. an amendment decided or withdrawn
 * meanwhile, and the reason with it). Live notices still refresh the page.
 */
export const keepPageAfterRefusal: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  isRefusal(actionResult) ? false : defaultShouldRevalidate;
