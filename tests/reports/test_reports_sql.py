"""The reports counted in SQL give exactly what the Python-side versions gave (``tests/reports/legacy``).

Compared on the demo data and on a generated world of ~3,000 persons (the benchmark's generator:
29 February births and settlements, moved away and back, born in Norway, overlapping status
periods, programmes), over dates that hit the date rules' corners, for both municipalities.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.reports import arrivals, kpi, population

from .legacy import arrivals as old_arrivals
from .legacy import kpi as old_kpi
from .legacy import population as old_population
from .query_count import count_queries

DAYS = [dt.date(2026, 11, 23), dt.date(2025, 2, 28), dt.date(2024, 2, 29), dt.date(2025, 3, 1),
        dt.date(2021, 12, 31), dt.date(2012, 6, 30)]
MUNICIPALITIES = [None, "gol", "hemsedal"]
SPANS = [(2010, 2026), (2022, 2024), (2024, 2024), (1990, 2030)]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    """~3,000 persons from ``bench/bench_data.py`` (the same generator as the benchmark)."""
    source = Path(__file__).resolve().parents[2] / "bench" / "bench_data.py"
    spec = importlib.util.spec_from_file_location("bench_data", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path_factory.mktemp("world") / "world.sqlite3"
    module.build(path, 3000)
    add_corners(path)
    return path


def add_corners(path: Path) -> None:
    """Persons exactly on each date rule's edge for every compared day: settled N months, five years
    (and a day either side) before; born 18 and 67 years (and a day either side) before."""
    from hemsedal_integrering.rules.dates import add_months, add_years
    db = open_database(path, migrate=False)
    one_day = dt.timedelta(days=1)
    n = 0
    with db.atomic():
        for day in DAYS:
            settles = [add_months(day, -m) + k * one_day for m in (0, 7, 12, 24, 36, 48, 60) for k in (-1, 0, 1)]
            births = [add_years(day, -y) + k * one_day for y in (6, 16, 18, 30, 45, 67) for k in (-1, 0, 1)]
            for i, settled in enumerate(settles):
                n += 1
                hid = db.execute_sql(
                    "INSERT INTO household (created_at, municipality_id, name, settlement_date, legal_basis, "
                    "case_reference, contact_phone, address_note, notes, moved_to) "
                    "VALUES ('2026-01-01 00:00:00', ?, ?, ?, 'asylum', '', '', '', '', '')",
                    (1 + i % 2, f"Kant {n}", settled.isoformat())).lastrowid
                for k, birth in enumerate(births[i % 3::3]):
                    pid = db.execute_sql(
                        "INSERT INTO person (created_at, household_id, first_name, last_name, role, birth_date, "
                        "gender, languages, phone, email, born_in_norway, moved_to, health_note, case_note, "
                        "search_text) VALUES ('2026-01-01 00:00:00', ?, 'Kant', ?, 'adult', ?, 'F', '', '', '', 0, "
                        "'', '', '', '')", (hid, f"K{n}-{k}", birth.isoformat())).lastrowid
                    db.execute_sql("INSERT INTO status_period (created_at, person_id, status, start_date, note) "
                                   "VALUES ('2026-01-01 00:00:00', ?, 'work_permanent', ?, '')",
                                   (pid, settled.isoformat()))
    db.close()


def contexts(demo_file: Path, world: Path):
    for path in (demo_file, world):
        db = open_database(path, migrate=False)
        yield Context(db=db, clock=fixed_clock(dt.date(2026, 11, 23)))
        db.close()


def same(a, b) -> None:
    da, db_ = dataclasses.asdict(a), dataclasses.asdict(b)
    assert da.keys() == db_.keys()
    for key in da:
        assert db_[key] == da[key], key


def test_kpi_same_as_before(demo_file, world):
    for ctx in contexts(demo_file, world):
        for day in DAYS:
            for municipality in MUNICIPALITIES:
                for months in (0, 7, 12):
                    same(old_kpi.work_education_kpi(ctx, date=day, municipality=municipality, min_months=months),
                         kpi.work_education_kpi(ctx, date=day, municipality=municipality, min_months=months))


def test_population_same_as_before(demo_file, world):
    for ctx in contexts(demo_file, world):
        for day in DAYS:
            for municipality in MUNICIPALITIES:
                same(old_population.population(ctx, date=day, municipality=municipality),
                     population.population(ctx, date=day, municipality=municipality))


def test_arrivals_same_as_before(demo_file, world):
    for ctx in contexts(demo_file, world):
        for year_from, year_to in SPANS:
            for municipality in MUNICIPALITIES:
                same(old_arrivals.arrivals_departures(ctx, year_from=year_from, year_to=year_to,
                                                      municipality=municipality),
                     arrivals.arrivals_departures(ctx, year_from=year_from, year_to=year_to,
                                                  municipality=municipality))


def test_the_world_has_the_corners_the_comparison_needs(world):
    db = open_database(world, migrate=False)
    one = lambda sql: db.execute_sql(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT count(*) FROM person WHERE substr(birth_date, 6) = '02-29'") > 0
    assert one("SELECT count(*) FROM household WHERE substr(settlement_date, 6) = '02-29'") > 0
    assert one("SELECT count(*) FROM person WHERE born_in_norway") > 0
    assert one("SELECT count(*) FROM person WHERE birth_date IS NULL AND role = 'adult'") > 0
    assert one("SELECT count(*) FROM intro_programme WHERE actual_end_date IS NOT NULL") > 100
    assert one("SELECT count(*) FROM status_period a JOIN status_period b ON a.person_id = b.person_id "
               "AND a.id < b.id AND a.end_date = b.start_date") > 0  # two periods cover the same day
    db.close()


def test_kpi_reads_a_fixed_number_of_queries(world):
    """The national measure no longer reads every person: a handful of statements whatever the size."""
    db = open_database(world, migrate=False)
    ctx = Context(db=db, clock=fixed_clock(dt.date(2026, 11, 23)))
    with count_queries(db) as queries:
        kpi.work_education_kpi(ctx, date=dt.date(2026, 11, 23))
    assert len(queries) <= 4, queries
    db.close()


def test_start_page_counts_same_as_the_full_task_query(demo_file, world):
    from hemsedal_integrering.reports import housing_tasks, tasks

    from .legacy import tasks as old_tasks
    for ctx in contexts(demo_file, world):
        for day in (dt.date(2026, 11, 23), dt.date(2025, 6, 1)):
            day_ctx = Context(db=ctx.db, clock=fixed_clock(day))
            for kw in ({}, {"municipality": "gol"}, {"assigned_to": 0}):
                assert tasks.overdue_count(day_ctx, **kw) == old_tasks.overdue_count(day_ctx, **kw)
            full = housing_tasks._housing_items().where(housing_tasks.FollowUpItem.due_date < day).count()
            assert housing_tasks.overdue_housing_count(day_ctx) == full


def test_task_list_same_as_before(demo_file, world):
    from hemsedal_integrering.models import User
    from hemsedal_integrering.reports import tasks

    from .legacy import tasks as old_tasks
    for ctx in contexts(demo_file, world):
        admin = User.select().where(User.role == "admin").first()
        user_ctx = ctx.as_user(admin) if admin else ctx
        for kw in ({}, {"include_later": True}, {"municipality": "gol", "search": "a"}, {"assigned_to": 0},
                   {"responsible": "nav", "horizon_days": 90}):
            new_rows = [dataclasses.asdict(r) for r in tasks.list_tasks(user_ctx, **kw)]
            assert new_rows == [dataclasses.asdict(r) for r in old_tasks.list_tasks(user_ctx, **kw)], kw


@pytest.mark.sqlite_only("SQLite's EXPLAIN QUERY PLAN (the server's indexes: tests/server/test_schema_parity)")
def test_overdue_counts_use_the_open_items_index(demo_ctx):
    """Schema 8: status + due date, so the start page does not walk every past item."""
    from hemsedal_integrering.models import FollowUpItem
    from hemsedal_integrering.rules import followup as rules
    q = FollowUpItem.select().where(FollowUpItem.status.in_(rules.OPEN_STATUSES)
                                    & (FollowUpItem.due_date < dt.date(2026, 11, 23)))
    sql, params = q.sql()
    plan = " ".join(str(r) for r in demo_ctx.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
    assert "follow_up_item_status_due_date" in plan
