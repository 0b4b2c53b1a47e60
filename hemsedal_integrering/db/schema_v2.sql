-- Schema 2: person.search_text, the text search-as-you-type scans (one LIKE over one
-- column instead of five LIKEs and two subqueries per person: the first letter of a
-- search over 100,000 persons took 50-90 ms). Fields are joined by char(31), which
-- Python's str.split() treats as white space, so a search term never spans two fields
-- and "term LIKE search_text" finds exactly the persons one of the fields finds.
-- Triggers keep it in step with person, household, tenancy and housing_unit; no
-- program code writes it.
ALTER TABLE "person" ADD COLUMN "search_text" TEXT NOT NULL DEFAULT '';
CREATE VIEW "person_search_source" AS SELECT p.id AS id,
  p.first_name || char(31) || p.last_name || char(31) || COALESCE(p.national_id, '') || char(31)
  || COALESCE(p.duf_number, '') || char(31) || p.phone || char(31)
  || hh.name || char(31) || hh.address_note || char(31) || hh.contact_phone || char(31)
  || COALESCE((SELECT group_concat(u.address || ' ' || u.postal_code || ' ' || u.place, char(31))
               FROM tenancy t JOIN housing_unit u ON u.id = t.unit_id
               WHERE t.household_id = p.household_id AND t.end_date IS NULL), '') AS text
  FROM person p JOIN household hh ON hh.id = p.household_id;
UPDATE "person" SET search_text = (SELECT s.text FROM person_search_source s WHERE s.id = person.id);
CREATE TRIGGER "person_search_insert" AFTER INSERT ON "person" BEGIN
  UPDATE person SET search_text = (SELECT s.text FROM person_search_source s WHERE s.id = NEW.id) WHERE id = NEW.id; END;
CREATE TRIGGER "person_search_update"
  AFTER UPDATE OF first_name, last_name, national_id, duf_number, phone, household_id, search_text ON "person" BEGIN
  UPDATE person SET search_text = (SELECT s.text FROM person_search_source s WHERE s.id = NEW.id) WHERE id = NEW.id; END;
CREATE TRIGGER "household_search_update" AFTER UPDATE OF name, address_note, contact_phone ON "household" BEGIN
  UPDATE person SET search_text = (SELECT s.text FROM person_search_source s WHERE s.id = person.id)
  WHERE household_id = NEW.id; END;
CREATE TRIGGER "tenancy_search_insert" AFTER INSERT ON "tenancy" BEGIN
  UPDATE person SET search_text = (SELECT s.text FROM person_search_source s WHERE s.id = person.id)
  WHERE household_id = NEW.household_id; END;
CREATE TRIGGER "tenancy_search_update" AFTER UPDATE OF unit_id, household_id, end_date ON "tenancy" BEGIN
  UPDATE person SET search_text = (SELECT s.text FROM person_search_source s WHERE s.id = person.id)
  WHERE household_id IN (OLD.household_id, NEW.household_id); END;
CREATE TRIGGER "tenancy_search_delete" AFTER DELETE ON "tenancy" BEGIN
  UPDATE person SET search_text = (SELECT s.text FROM person_search_source s WHERE s.id = person.id)
  WHERE household_id = OLD.household_id; END;
CREATE TRIGGER "housing_unit_search_update" AFTER UPDATE OF address, postal_code, place ON "housing_unit" BEGIN
  UPDATE person SET search_text = (SELECT s.text FROM person_search_source s WHERE s.id = person.id)
  WHERE household_id IN (SELECT t.household_id FROM tenancy t WHERE t.unit_id = NEW.id AND t.end_date IS NULL); END;
