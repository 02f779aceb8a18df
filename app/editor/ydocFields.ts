// The names of the shared types inside a Plenary Y.Doc, for the browser editors and the server
// alike. Renaming one orphans every stored document, so they live here and nowhere else.

/** The Yjs XML fragment that holds the text (base text and draft rooms alike). */
export const YJS_FIELD = "default";

/** The Y.Text of a draft room that holds the amendment's justification. */
export const JUSTIFICATION_FIELD = "justification";

/** The Y.Map of the base text's Y.Doc holding blockId → number in the last issued version. */
export const NUMBERING_MAP = "numbering";
