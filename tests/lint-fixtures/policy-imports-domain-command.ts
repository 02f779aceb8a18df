import { getDocument } from "../../domain/documents/getDocument";
export const load = getDocument;
