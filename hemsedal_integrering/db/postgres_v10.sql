-- Schema 10 on the server (issue 14's schema_v10.sql): person.permit_date, intro_programme.lives_with_parents.
-- Statements end with ';;'.
ALTER TABLE "person" ADD COLUMN "permit_date" DATE;;
ALTER TABLE "intro_programme" ADD COLUMN "lives_with_parents" BOOLEAN;;
