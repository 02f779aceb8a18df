-- Diffs against the current target text, computed once per text when it changes (issue 9).
-- CreateTable
CREATE TABLE "AmendmentCurrentDiff" (
    "revisionId" TEXT NOT NULL,
    "baseTextHash" TEXT NOT NULL,
    "diffJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("revisionId", "baseTextHash"),
    CONSTRAINT "AmendmentCurrentDiff_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "AmendmentRevision" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
