-- CreateTable
CREATE TABLE "Version" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "yState" BLOB NOT NULL,
    "contentJson" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "numberMap" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "issuedById" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Version_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VersionBlock" (
    "versionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "blockId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT,
    "status" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "json" TEXT NOT NULL,

    PRIMARY KEY ("versionId", "position"),
    CONSTRAINT "VersionBlock_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "Version" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AmendmentFate" (
    "versionId" TEXT NOT NULL,
    "amendmentId" TEXT NOT NULL,
    "fate" TEXT NOT NULL,
    "decisionId" TEXT,
    "outdated" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("versionId", "amendmentId"),
    CONSTRAINT "AmendmentFate_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "Version" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AmendmentFate_amendmentId_fkey" FOREIGN KEY ("amendmentId") REFERENCES "Amendment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Version_documentId_sequence_key" ON "Version"("documentId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "Version_documentId_label_key" ON "Version"("documentId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "VersionBlock_versionId_blockId_key" ON "VersionBlock"("versionId", "blockId");

-- CreateIndex
CREATE INDEX "AmendmentFate_amendmentId_idx" ON "AmendmentFate"("amendmentId");

-- Versions are immutable (docs/decisions/027): nothing may change or delete an issued version,
-- its blocks or the fates it records, whatever client writes to the database.
CREATE TRIGGER "Version_no_update" BEFORE UPDATE ON "Version"
BEGIN SELECT RAISE(ABORT, 'Version is immutable'); END;
CREATE TRIGGER "Version_no_delete" BEFORE DELETE ON "Version"
BEGIN SELECT RAISE(ABORT, 'Version is immutable'); END;
CREATE TRIGGER "VersionBlock_no_update" BEFORE UPDATE ON "VersionBlock"
BEGIN SELECT RAISE(ABORT, 'Version is immutable'); END;
CREATE TRIGGER "VersionBlock_no_delete" BEFORE DELETE ON "VersionBlock"
BEGIN SELECT RAISE(ABORT, 'Version is immutable'); END;
CREATE TRIGGER "AmendmentFate_no_update" BEFORE UPDATE ON "AmendmentFate"
BEGIN SELECT RAISE(ABORT, 'Version is immutable'); END;
CREATE TRIGGER "AmendmentFate_no_delete" BEFORE DELETE ON "AmendmentFate"
BEGIN SELECT RAISE(ABORT, 'Version is immutable'); END;
