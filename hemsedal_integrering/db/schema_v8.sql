-- Schema 8: open follow-up items by due date (issue 16). The start page's overdue counts and the
-- task lists ask for status IN ('open', 'postponed') AND due_date < today; with only the
-- single-column indexes SQLite walked the due-date index over every past item (1 s at 100,000
-- persons) instead of the open ones.
CREATE INDEX IF NOT EXISTS "follow_up_item_status_due_date" ON "follow_up_item" ("status", "due_date");
