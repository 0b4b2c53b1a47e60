-- PostgreSQL counterpart of the SQLite schema files (issue 17), run once on a new server database
-- after the tables were created from the models (db/postgres.py). Statements end with ';;'.
CREATE TABLE IF NOT EXISTS schema_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);;
-- schema_v8: open follow-up items by due date
CREATE INDEX IF NOT EXISTS follow_up_item_status_due_date ON follow_up_item (status, due_date);;
-- schema_v2: person.search_text, kept in step by triggers (chr(31) separates fields, as in SQLite)
CREATE OR REPLACE VIEW person_search_source AS SELECT p.id AS id,
  p.first_name || chr(31) || p.last_name || chr(31) || COALESCE(p.national_id, '') || chr(31)
  || COALESCE(p.duf_number, '') || chr(31) || p.phone || chr(31)
  || hh.name || chr(31) || hh.address_note || chr(31) || hh.contact_phone || chr(31)
  || COALESCE((SELECT string_agg(u.address || ' ' || u.postal_code || ' ' || u.place, chr(31))
               FROM tenancy t JOIN housing_unit u ON u.id = t.unit_id
               WHERE t.household_id = p.household_id AND t.end_date IS NULL), '') AS text
  FROM person p JOIN household hh ON hh.id = p.household_id;;
CREATE OR REPLACE FUNCTION refresh_person_search(households integer[]) RETURNS void LANGUAGE sql AS $$
  UPDATE person SET search_text = s.text FROM person_search_source s
  WHERE s.id = person.id AND person.household_id = ANY(households) AND person.search_text IS DISTINCT FROM s.text
$$;;
CREATE OR REPLACE FUNCTION person_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'person' OR TG_TABLE_NAME = 'tenancy' THEN
    IF TG_OP <> 'DELETE' THEN PERFORM refresh_person_search(ARRAY[NEW.household_id]); END IF;
    IF TG_OP <> 'INSERT' THEN PERFORM refresh_person_search(ARRAY[OLD.household_id]); END IF;
  ELSIF TG_TABLE_NAME = 'household' THEN
    PERFORM refresh_person_search(ARRAY[NEW.id]);
  ELSIF TG_TABLE_NAME = 'housing_unit' THEN
    PERFORM refresh_person_search(ARRAY(SELECT t.household_id FROM tenancy t WHERE t.unit_id = NEW.id AND t.end_date IS NULL));
  END IF;
  RETURN NULL;
END $$;;
CREATE TRIGGER person_search_insert AFTER INSERT ON person FOR EACH ROW EXECUTE FUNCTION person_search_trigger();;
CREATE TRIGGER person_search_update AFTER UPDATE OF first_name, last_name, national_id, duf_number, phone, household_id, search_text
  ON person FOR EACH ROW EXECUTE FUNCTION person_search_trigger();;
CREATE TRIGGER household_search_update AFTER UPDATE OF name, address_note, contact_phone ON household
  FOR EACH ROW EXECUTE FUNCTION person_search_trigger();;
CREATE TRIGGER tenancy_search_change AFTER INSERT OR UPDATE OF unit_id, household_id, end_date OR DELETE ON tenancy
  FOR EACH ROW EXECUTE FUNCTION person_search_trigger();;
CREATE TRIGGER housing_unit_search_update AFTER UPDATE OF address, postal_code, place ON housing_unit
  FOR EACH ROW EXECUTE FUNCTION person_search_trigger();;
-- The audit log is append-only for everyone, whatever their privileges (roles: db/postgres_roles.sql).
-- The one sanctioned change is the redaction of values when a household is anonymised (services/audit.py):
-- only through redact_audit_entry(), which may change nothing but the `changes` column.
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('hemsedal.audit_redaction', true) = 'on'
     AND NEW.id = OLD.id AND NEW.at IS NOT DISTINCT FROM OLD.at AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id
     AND NEW.username IS NOT DISTINCT FROM OLD.username AND NEW.action IS NOT DISTINCT FROM OLD.action
     AND NEW.entity IS NOT DISTINCT FROM OLD.entity AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
     AND NEW.created_at IS NOT DISTINCT FROM OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_entry is append-only (%% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();;
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();;
CREATE OR REPLACE FUNCTION redact_audit_entry(entry_id integer, redacted text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM set_config('hemsedal.audit_redaction', 'on', true);
  UPDATE audit_entry SET changes = redacted WHERE id = entry_id;
  PERFORM set_config('hemsedal.audit_redaction', 'off', true);
END $$;;
REVOKE EXECUTE ON FUNCTION redact_audit_entry(integer, text) FROM PUBLIC;;
