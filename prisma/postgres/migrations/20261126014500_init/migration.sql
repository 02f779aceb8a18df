-- The whole schema as of the SQLite migrations up to 20261125233500 (docs/decisions/051),
-- generated with `prisma migrate diff --from-empty --to-schema-datamodel prisma/postgres/schema.prisma`,
-- then the Postgres equivalents of the SQLite triggers at the end.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Process" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Process_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Participant" (
    "id" TEXT NOT NULL,
    "processId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "colour" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "delegationRole" TEXT,
    "office" TEXT,
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "processId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'drafting',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "processId" TEXT NOT NULL,
    "actorUserId" TEXT,
    "actorName" TEXT NOT NULL,
    "participantId" TEXT,
    "participantName" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "YUpdate" (
    "id" SERIAL NOT NULL,
    "room" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'update',
    "data" BYTEA NOT NULL,
    "userId" TEXT,
    "participantId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "YUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Amendment" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "targetBlockId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "tabledAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "decisionId" TEXT,

    CONSTRAINT "Amendment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AmendmentRevision" (
    "id" TEXT NOT NULL,
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
    "tabledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AmendmentRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AmendmentCurrentDiff" (
    "revisionId" TEXT NOT NULL,
    "baseTextHash" TEXT NOT NULL,
    "diffJson" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AmendmentCurrentDiff_pkey" PRIMARY KEY ("revisionId","baseTextHash")
);

-- CreateTable
CREATE TABLE "AmendmentSponsor" (
    "amendmentId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AmendmentSponsor_pkey" PRIMARY KEY ("amendmentId","participantId")
);

-- CreateTable
CREATE TABLE "AmendmentSponsorEvent" (
    "id" SERIAL NOT NULL,
    "amendmentId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AmendmentSponsorEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Position" (
    "id" TEXT NOT NULL,
    "amendmentId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "stance" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Position_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommentThread" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "blockId" TEXT NOT NULL,
    "anchorStart" TEXT,
    "anchorEnd" TEXT,
    "quote" TEXT NOT NULL DEFAULT '',
    "visibility" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "amendmentId" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CommentThread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "authorRole" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "editedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommentEdit" (
    "id" SERIAL NOT NULL,
    "commentId" TEXT NOT NULL,
    "previousBody" TEXT NOT NULL,
    "editedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommentEdit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "amendmentId" TEXT,
    "threadId" TEXT,
    "commentId" TEXT,
    "text" TEXT NOT NULL,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deadline" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "firedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Deadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEmail" (
    "id" SERIAL NOT NULL,
    "toEmail" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Version" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "yState" BYTEA NOT NULL,
    "contentJson" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "numberMap" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "issuedById" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Version_pkey" PRIMARY KEY ("id")
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

    CONSTRAINT "VersionBlock_pkey" PRIMARY KEY ("versionId","position")
);

-- CreateTable
CREATE TABLE "AmendmentFate" (
    "versionId" TEXT NOT NULL,
    "amendmentId" TEXT NOT NULL,
    "fate" TEXT NOT NULL,
    "decisionId" TEXT,
    "outdated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AmendmentFate_pkey" PRIMARY KEY ("versionId","amendmentId")
);

-- CreateTable
CREATE TABLE "AmendmentDecision" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "wording" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "resultingBlockIds" TEXT NOT NULL DEFAULT '[]',
    "effects" TEXT NOT NULL DEFAULT '[]',
    "amendmentIds" TEXT NOT NULL DEFAULT '[]',
    "bulkId" TEXT,
    "decidedById" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reopenedAt" TIMESTAMP(3),
    "reopenedById" TEXT,

    CONSTRAINT "AmendmentDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SilenceProcedure" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "deadlineId" TEXT NOT NULL,
    "startedById" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'open',
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "SilenceProcedure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SilenceObjection" (
    "id" TEXT NOT NULL,
    "silenceId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SilenceObjection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Adoption" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "adoptedAt" TIMESTAMP(3) NOT NULL,
    "meetingDate" TEXT,
    "meetingPlace" TEXT,
    "silenceId" TEXT,
    "recordedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Adoption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Publication" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "adoptionId" TEXT NOT NULL,
    "processSlug" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "publishedById" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Publication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Process_slug_key" ON "Process"("slug");

-- CreateIndex
CREATE INDEX "Participant_processId_kind_idx" ON "Participant"("processId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_processId_name_key" ON "Participant"("processId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_processId_code_key" ON "Participant"("processId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_participantId_idx" ON "User"("participantId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Document_processId_idx" ON "Document"("processId");

-- CreateIndex
CREATE UNIQUE INDEX "Document_processId_symbol_key" ON "Document"("processId", "symbol");

-- CreateIndex
CREATE INDEX "AuditEntry_processId_id_idx" ON "AuditEntry"("processId", "id");

-- CreateIndex
CREATE INDEX "YUpdate_room_id_idx" ON "YUpdate"("room", "id");

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

-- CreateIndex
CREATE INDEX "CommentThread_documentId_blockId_idx" ON "CommentThread"("documentId", "blockId");

-- CreateIndex
CREATE INDEX "Comment_threadId_createdAt_idx" ON "Comment"("threadId", "createdAt");

-- CreateIndex
CREATE INDEX "CommentEdit_commentId_id_idx" ON "CommentEdit"("commentId", "id");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- CreateIndex
CREATE INDEX "Deadline_firedAt_cancelledAt_dueAt_idx" ON "Deadline"("firedAt", "cancelledAt", "dueAt");

-- CreateIndex
CREATE INDEX "Deadline_documentId_idx" ON "Deadline"("documentId");

-- CreateIndex
CREATE INDEX "OutboxEmail_sentAt_id_idx" ON "OutboxEmail"("sentAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Version_documentId_sequence_key" ON "Version"("documentId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "Version_documentId_label_key" ON "Version"("documentId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "VersionBlock_versionId_blockId_key" ON "VersionBlock"("versionId", "blockId");

-- CreateIndex
CREATE INDEX "AmendmentFate_amendmentId_idx" ON "AmendmentFate"("amendmentId");

-- CreateIndex
CREATE INDEX "AmendmentDecision_documentId_decidedAt_idx" ON "AmendmentDecision"("documentId", "decidedAt");

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

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_processId_fkey" FOREIGN KEY ("processId") REFERENCES "Process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_processId_fkey" FOREIGN KEY ("processId") REFERENCES "Process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_processId_fkey" FOREIGN KEY ("processId") REFERENCES "Process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Amendment" ADD CONSTRAINT "Amendment_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Amendment" ADD CONSTRAINT "Amendment_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmendmentRevision" ADD CONSTRAINT "AmendmentRevision_amendmentId_fkey" FOREIGN KEY ("amendmentId") REFERENCES "Amendment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmendmentCurrentDiff" ADD CONSTRAINT "AmendmentCurrentDiff_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "AmendmentRevision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmendmentSponsor" ADD CONSTRAINT "AmendmentSponsor_amendmentId_fkey" FOREIGN KEY ("amendmentId") REFERENCES "Amendment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmendmentSponsor" ADD CONSTRAINT "AmendmentSponsor_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmendmentSponsorEvent" ADD CONSTRAINT "AmendmentSponsorEvent_amendmentId_fkey" FOREIGN KEY ("amendmentId") REFERENCES "Amendment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmendmentSponsorEvent" ADD CONSTRAINT "AmendmentSponsorEvent_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Position" ADD CONSTRAINT "Position_amendmentId_fkey" FOREIGN KEY ("amendmentId") REFERENCES "Amendment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Position" ADD CONSTRAINT "Position_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommentThread" ADD CONSTRAINT "CommentThread_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommentThread" ADD CONSTRAINT "CommentThread_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "CommentThread"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommentEdit" ADD CONSTRAINT "CommentEdit_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Version" ADD CONSTRAINT "Version_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VersionBlock" ADD CONSTRAINT "VersionBlock_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "Version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmendmentFate" ADD CONSTRAINT "AmendmentFate_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "Version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmendmentFate" ADD CONSTRAINT "AmendmentFate_amendmentId_fkey" FOREIGN KEY ("amendmentId") REFERENCES "Amendment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SilenceObjection" ADD CONSTRAINT "SilenceObjection_silenceId_fkey" FOREIGN KEY ("silenceId") REFERENCES "SilenceProcedure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Rows that are records stay as written (the SQLite triggers of 20261124000000_init,
-- 20261125224228_versions and 20261125233500_silence_adoption_publication). The message is the
-- trigger's argument and the same words as SQLite's; SQLSTATE 'PL001' marks these refusals so
-- they map to one domain error (server/db/errors.ts, docs/decisions/053).
CREATE FUNCTION "plenary_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'PL001', MESSAGE = TG_ARGV[0];
END;
$$;

CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('AuditEntry is append-only');
CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('AuditEntry is append-only');
CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry" FOR EACH STATEMENT EXECUTE FUNCTION "plenary_refuse_change"('AuditEntry is append-only');
CREATE TRIGGER "Version_no_update" BEFORE UPDATE ON "Version" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('Version is immutable');
CREATE TRIGGER "Version_no_delete" BEFORE DELETE ON "Version" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('Version is immutable');
CREATE TRIGGER "Version_no_truncate" BEFORE TRUNCATE ON "Version" FOR EACH STATEMENT EXECUTE FUNCTION "plenary_refuse_change"('Version is immutable');
CREATE TRIGGER "VersionBlock_no_update" BEFORE UPDATE ON "VersionBlock" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('Version is immutable');
CREATE TRIGGER "VersionBlock_no_delete" BEFORE DELETE ON "VersionBlock" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('Version is immutable');
CREATE TRIGGER "VersionBlock_no_truncate" BEFORE TRUNCATE ON "VersionBlock" FOR EACH STATEMENT EXECUTE FUNCTION "plenary_refuse_change"('Version is immutable');
CREATE TRIGGER "AmendmentFate_no_update" BEFORE UPDATE ON "AmendmentFate" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('Version is immutable');
CREATE TRIGGER "AmendmentFate_no_delete" BEFORE DELETE ON "AmendmentFate" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('Version is immutable');
CREATE TRIGGER "AmendmentFate_no_truncate" BEFORE TRUNCATE ON "AmendmentFate" FOR EACH STATEMENT EXECUTE FUNCTION "plenary_refuse_change"('Version is immutable');
CREATE TRIGGER "SilenceObjection_no_update" BEFORE UPDATE ON "SilenceObjection" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('Objections are append-only');
CREATE TRIGGER "SilenceObjection_no_delete" BEFORE DELETE ON "SilenceObjection" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('Objections are append-only');
CREATE TRIGGER "SilenceObjection_no_truncate" BEFORE TRUNCATE ON "SilenceObjection" FOR EACH STATEMENT EXECUTE FUNCTION "plenary_refuse_change"('Objections are append-only');
CREATE TRIGGER "SilenceProcedure_frozen" BEFORE UPDATE ON "SilenceProcedure" FOR EACH ROW WHEN (OLD."outcome" <> 'open') EXECUTE FUNCTION "plenary_refuse_change"('A concluded silence procedure is immutable');
CREATE TRIGGER "SilenceProcedure_no_delete" BEFORE DELETE ON "SilenceProcedure" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('A silence procedure is never deleted');
CREATE TRIGGER "SilenceProcedure_no_truncate" BEFORE TRUNCATE ON "SilenceProcedure" FOR EACH STATEMENT EXECUTE FUNCTION "plenary_refuse_change"('A silence procedure is never deleted');
CREATE TRIGGER "Adoption_no_update" BEFORE UPDATE ON "Adoption" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('Adoption records are immutable');
CREATE TRIGGER "Adoption_no_delete" BEFORE DELETE ON "Adoption" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('Adoption records are immutable');
CREATE TRIGGER "Adoption_no_truncate" BEFORE TRUNCATE ON "Adoption" FOR EACH STATEMENT EXECUTE FUNCTION "plenary_refuse_change"('Adoption records are immutable');
CREATE TRIGGER "Publication_no_update" BEFORE UPDATE ON "Publication" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('A published text is immutable');
CREATE TRIGGER "Publication_no_delete" BEFORE DELETE ON "Publication" FOR EACH ROW EXECUTE FUNCTION "plenary_refuse_change"('A published text is immutable');
CREATE TRIGGER "Publication_no_truncate" BEFORE TRUNCATE ON "Publication" FOR EACH STATEMENT EXECUTE FUNCTION "plenary_refuse_change"('A published text is immutable');
-- A published document's metadata stays as published (its stage is final).
CREATE TRIGGER "Document_published_frozen" BEFORE UPDATE ON "Document" FOR EACH ROW
WHEN (OLD."stage" = 'published' AND (NEW."stage" IS DISTINCT FROM OLD."stage" OR NEW."symbol" IS DISTINCT FROM OLD."symbol" OR NEW."title" IS DISTINCT FROM OLD."title" OR NEW."language" IS DISTINCT FROM OLD."language"))
EXECUTE FUNCTION "plenary_refuse_change"('A published text is immutable');
