-- CreateTable
CREATE TABLE "Amendment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "targetBlockId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "tabledAt" DATETIME,
    "withdrawnAt" DATETIME,
    CONSTRAINT "Amendment_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Amendment_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AmendmentRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "amendmentId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "contentJson" TEXT NOT NULL,
    "proposedText" TEXT NOT NULL,
    "baseText" TEXT NOT NULL,
    "baseNumber" TEXT,
    "baseVersion" TEXT NOT NULL DEFAULT 'Zero draft',
    "justification" TEXT NOT NULL,
    "diffJson" TEXT NOT NULL,
    "tabledById" TEXT NOT NULL,
    "tabledAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AmendmentRevision_amendmentId_fkey" FOREIGN KEY ("amendmentId") REFERENCES "Amendment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AmendmentSponsor" (
    "amendmentId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "joinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("amendmentId", "participantId"),
    CONSTRAINT "AmendmentSponsor_amendmentId_fkey" FOREIGN KEY ("amendmentId") REFERENCES "Amendment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AmendmentSponsor_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AmendmentSponsorEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "amendmentId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AmendmentSponsorEvent_amendmentId_fkey" FOREIGN KEY ("amendmentId") REFERENCES "Amendment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AmendmentSponsorEvent_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Position" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "amendmentId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "stance" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Position_amendmentId_fkey" FOREIGN KEY ("amendmentId") REFERENCES "Amendment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Position_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Amendment_documentId_status_idx" ON "Amendment"("documentId", "status");

-- CreateIndex
CREATE INDEX "Amendment_participantId_idx" ON "Amendment"("participantId");

-- CreateIndex
CREATE UNIQUE INDEX "AmendmentRevision_amendmentId_number_key" ON "AmendmentRevision"("amendmentId", "number");

-- CreateIndex
CREATE INDEX "AmendmentSponsorEvent_amendmentId_id_idx" ON "AmendmentSponsorEvent"("amendmentId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Position_amendmentId_participantId_key" ON "Position"("amendmentId", "participantId");

