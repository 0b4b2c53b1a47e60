-- Schema 6 (accounts for a small office, issue 13):
-- * user.role may hold several role codes separated by commas ("admin,officer"), so the
--   first administrator of a two-person office can also register households. No column
--   change is needed for that; the services validate each code.
-- * must_change_password: set when an administrator gives someone a password; the user
--   must choose their own at the next login.
-- * last_area: the side-bar area shown when the user last closed the window, remembered
--   per user (in the database) rather than per machine (QSettings).
ALTER TABLE "user" ADD COLUMN "must_change_password" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "user" ADD COLUMN "last_area" VARCHAR(255) NOT NULL DEFAULT '';
