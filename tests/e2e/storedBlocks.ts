import Database from "better-sqlite3";
import * as Y from "yjs";
import { listDocumentBlocks, type BlockSummary } from "../../app/editor/documentModel";
import { documentRoom } from "../../common/collab";

/** A document's stored base text, read the way the server reads its update log. */
export function storedBlocks(databaseUrl: string, documentId: string): BlockSummary[] {
  const raw = new Database(databaseUrl.replace(/^file:/, ""), { readonly: true });
  try {
    const rows = raw.prepare(`SELECT "data" FROM "YUpdate" WHERE "room" = ? ORDER BY "id"`).all(documentRoom(documentId)) as {
      data: Buffer;
    }[];
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, row.data);
    return listDocumentBlocks(doc);
  } finally {
    raw.close();
  }
}
