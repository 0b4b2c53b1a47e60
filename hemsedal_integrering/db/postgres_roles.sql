-- Server-enforced roles (issue 17). Run by the database owner after the schema exists
-- (`hemsedal-integrering server-roles --db postgresql://owner@host/db`, or `psql -f` this file: psql reads
-- the `;;` statement ends as a statement and an empty one).
-- Safe to run again. Statements end with ';;'.
--
-- Group roles (no login): integrering_officer, integrering_housing, integrering_admin.
-- Each program user gets a login role of their own that is a member of one group, e.g.
--   CREATE ROLE kari LOGIN PASSWORD '…' IN ROLE integrering_housing;
-- The program's own role checks stay; these are the server's, which hold also outside the program.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'integrering_officer') THEN CREATE ROLE integrering_officer NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'integrering_housing') THEN CREATE ROLE integrering_housing NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'integrering_admin') THEN CREATE ROLE integrering_admin NOLOGIN; END IF;
END $$;;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM integrering_officer, integrering_housing, integrering_admin;;
GRANT USAGE ON SCHEMA public TO integrering_officer, integrering_housing, integrering_admin;;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO integrering_officer, integrering_housing, integrering_admin;;
-- Officers and administrators: everything about persons and households.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO integrering_officer, integrering_admin;;
-- Housing staff: units, leases, tenancies, inspections and their tasks in full ...
GRANT SELECT, INSERT, UPDATE, DELETE ON housing_unit, landlord, lease, tenancy, other_letting, inspection,
  inspection_point, follow_up_item TO integrering_housing;;
GRANT SELECT ON municipality, checklist_template_item, follow_up_template_item, setting TO integrering_housing;;
-- Everyone reads the schema version (the program checks it at login).
GRANT SELECT ON schema_meta TO integrering_officer, integrering_housing, integrering_admin;;
GRANT SELECT (id, username, full_name, role, title, phone, email, active, must_change_password, last_area,
  row_version) ON "user" TO integrering_housing;;
-- The program's users: administrators manage them (create, roles, deactivate, anyone's password). Everyone
-- else changes only their own row (the login role of the same name: session_user), and of it only the last
-- area (services.accounts.remember_area) and what their own password change writes (the forced first change).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "user" FROM integrering_officer, integrering_housing;;
GRANT UPDATE (last_area, must_change_password, password_hash, failed_logins, row_version) ON "user"
  TO integrering_officer, integrering_housing;;
ALTER TABLE "user" ENABLE ROW LEVEL SECURITY;;
DROP POLICY IF EXISTS user_read ON "user";;
CREATE POLICY user_read ON "user" FOR SELECT USING (true);;
DROP POLICY IF EXISTS user_admin ON "user";;
CREATE POLICY user_admin ON "user" FOR ALL TO integrering_admin USING (true) WITH CHECK (true);;
DROP POLICY IF EXISTS user_own_row ON "user";;
CREATE POLICY user_own_row ON "user" FOR UPDATE TO integrering_officer, integrering_housing
  USING (username = session_user) WITH CHECK (username = session_user);;
-- ... and of households and persons only names and contact data: no identity numbers, health or case notes,
-- legal basis, search text (it holds the identity numbers), and no status history or programmes at all.
-- (The case reference is the letters' «Vår ref.»; a person's languages choose the language of a letter.
-- queries/contact.py lists these columns for the code a housing login reaches.)
GRANT SELECT (id, created_at, municipality_id, name, settlement_date, case_reference, contact_phone, address_note,
  moved_out_date, row_version) ON household TO integrering_housing;;
GRANT SELECT (id, created_at, household_id, first_name, last_name, role, phone, email, languages, moved_out_date,
  row_version) ON person TO integrering_housing;;
-- The audit log: everyone appends and (officer/admin) reads; nobody updates or deletes (the trigger
-- audit_entry_append_only in postgres_schema.sql refuses it even for the owner).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM integrering_officer, integrering_housing, integrering_admin;;
GRANT INSERT ON audit_entry TO integrering_housing;;
GRANT SELECT (id) ON audit_entry TO integrering_housing;;  -- INSERT … RETURNING id: the new row's own number
GRANT SELECT, INSERT ON audit_entry TO integrering_officer, integrering_admin;;
-- Anonymisation (administrators) redacts the values of audit rows through this function only.
GRANT EXECUTE ON FUNCTION redact_audit_entry(integer, text) TO integrering_admin;;
-- The search text follows tenancies a housing login changes (moving in and out): the trigger's refresh runs
-- with the owner's rights, since housing may not read what the search text holds.
ALTER FUNCTION refresh_person_search(integer[]) SECURITY DEFINER SET search_path = public;;
REVOKE EXECUTE ON FUNCTION refresh_person_search(integer[]) FROM PUBLIC;;
GRANT EXECUTE ON FUNCTION refresh_person_search(integer[]) TO integrering_officer, integrering_housing,
  integrering_admin;;
