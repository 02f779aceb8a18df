import type { LiveDocuments } from "../../server/yjs/liveDocuments";
export type Live = LiveDocuments;
