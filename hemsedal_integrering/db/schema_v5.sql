-- Schema 5: the integration grant as IMDi structures it (issue 19). Rates for grant
-- years 2-5 are one per year (category 'general'), not one per category: existing
-- per-category rates for years 2-5 become the general rate (the highest, if they
-- differed: check the table against IMDi's circular). Unaccompanied minor is a
-- status fixed at settlement (person.unaccompanied_minor); grants applied for per
-- person (disability/behaviour) are amounts in person_grant.
INSERT OR IGNORE INTO "grant_rate" ("created_at", "year", "category", "grant_year", "amount") SELECT MIN("created_at"), "year", 'general', "grant_year", MAX("amount") FROM "grant_rate" WHERE "grant_year" >= 2 GROUP BY "year", "grant_year";
DELETE FROM "grant_rate" WHERE "grant_year" >= 2 AND "category" <> 'general';
ALTER TABLE "person" ADD COLUMN "unaccompanied_minor" INTEGER NOT NULL DEFAULT 0;
CREATE TABLE "person_grant" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "person_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "year" INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100), "amount" INTEGER NOT NULL CHECK (amount >= 0), "note" TEXT NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE);
CREATE INDEX "person_grant_person_id" ON "person_grant" ("person_id");
CREATE UNIQUE INDEX "person_grant_person_id_kind_year" ON "person_grant" ("person_id", "kind", "year");
