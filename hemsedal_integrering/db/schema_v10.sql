-- Schema 10 (issue 14): two facts the introduction programme's rules need.
-- person.permit_date: the date the residence permit was granted; integreringsloven § 8 first ledd judges
-- the age for the programme on that date (IMDi, juridisk veileder kap. 4). NULL = not registered: the
-- settlement date is used and the program says so.
-- intro_programme.lives_with_parents: under 25 living with one or both parents gets a third of the
-- benefit, otherwise two thirds (§ 20; IMDi, "Introduksjonsstønad"). NULL = not registered.
ALTER TABLE "person" ADD COLUMN "permit_date" DATE;
ALTER TABLE "intro_programme" ADD COLUMN "lives_with_parents" INTEGER
