import type { ThreadView } from "../../server/queries/listThreads";
export type View = ThreadView;
