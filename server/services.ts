import * as domain from "./domain";
import type { DomainContext } from "./domain/kernel/context";
import * as queries from "./queries";

const operations = { ...domain, ...queries };
type Operations = typeof operations;

/** A domain function with its context already supplied. */
type Bound<F> = F extends (ctx: DomainContext, ...args: infer Args) => infer Result ? (...args: Args) => Result : never;

export type Services = { [Name in keyof Operations]: Bound<Operations[Name]> };

/** Binds every domain command and page query to one context, once, in the composition root. */
export function bindServices(ctx: DomainContext): Services {
  const entries = Object.entries(operations).map(([name, fn]) => [
    name,
    (...args: unknown[]) => (fn as (ctx: DomainContext, ...rest: unknown[]) => unknown)(ctx, ...args),
  ]);
  return Object.fromEntries(entries) as Services;
}
