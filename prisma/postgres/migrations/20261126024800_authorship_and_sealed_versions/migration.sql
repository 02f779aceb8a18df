-- Authorship kept apart from the update log (server/db/authorship.mjs; decision 060).
CREATE TABLE "YAuthorship" (
    "id" SERIAL NOT NULL,
    "room" TEXT NOT NULL,
    "upToId" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "YAuthorship_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "YAuthorship_room_id_idx" ON "YAuthorship"("room", "id");

-- Issued versions are sealed (decision 061; the SQLite trigger of the same name): no block can be
-- added to an issued version. Positions 0..blockCount-1 are taken at issue (primary key); any
-- other position is refused here. Existing versions get 0.
ALTER TABLE "Version" ADD COLUMN "blockCount" INTEGER NOT NULL DEFAULT 0;
CREATE FUNCTION "plenary_version_sealed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."position" < 0 OR NEW."position" >= (SELECT "blockCount" FROM "Version" WHERE "id" = NEW."versionId") THEN
    RAISE EXCEPTION USING ERRCODE = 'PL001', MESSAGE = 'Version is immutable';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "VersionBlock_sealed" BEFORE INSERT ON "VersionBlock" FOR EACH ROW EXECUTE FUNCTION "plenary_version_sealed"();
