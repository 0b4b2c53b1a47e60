-- Schema 4: a municipal unit let to others than refugees (e.g. municipal employees) for a
-- period. A unit on a day is then let to a refugee household (a tenancy covers the day), let
-- to others (an other_letting covers it) or vacant; the housing report and the overview
-- count the three states (issue 15: the action plan's 11 units in March 2025 were 6 let to
-- refugees and 5 let to others, not 5 vacant).
CREATE TABLE "other_letting" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "unit_id" INTEGER NOT NULL, "start_date" DATE NOT NULL, "end_date" DATE CHECK (end_date IS NULL OR end_date >= start_date), "tenant_group" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY ("unit_id") REFERENCES "housing_unit" ("id") ON DELETE RESTRICT);
CREATE INDEX "other_letting_unit_id" ON "other_letting" ("unit_id");
