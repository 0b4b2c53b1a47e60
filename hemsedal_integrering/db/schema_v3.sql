-- Schema 3: the introduction programme under integreringsloven (issue 14): competence
-- mapping, integration plan with measures and revisions, programme periods (leave, stop,
-- extension), absence per day, Norwegian/social studies test results and the grunnbeløp
-- table. Only new tables, plus four new columns on intro_programme.
ALTER TABLE "intro_programme" ADD COLUMN "request_date" DATE;
ALTER TABLE "intro_programme" ADD COLUMN "decision_date" DATE;
ALTER TABLE "intro_programme" ADD COLUMN "result" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "intro_programme" ADD COLUMN "sole_carer" INTEGER NOT NULL DEFAULT 0;
CREATE TABLE "competence_mapping" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "person_id" INTEGER NOT NULL, "mapped_on" DATE NOT NULL, "mapped_by" VARCHAR(255) NOT NULL, "education_years" INTEGER CHECK (education_years IS NULL OR education_years BETWEEN 0 AND 40), "highest_education" VARCHAR(255) NOT NULL, "education_country" VARCHAR(255) NOT NULL, "education_documents" TEXT NOT NULL, "work_experience" TEXT NOT NULL, "languages" TEXT NOT NULL, "driving_licence" VARCHAR(255) NOT NULL, "digital_skills" VARCHAR(255) NOT NULL, "health_limits" TEXT NOT NULL, "goals" TEXT NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE);
CREATE UNIQUE INDEX "competence_mapping_person_id" ON "competence_mapping" ("person_id");
CREATE TABLE "integration_plan" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "programme_id" INTEGER NOT NULL, "end_goal" VARCHAR(255) NOT NULL, "has_upper_secondary" INTEGER NOT NULL, "self_study" INTEGER NOT NULL, "revision" INTEGER NOT NULL, "signed_on" DATE, FOREIGN KEY ("programme_id") REFERENCES "intro_programme" ("id") ON DELETE CASCADE);
CREATE UNIQUE INDEX "integration_plan_programme_id" ON "integration_plan" ("programme_id");
CREATE TABLE "plan_measure" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "plan_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "title" VARCHAR(255) NOT NULL, "start_date" DATE NOT NULL, "end_date" DATE NOT NULL CHECK (end_date >= start_date), "hours_per_week" DECIMAL(5, 1) NOT NULL CHECK (hours_per_week > 0), "placement_id" INTEGER, FOREIGN KEY ("plan_id") REFERENCES "integration_plan" ("id") ON DELETE CASCADE, FOREIGN KEY ("placement_id") REFERENCES "placement" ("id") ON DELETE SET NULL);
CREATE INDEX "plan_measure_plan_id" ON "plan_measure" ("plan_id");
CREATE INDEX "plan_measure_placement_id" ON "plan_measure" ("placement_id");
CREATE TABLE "plan_revision" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "plan_id" INTEGER NOT NULL, "revision" INTEGER NOT NULL, "revised_on" DATE NOT NULL, "reason" TEXT NOT NULL, "user_id" INTEGER, FOREIGN KEY ("plan_id") REFERENCES "integration_plan" ("id") ON DELETE CASCADE, FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE SET NULL);
CREATE INDEX "plan_revision_plan_id" ON "plan_revision" ("plan_id");
CREATE INDEX "plan_revision_user_id" ON "plan_revision" ("user_id");
CREATE TABLE "programme_period" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "programme_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "start_date" DATE NOT NULL, "end_date" DATE CHECK (end_date IS NULL OR end_date >= start_date), "reason" TEXT NOT NULL, FOREIGN KEY ("programme_id") REFERENCES "intro_programme" ("id") ON DELETE CASCADE);
CREATE INDEX "programme_period_programme_id" ON "programme_period" ("programme_id");
CREATE TABLE "absence" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "programme_id" INTEGER NOT NULL, "day" DATE NOT NULL, "hours" DECIMAL(4, 1) CHECK (hours IS NULL OR (hours > 0 AND hours <= 24)), "kind" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY ("programme_id") REFERENCES "intro_programme" ("id") ON DELETE CASCADE);
CREATE INDEX "absence_programme_id" ON "absence" ("programme_id");
CREATE INDEX "absence_day" ON "absence" ("day");
CREATE UNIQUE INDEX "absence_programme_id_day" ON "absence" ("programme_id", "day");
CREATE TABLE "language_test" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "person_id" INTEGER NOT NULL, "test_date" DATE NOT NULL, "subject" VARCHAR(255) NOT NULL, "skill" VARCHAR(255) NOT NULL, "level" VARCHAR(255) NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE);
CREATE INDEX "language_test_person_id" ON "language_test" ("person_id");
CREATE TABLE "base_amount" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "valid_from" DATE NOT NULL, "amount" DECIMAL(12, 2) NOT NULL CHECK (amount > 0));
CREATE UNIQUE INDEX "base_amount_valid_from" ON "base_amount" ("valid_from");
