-- AlterTable
ALTER TABLE "Amendment" ADD COLUMN "decisionId" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "amendmentId" TEXT;

-- CreateTable
CREATE TABLE "AmendmentDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "wording" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "resultingBlockIds" TEXT NOT NULL DEFAULT '[]',
    "effects" TEXT NOT NULL DEFAULT '[]',
    "amendmentIds" TEXT NOT NULL DEFAULT '[]',
    "bulkId" TEXT,
    "decidedById" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reopenedAt" DATETIME,
    "reopenedById" TEXT
);

-- CreateIndex
CREATE INDEX "AmendmentDecision_documentId_decidedAt_idx" ON "AmendmentDecision"("documentId", "decidedAt");

