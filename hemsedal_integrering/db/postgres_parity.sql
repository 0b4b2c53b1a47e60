-- What the SQLite schema enforces beyond the models, on the server too (issue 17): CHECK constraints and
-- column defaults, as in schema_v1.sql … schema_v9.sql. Safe to run again. Statements end with ';;'.
-- COLLATE NOCASE (the pickers' sort order): case-insensitive through ICU; a server built without ICU sorts
-- by "C" instead of failing.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'nocase') THEN
    BEGIN
      CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
    EXCEPTION WHEN OTHERS THEN
      CREATE COLLATION nocase FROM "C";
    END;
  END IF;
END $$;;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'absence_hours_check') THEN ALTER TABLE "absence" ADD CONSTRAINT "absence_hours_check" CHECK (hours IS NULL OR (hours > 0 AND hours <= 24)); END IF; END $$;;
ALTER TABLE "absence" ALTER COLUMN "row_version" SET DEFAULT 1;;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'base_amount_amount_check') THEN ALTER TABLE "base_amount" ADD CONSTRAINT "base_amount_amount_check" CHECK (amount > 0); END IF; END $$;;
ALTER TABLE "checklist_template_item" ALTER COLUMN "row_version" SET DEFAULT 1;;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'competence_mapping_education_years_check') THEN ALTER TABLE "competence_mapping" ADD CONSTRAINT "competence_mapping_education_years_check" CHECK (education_years IS NULL OR education_years BETWEEN 0 AND 40); END IF; END $$;;
ALTER TABLE "competence_mapping" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "follow_up_item" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "follow_up_template_item" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "grant_rate" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "household" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "housing_unit" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "inspection" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "inspection_point" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "integration_plan" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "intro_programme" ALTER COLUMN "result" SET DEFAULT '';;
ALTER TABLE "intro_programme" ALTER COLUMN "sole_carer" SET DEFAULT false;;
ALTER TABLE "intro_programme" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "landlord" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "language_test" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "lease" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "municipality" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "other_letting" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "person" ALTER COLUMN "search_text" SET DEFAULT '';;
ALTER TABLE "person" ALTER COLUMN "unaccompanied_minor" SET DEFAULT false;;
ALTER TABLE "person" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "person_grant" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "placement" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "placement_evaluation" ALTER COLUMN "row_version" SET DEFAULT 1;;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'plan_measure_end_date_check') THEN ALTER TABLE "plan_measure" ADD CONSTRAINT "plan_measure_end_date_check" CHECK (end_date >= start_date); END IF; END $$;;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'plan_measure_hours_per_week_check') THEN ALTER TABLE "plan_measure" ADD CONSTRAINT "plan_measure_hours_per_week_check" CHECK (hours_per_week > 0); END IF; END $$;;
ALTER TABLE "plan_measure" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "printed_document" ALTER COLUMN "edited_body" SET DEFAULT '';;
ALTER TABLE "printed_document" ALTER COLUMN "row_version" SET DEFAULT 1;;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'programme_period_end_date_check') THEN ALTER TABLE "programme_period" ADD CONSTRAINT "programme_period_end_date_check" CHECK (end_date IS NULL OR end_date >= start_date); END IF; END $$;;
ALTER TABLE "programme_period" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "status_period" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "tenancy" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "user" ALTER COLUMN "must_change_password" SET DEFAULT false;;
ALTER TABLE "user" ALTER COLUMN "last_area" SET DEFAULT '';;
ALTER TABLE "user" ALTER COLUMN "row_version" SET DEFAULT 1;;
ALTER TABLE "workplace" ALTER COLUMN "row_version" SET DEFAULT 1;;
