-- Schema 7: a letter whose text the officer changed before printing keeps the changed text
-- with its print record (issue 19); empty = printed as the template says.
ALTER TABLE "printed_document" ADD COLUMN "edited_body" TEXT NOT NULL DEFAULT '';
