"""Anonymisation removes the identity everywhere the program keeps it (issue 11 point 1).

After anonymising, each removed value (names, birth date, identity number,
phone, e-mail, case reference, notes, household name) must be found nowhere:
not in any column of any table (the audit log included), and not in the raw
bytes of the database file, its WAL or its shared-memory file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hemsedal_integrering.models import AuditEntry, Household, Person, User
from hemsedal_integrering.services import privacy
from hemsedal_integrering.services.accounts import create_user
from hemsedal_integrering.services.people import add_status, register_household, update_household, update_person
from tests.privacy_helpers import PASSWORD, fast_kdf

REMOVED = {
    "household name": "Familien Qwyxzorb",
    "first name": "Zorbalina",
    "last name": "Qwyxzorb",
    "birth date": "1980-04-02",
    "national id": "15076500565",
    "phone": "98765432",
    "new phone": "41234567",
    "email": "zorbalina@eksempel.no",
    "health note": "Astmaunik-helsenotat",
    "case note": "Saksunik-merknad",
    "household notes": "Husstandunik-notat",
    "case reference": "2011/98765",
    "contact phone": "11223344",
    "status note": "Statusunik-fritekst",
}


@pytest.fixture
def admin(ctx, monkeypatch):
    fast_kdf(monkeypatch)
    create_user(ctx, username="sjef", full_name="Sjef", role="admin", password=PASSWORD)
    return ctx.as_user(User.get(User.username == "sjef"))


def _every_text_value(db) -> list[tuple[str, str, str]]:
    """(table, column, value) for every text value of every table."""
    found = []
    tables = [r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'").fetchall()]
    for table in tables:
        cur = db.execute_sql(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cur.description]
        for row in cur.fetchall():
            for name, value in zip(names, row, strict=True):
                if value is not None:
                    found.append((table, name, str(value)))
    return found


@pytest.mark.sqlite_only("reads the database file's bytes")
def test_anonymised_values_are_found_nowhere_in_the_tables_or_the_file(ctx, admin, db_path: Path):
    # given a household settled in 2011 whose values were also changed later (so the log holds old and new)
    changes = register_household(
        ctx, municipality="gol", name=REMOVED["household name"], settlement_date=dt.date(2011, 6, 1),
        legal_basis="asylum", case_reference=REMOVED["case reference"], contact_phone=REMOVED["contact phone"],
        notes=REMOVED["household notes"],
        members=[dict(first_name=REMOVED["first name"], last_name=REMOVED["last name"], role="adult",
                      birth_date=REMOVED["birth date"], national_id=REMOVED["national id"], country="SY",
                      phone=REMOVED["phone"], email=REMOVED["email"], health_note=REMOVED["health note"],
                      case_note=REMOVED["case note"])])
    hid = changes.first_created("household")
    pid = min(changes.created["person"])
    add_status(ctx, person_id=pid, status="intro", start_date=dt.date(2011, 6, 1),
               end_date=dt.date(2013, 6, 1), note=REMOVED["status note"])
    update_person(ctx, person_id=pid, phone=REMOVED["new phone"])
    update_household(ctx, household_id=hid, contact_phone="99887766")
    REMOVED["changed contact phone"] = "99887766"
    rows_before = AuditEntry.select().count()
    assert any(REMOVED["phone"] in v for _t, _c, v in _every_text_value(ctx.db))  # the log held it
    # when the administrator anonymises the household
    privacy.anonymise_households(admin, household_ids=[hid])
    ctx.db.close()  # every byte on disk now
    ctx.db.connect()
    # then no removed value is left in any table …
    values = _every_text_value(ctx.db)
    left = {label: [(t, c) for t, c, v in values if needle in v] for label, needle in REMOVED.items()}
    assert {k: v for k, v in left.items() if v} == {}
    # … nor anywhere in the raw bytes of the database and its WAL/shared-memory files
    raw = b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.name.startswith(db_path.name))
    assert [label for label, needle in REMOVED.items() if needle.encode() in raw] == []
    # and the log still says who did what and when (rows kept, values replaced)
    assert AuditEntry.select().count() == rows_before + 1
    person_rows = list(AuditEntry.select().where((AuditEntry.entity == "person") & (AuditEntry.entity_id == pid)))
    assert person_rows and all(r.username == "system" and r.at for r in person_rows)
    assert any("(anonymisert)" in r.changes for r in person_rows)
    # and the statistics are kept
    p = Person.get_by_id(pid)
    assert p.birth_date.year == 1980 and p.country == "SY" and Household.get_by_id(hid).settlement_date.year == 2011


@pytest.mark.sqlite_only("backups beside the file; a server's backups are the server's")
def test_the_preview_says_until_when_older_backups_hold_the_data(ctx, admin, db_path: Path):
    from hemsedal_integrering.db import backup, rotation
    changes = register_household(ctx, municipality="gol", name="Familien Gammel", settlement_date=dt.date(2011, 6, 1),
                                 legal_basis="asylum", members=[dict(first_name="A", last_name="Gammel")])
    hid = changes.first_created("household")
    folder = db_path.parent / "sikkerhetskopier"
    taken = dt.datetime(2026, 11, 1, 8, 0)
    backup.timestamped_backup(db_path, folder, "manuell", taken)
    backup.timestamped_backup(db_path, folder, "daglig", dt.datetime(2026, 11, 20, 8, 0))
    [preview] = privacy.preview_anonymisation(admin, household_ids=[hid])
    manual_end = (taken + dt.timedelta(days=rotation.KEEP_OTHER_DAYS)).date()
    auto_end = (dt.datetime(2026, 11, 20, 8) + dt.timedelta(days=rotation.MAX_AGE_DAYS)).date()
    assert preview.backups_until == max(manual_end, auto_end)
    from hemsedal_integrering.i18n import short_date
    assert any(short_date(preview.backups_until) in line and "sikkerhetskopier" in line.lower()
               for line in preview.lines())


def test_manual_and_migration_backups_expire(tmp_path):
    from hemsedal_integrering.db import rotation
    folder = tmp_path / "kopier"
    folder.mkdir()
    now = dt.datetime(2026, 11, 23, 9)
    names = {"db-manuell-20251101-080000.sqlite3": True, "db-for-oppgradering-v1-20250101-080000.sqlite3": True,
             "db-manuell-20260901-080000.sqlite3": False, "db-daglig-20240101-080000.sqlite3": True}
    for name in names:
        (folder / name).write_bytes(b"x")
    removed = {p.name for p in rotation.prune(folder, "db", now)}
    assert removed == {n for n, gone in names.items() if gone}


def test_every_free_text_column_of_a_household_record_is_cleared_or_declared_not_personal():
    """A new table hanging on a household or a person must be added to the anonymiser (or declared)."""
    from peewee import TextField

    from hemsedal_integrering.models import ALL_MODELS
    h = Household  # walk the foreign keys the way privacy._related_ids does, on the models
    reached = {"household", "person"}
    grew = True
    while grew:
        grew = False
        for model in ALL_MODELS:
            table = model._meta.table_name
            if table not in reached and any(fk.rel_model._meta.table_name in reached for fk in model._meta.refs):
                reached.add(table)
                grew = True
    by_table = {m._meta.table_name: m for m in ALL_MODELS}
    cleared = {f"{model._meta.table_name}.{field}" for _l, model, _w, values in privacy._free_text_targets(
        Household(id=0)) for field in values}
    cleared |= {f"household.{f}" for f in privacy._HOUSEHOLD_CLEAR} | {f"person.{f}" for f in privacy._PERSON_CLEAR}
    cleared |= {"person.search_text", "audit_entry.changes"}
    texts = {f"{t}.{n}" for t in reached for n, f in by_table[t]._meta.fields.items() if isinstance(f, TextField)}
    assert h and sorted(texts - cleared - privacy.NOT_PERSONAL_TEXT) == []
