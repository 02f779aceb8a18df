import { useActionData, useLocation } from "@remix-run/react";
import { useRef } from "react";

type Reply<T> = NonNullable<ReturnType<typeof useActionData<T>>>;

/**
 * The answer to the page's last form, kept until the person goes to another page (or sends another
 * form). `useActionData` forgets it at any reload of the page's data, and a page with live refresh
 * (useLiveRevalidation) reloads whenever someone else changes the document: the chair's "Decision
 * recorded" vanished at the next notice of a pen-holder's typing, and a refusal with it.
 */
export function useActionReply<T>(): Reply<T> | undefined {
  const answer = useActionData<T>();
  const { key } = useLocation();
  const kept = useRef<{ key: string; answer: Reply<T> } | null>(null);
  // A form's answer arrives with the location its submission made; a live reload keeps that location.
  if (answer != null) kept.current = { key, answer };
  else if (kept.current?.key !== key) kept.current = null;
  return answer ?? kept.current?.answer;
}
