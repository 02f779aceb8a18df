import { listDocumentBlocks } from "../../../app/editor/documentModel";
export const blocks = listDocumentBlocks;
