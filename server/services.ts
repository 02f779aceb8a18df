import * as domain from "./domain";
import type { DomainContext } from "./domain/context";

type DomainModule = typeof domain;

/** A domain function with its context already supplied. */
type Bound<F> = F extends (ctx: DomainContext, ...args: infer Args) => infer Result ? (...args: Args) => Result : never;

export type Services = { [Name in keyof DomainModule]: Bound<DomainModule[Name]> };

/** Binds every domain command and query to one context, once, in the composition root. */
export function bindServices(ctx: DomainContext): Services {
  const entries = Object.entries(domain).map(([name, fn]) => [
    name,
    (...args: unknown[]) => (fn as (ctx: DomainContext, ...rest: unknown[]) => unknown)(ctx, ...args),
  ]);
  return Object.fromEntries(entries) as Services;
}
