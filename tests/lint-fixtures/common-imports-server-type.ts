import type { Actor } from "../server/policies";
export type Who = Actor;
