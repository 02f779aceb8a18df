-- CreateTable
CREATE TABLE "SilenceProcedure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "deadlineId" TEXT NOT NULL,
    "startedById" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'open',
    "endedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SilenceObjection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "silenceId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "SilenceObjection_silenceId_fkey" FOREIGN KEY ("silenceId") REFERENCES "SilenceProcedure" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Adoption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "adoptedAt" DATETIME NOT NULL,
    "meetingDate" TEXT,
    "meetingPlace" TEXT,
    "silenceId" TEXT,
    "recordedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Publication" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "adoptionId" TEXT NOT NULL,
    "processSlug" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "publishedById" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "SilenceProcedure_deadlineId_key" ON "SilenceProcedure"("deadlineId");

-- CreateIndex
CREATE INDEX "SilenceProcedure_documentId_startedAt_idx" ON "SilenceProcedure"("documentId", "startedAt");

-- CreateIndex
CREATE INDEX "SilenceObjection_silenceId_idx" ON "SilenceObjection"("silenceId");

-- CreateIndex
CREATE UNIQUE INDEX "Adoption_versionId_key" ON "Adoption"("versionId");

-- CreateIndex
CREATE INDEX "Adoption_documentId_adoptedAt_idx" ON "Adoption"("documentId", "adoptedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Publication_documentId_key" ON "Publication"("documentId");

-- CreateIndex
CREATE UNIQUE INDEX "Publication_versionId_key" ON "Publication"("versionId");

-- CreateIndex
CREATE UNIQUE INDEX "Publication_adoptionId_key" ON "Publication"("adoptionId");

-- CreateIndex
CREATE UNIQUE INDEX "Publication_processSlug_slug_key" ON "Publication"("processSlug", "slug");


-- Records of adoption, objections and publications are never changed or removed; a silence
-- procedure is frozen once it has an outcome (docs/decisions/032).
CREATE TRIGGER "SilenceObjection_no_update" BEFORE UPDATE ON "SilenceObjection"
BEGIN SELECT RAISE(ABORT, 'Objections are append-only'); END;
CREATE TRIGGER "SilenceObjection_no_delete" BEFORE DELETE ON "SilenceObjection"
BEGIN SELECT RAISE(ABORT, 'Objections are append-only'); END;
CREATE TRIGGER "SilenceProcedure_frozen" BEFORE UPDATE ON "SilenceProcedure" WHEN OLD."outcome" <> 'open'
BEGIN SELECT RAISE(ABORT, 'A concluded silence procedure is immutable'); END;
CREATE TRIGGER "SilenceProcedure_no_delete" BEFORE DELETE ON "SilenceProcedure"
BEGIN SELECT RAISE(ABORT, 'A silence procedure is never deleted'); END;
CREATE TRIGGER "Adoption_no_update" BEFORE UPDATE ON "Adoption"
BEGIN SELECT RAISE(ABORT, 'Adoption records are immutable'); END;
CREATE TRIGGER "Adoption_no_delete" BEFORE DELETE ON "Adoption"
BEGIN SELECT RAISE(ABORT, 'Adoption records are immutable'); END;
CREATE TRIGGER "Publication_no_update" BEFORE UPDATE ON "Publication"
BEGIN SELECT RAISE(ABORT, 'A published text is immutable'); END;
CREATE TRIGGER "Publication_no_delete" BEFORE DELETE ON "Publication"
BEGIN SELECT RAISE(ABORT, 'A published text is immutable'); END;
-- A published document's metadata stays as published (its stage is final).
CREATE TRIGGER "Document_published_frozen" BEFORE UPDATE ON "Document"
WHEN OLD."stage" = 'published' AND (NEW."stage" <> OLD."stage" OR NEW."symbol" <> OLD."symbol" OR NEW."title" <> OLD."title" OR NEW."language" <> OLD."language")
BEGIN SELECT RAISE(ABORT, 'A published text is immutable'); END;
