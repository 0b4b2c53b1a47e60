"""Bulk writes (``base.insert_rows`` / ``insert_instance``) store exactly what one ``Model.create`` per row did.

The reference is the old way of writing, patched back in: every table must come out the
same row for row (ids included), apart from the creation timestamps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3

import pytest

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.models import AuditEntry, FollowUpItem, Household, Person
from hemsedal_integrering.services import base, followup, followup_bulk, hooks, people
from hemsedal_integrering.services.setup import ensure_municipalities

D = dt.date
TODAY = D(2026, 11, 23)
TIMESTAMP_COLUMNS = {"created_at", "at"}


def reference_insert_rows(model, fields, rows, *, chunk=0):
    """The old way: one ``Model.create`` per row."""
    return [model.create(**{f.name: v for f, v in zip(fields, row, strict=True)}).id for row in rows]


def reference_insert_instance(instance):
    instance.save(force_insert=True)
    return instance


def reference_write(ctx, diffs, household_id, changes):
    """``followup._write`` as it was before the bulk insert (one ``create`` per new item)."""
    for d in diffs:
        p = d.planned
        if d.kind == "add":
            item = FollowUpItem.create(household=household_id, person=p.person_id, template_key=p.key,
                                       template_version=p.version, occurrence=p.occurrence, title=p.title,
                                       responsible=p.responsible, follow_up_year=p.follow_up_year,
                                       due_date=p.due_date, source="template")
            changes.add("created", "follow_up_item", item.id)
        elif d.kind == "update":
            item = FollowUpItem.get_by_id(d.item_id)
            base.apply_fields(item, {"title": p.title, "responsible": p.responsible, "due_date": p.due_date,
                                     "follow_up_year": p.follow_up_year, "template_version": p.version})
            item.save()
            changes.add("updated", "follow_up_item", item.id)
        else:
            item = FollowUpItem.get_by_id(d.item_id)
            if item.note or item.assigned_to_id is not None:
                item.status, item.reason, item.done_date = "not_relevant", followup._(followup._AUTO_REASON), \
                    ctx.today()
                item.save()
                changes.add("updated", "follow_up_item", item.id)
            else:
                item.delete_instance()
                changes.add("deleted", "follow_up_item", item.id)
    if diffs:
        counts = {k: sum(1 for d in diffs if d.kind == k) for k in ("add", "update", "remove")}
        base.audit(ctx, "generate", "household", household_id, {"follow_up_items": (None, counts)})


def reference_household_changed(ctx, household, changes, members=None):
    """``hooks.household_changed`` as it was: the members read back, the dwelling item looked up for every household."""
    followup.regenerate_household(ctx, household, changes)
    followup_bulk.close_dwelling_item(ctx, household.id, changes)


def use_reference_writes(monkeypatch):
    for module in (base, people):
        monkeypatch.setattr(module, "insert_rows", reference_insert_rows)
    monkeypatch.setattr(people, "insert_instance", reference_insert_instance)
    monkeypatch.setattr(followup, "_write", reference_write)
    monkeypatch.setattr(hooks, "household_changed", reference_household_changed)
    monkeypatch.setattr(people, "audit_batch", contextlib.nullcontext)  # one insert per audit row


def households(ctx) -> list:
    """A mix: settled this year, settled long ago, expected (no date), a reunited member, many children."""
    out = []
    specs = [
        ("Familien Haddad", "asylum", D(2026, 1, 31), [("Omar", "adult", D(1988, 4, 2), None),
                                                      ("Lina", "adult", D(1990, 9, 9), None),
                                                      ("Sami", "child", D(2015, 6, 1), None),
                                                      ("Maya", "child", D(2022, 8, 15), None)]),
        ("Familien Boiko", "collective", D(2023, 3, 1), [("Olena", "adult", D(1979, 1, 1), D(2024, 5, 1)),
                                                        ("Nazar", "child", D(2020, 2, 29), None)]),
        ("Familien Tesfay", "family", D(2019, 6, 1), [("Aman", "adult", D(1970, 1, 1), None)]),
        ("Familien Ilunga", "asylum", None, [("Glody", "adult", D(1995, 5, 5), None)]),
        ("Familien Abdalla", "asylum", D(2026, 11, 1), [("Hiba", "adult", D(1990, 1, 1), None)]
         + [(f"Barn{i}", "child", D(2010 + i, 1, 1), None) for i in range(8)]),
    ]
    for name, basis, settled, members in specs:
        back = D(2026, 6, 1) if name == "Familien Haddad" else None  # back-registration: its audit row too
        ch = people.register_household(ctx, municipality="gol", name=name, legal_basis=basis,
                                       settlement_date=settled, done_before=back, members=[
                                           dict(first_name=f, last_name=name.split()[-1], role=role, birth_date=b,
                                                arrival_date=arrival, country="SY") for f, role, b, arrival in members])
        out.append(ch)
    hid = out[3].first_created("household")
    out.append(people.settle(ctx, household_id=hid, settlement_date=D(2026, 10, 1)))
    out.append(people.add_person(ctx, household_id=hid, person=dict(first_name="Nyfødt", last_name="Ilunga",
                                                                   role="child", birth_date=D(2026, 11, 2),
                                                                   born_in_norway=True)))
    return out


def dump(db) -> dict[str, list[tuple]]:
    """Every table's rows, without the creation timestamps."""
    out = {}
    tables = [r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    for table in tables:
        cursor = db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1')
        keep = [i for i, d in enumerate(cursor.description) if d[0] not in TIMESTAMP_COLUMNS]
        out[table] = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
    return out


def run(path, monkeypatch=None):
    db = open_database(path)
    ctx = Context(db=db, clock=fixed_clock(TODAY))
    ensure_municipalities(ctx)
    changes = households(ctx)
    tables = dump(db)
    db.close()
    return tables, changes


def test_bulk_generation_writes_the_same_rows_as_one_create_per_item(tmp_path, monkeypatch):
    fast_tables, fast_changes = run(tmp_path / "bulk.sqlite3")
    use_reference_writes(monkeypatch)
    slow_tables, slow_changes = run(tmp_path / "reference.sqlite3")
    assert fast_tables.keys() == slow_tables.keys()
    for table in slow_tables:
        assert fast_tables[table] == slow_tables[table], table
    assert len(fast_tables["follow_up_item"]) > 100 and len(fast_tables["audit_entry"]) > 20
    assert fast_changes == slow_changes  # the same created ids reach the GUI


def test_insert_rows_returns_ids_in_row_order_across_chunks_with_defaults(ctx, make_household):
    hid = make_household()
    fields = (FollowUpItem.household, FollowUpItem.title, FollowUpItem.responsible, FollowUpItem.due_date)
    rows = [(hid, f"Oppgave {i}", "integration", D(2027, 1, 1) + dt.timedelta(days=i)) for i in range(7)]
    with ctx.db.atomic():
        ids = base.insert_rows(FollowUpItem, fields, rows, chunk=3)  # 3 + 3 + 1
    assert len(ids) == 7 and len(set(ids)) == 7
    got = {i.id: i for i in FollowUpItem.select().where(FollowUpItem.id.in_(ids))}
    assert [got[i].title for i in ids] == [r[1] for r in rows]
    assert [got[i].due_date for i in ids] == [r[3] for r in rows]
    first = got[ids[0]]
    assert (first.status, first.source, first.note, first.person_id) == ("open", "template", "", None)
    assert isinstance(first.created_at, dt.datetime)
    assert base.insert_rows(FollowUpItem, fields, []) == []


@pytest.mark.sqlite_only("checks SQLite's storage classes with typeof()")
def test_insert_rows_stores_values_as_create_does(ctx, make_household):
    """Dates, booleans, foreign keys given as rows and as ids are stored in the same text as peewee stores them."""
    hid = make_household()
    household = Household.get_by_id(hid)
    values = dict(household=household, first_name="Ada", last_name="Lovelace", role="adult",
                  birth_date=D(1815, 12, 10), born_in_norway=True, national_id=None, languages="en")
    with ctx.db.atomic():
        a = Person.create(**values).id
        (b,) = base.insert_rows(Person, [getattr(Person, k) for k in values], [tuple(values.values())])
    cols = "household_id, first_name, birth_date, born_in_norway, national_id, languages, typeof(birth_date)"
    row_a, row_b = (ctx.db.execute_sql(f"SELECT {cols} FROM person WHERE id = ?", (i,)).fetchone() for i in (a, b))
    assert row_a == row_b


@pytest.mark.sqlite_only("a second process opens the same file")
def test_template_edited_by_another_process_is_seen_by_the_next_registration(ctx, db_path, make_household):
    """Generation keeps the template between households; a change from outside this process still counts."""
    make_household(name="Først")
    other = sqlite3.connect(db_path)
    with other:
        other.execute("UPDATE follow_up_template_item SET title = 'Ny tittel', version = version + 1 "
                      "WHERE key = 'programme_decision'")
    other.close()
    hid = make_household(name="Etterpå")
    titles = {i.title for i in FollowUpItem.select().where((FollowUpItem.household == hid)
                                                          & (FollowUpItem.template_key == "programme_decision"))}
    assert titles == {"Ny tittel"}


def test_audit_rows_still_written_per_person(ctx, make_household):
    hid = make_household()
    persons = [p.id for p in Person.select().where(Person.household == hid)]
    logged = {a.entity_id for a in AuditEntry.select().where((AuditEntry.entity == "person")
                                                              & (AuditEntry.action == "create"))}
    assert set(persons) <= logged


@pytest.mark.parametrize("size", [1, 40])
def test_household_sizes_give_every_item_once(ctx, size):
    members = [dict(first_name="A", last_name="B", role="adult", birth_date="1980-01-01")] + [
        dict(first_name=f"C{i}", last_name="B", role="child", birth_date="2015-01-01") for i in range(size - 1)]
    ch = people.register_household(ctx, municipality="hemsedal", name="Stor", legal_basis="asylum",
                                   settlement_date=TODAY, members=members)
    hid = ch.first_created("household")
    rows = list(FollowUpItem.select().where(FollowUpItem.household == hid))
    assert len({(r.person_id, r.template_key, r.occurrence) for r in rows}) == len(rows)
    assert {r.id for r in rows} == ch.created["follow_up_item"]
