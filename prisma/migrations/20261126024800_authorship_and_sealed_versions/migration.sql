-- Authorship kept apart from the update log (server/db/authorship.mjs; decision 060).
CREATE TABLE "YAuthorship" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "room" TEXT NOT NULL,
    "upToId" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "YAuthorship_room_id_idx" ON "YAuthorship"("room", "id");

-- Issued versions are sealed (decision 061): a version knows how many blocks it has, and no block
-- can be added to it afterwards. Positions 0..blockCount-1 are all taken when it is issued (the
-- primary key refuses them again), and this trigger refuses any other position. Existing versions
-- get 0, so nothing can be added to them either. ADD COLUMN (not a table rebuild): rebuilding
-- "Version" would drop its immutability triggers. Standard SQL apart from the trigger body, which
-- PostgreSQL writes as a trigger function with the same condition.
ALTER TABLE "Version" ADD COLUMN "blockCount" INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER "VersionBlock_sealed" BEFORE INSERT ON "VersionBlock"
WHEN NEW."position" < 0 OR NEW."position" >= (SELECT "blockCount" FROM "Version" WHERE "id" = NEW."versionId")
BEGIN SELECT RAISE(ABORT, 'Version is immutable'); END;
