"""Schema version (``PRAGMA user_version``) and the ladder of upgrades.

Each ``migrate_to_N`` runs inside one exclusive transaction together with
setting the version, so an upgrade either happens fully or not at all. Before
upgrading an existing file a backup is taken with the online backup API.
Schema text is frozen per version (``schema_v1.sql``, ``schema_v2.sql``); the models must agree
with it, which a test checks.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
from pathlib import Path
from typing import Callable

from peewee import Database

from ..errors import DatabaseError, DatabaseTooNew
from ..i18n import _
from . import backup

SCHEMA_VERSION = 10


def current_version(db: Database) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def _run_script(db: Database, name: str) -> None:
    sql = importlib.resources.files(__package__).joinpath(name).read_text(encoding="utf-8")  # shipped in the wheel
    for statement in sql.split(";\n"):
        if statement.strip():
            db.execute_sql(statement)


def migrate_to_1(db: Database) -> None:
    """The first schema: every table of the foundation."""
    _run_script(db, "schema_v1.sql")


def migrate_to_2(db: Database) -> None:
    """``person.search_text`` for search as you type, filled now and kept up to date by triggers."""
    _run_script(db, "schema_v2.sql")


def migrate_to_3(db: Database) -> None:
    """The introduction programme: mapping, plan, measures, periods, absence, tests, G table."""
    _run_script(db, "schema_v3.sql")


def migrate_to_4(db: Database) -> None:
    """``other_letting``: municipal units let to others than refugees (e.g. employees) for a period."""
    _run_script(db, "schema_v4.sql")


def migrate_to_5(db: Database) -> None:
    """The integration grant by IMDi's structure: one rate per grant year 2-5, the unaccompanied-minor
    status fixed at settlement, per-person grants (disability/behaviour)."""
    _run_script(db, "schema_v5.sql")


def migrate_to_6(db: Database) -> None:
    """``user.must_change_password`` and ``user.last_area`` (several roles live in ``user.role``)."""
    _run_script(db, "schema_v6.sql")


def migrate_to_7(db: Database) -> None:
    """``printed_document.edited_body``: the officer's changed text of a letter, kept with the record."""
    _run_script(db, "schema_v7.sql")


def migrate_to_8(db: Database) -> None:
    """An index on open follow-up items by due date (the start page's counts, the task lists)."""
    _run_script(db, "schema_v8.sql")


def migrate_to_9(db: Database) -> None:
    """``row_version`` on every editable table: a save based on an old version is refused (issue 17)."""
    _run_script(db, "schema_v9.sql")


def migrate_to_10(db: Database) -> None:
    """``person.permit_date`` (§ 8 judges age on it) and ``intro_programme.lives_with_parents`` (§ 20)."""
    _run_script(db, "schema_v10.sql")


LADDER: dict[int, Callable[[Database], None]] = {1: migrate_to_1, 2: migrate_to_2, 3: migrate_to_3, 4: migrate_to_4,
                                                 5: migrate_to_5, 6: migrate_to_6, 7: migrate_to_7,
                                                 8: migrate_to_8, 9: migrate_to_9, 10: migrate_to_10}


def upgrade(db: Database, *, path: Path | None, backup_dir: Path | None = None) -> list[int]:
    """Bring the database to ``SCHEMA_VERSION``; return the versions applied.

    Refuses a file from a newer program. Raises ``DatabaseError`` (nothing
    changed) if a step fails.
    """
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(
            _("The database was made by a newer version of the program (schema version {version}, "
              "this program knows up to {known}). Update the program. The file has not been changed.").format(
                version=version, known=SCHEMA_VERSION)
        )
    if version == SCHEMA_VERSION:
        return []
    if version > 0 and path is not None:
        folder = backup_dir or path.parent / "sikkerhetskopier"  # i18n: data (folder name)
        backup.timestamped_backup(path, folder, f"for-oppgradering-v{version}", dt.datetime.now(),  # i18n: data
                                  key=getattr(db, "data_key", None))
    applied: list[int] = []
    for target in range(version + 1, SCHEMA_VERSION + 1):
        step = LADDER[target]
        try:
            db.execute_sql("BEGIN EXCLUSIVE")
            step(db)
            db.execute_sql(f"PRAGMA user_version = {target}")
            db.execute_sql("COMMIT")
        except Exception as exc:
            db.execute_sql("ROLLBACK")
            raise DatabaseError(
                _("Upgrading the database to version {version} failed: {error}. "
                  "The database has not been changed.").format(version=target, error=exc)
            ) from exc
        applied.append(target)
    return applied
