-- CreateTable
CREATE TABLE "Deadline" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "firedAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OutboxEmail" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "toEmail" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);

-- Participant: a new column with a default, no table rebuild.
ALTER TABLE "Participant" ADD COLUMN "timeZone" TEXT NOT NULL DEFAULT 'UTC';

-- RedefineTables (Notification: thread and comment become optional for stage notices)
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "threadId" TEXT,
    "commentId" TEXT,
    "text" TEXT NOT NULL,
    "readAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Notification" ("commentId", "createdAt", "documentId", "id", "kind", "readAt", "text", "threadId", "userId") SELECT "commentId", "createdAt", "documentId", "id", "kind", "readAt", "text", "threadId", "userId" FROM "Notification";
DROP TABLE "Notification";
ALTER TABLE "new_Notification" RENAME TO "Notification";
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Deadline_firedAt_cancelledAt_dueAt_idx" ON "Deadline"("firedAt", "cancelledAt", "dueAt");

-- CreateIndex
CREATE INDEX "Deadline_documentId_idx" ON "Deadline"("documentId");

-- CreateIndex
CREATE INDEX "OutboxEmail_sentAt_id_idx" ON "OutboxEmail"("sentAt", "id");

