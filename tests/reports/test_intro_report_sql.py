"""The introduction programme report read in SQL gives exactly what its Python-side version gave
(``tests/reports/legacy/intro_report.py``): on the demo data and on a generated world with
overlapping, open and adjacent leave/stop periods, absences with and without hours, oral and
other language tests, plans, and status periods around the one-year-after dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import random
from pathlib import Path

import pytest

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.reports import intro_report
from hemsedal_integrering.rules import intro_codes, introduction

from .legacy import intro_report as old_intro_report
from .query_count import count_queries

DAYS = [dt.date(2026, 11, 23), dt.date(2025, 9, 30), dt.date(2024, 2, 29), dt.date(2025, 3, 1),
        dt.date(2021, 12, 31), dt.date(2026, 1, 4)]
MUNICIPALITIES = [None, "gol", "hemsedal"]


@pytest.fixture(scope="module")
def intro_world(tmp_path_factory) -> Path:
    """~2,000 persons from the benchmark's generator, with the programme records it lacks."""
    source = Path(__file__).resolve().parents[2] / "bench" / "bench_data.py"
    spec = importlib.util.spec_from_file_location("bench_data_intro", source)
    bench_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_data)
    path = tmp_path_factory.mktemp("intro_world") / "world.sqlite3"
    bench_data.build(path, 2000)
    db = open_database(path, migrate=False)
    rng = random.Random(14)
    day = dt.timedelta(days=1)
    programmes = db.execute_sql("SELECT id, person_id, start_date, actual_end_date FROM intro_programme").fetchall()
    periods, absences, plans, tests, statuses = [], [], [], [], []
    for pid, person, start, end in programmes:
        start = dt.date.fromisoformat(start)
        end = dt.date.fromisoformat(end) if end else None
        if rng.random() < 0.5:
            a = start + rng.randint(0, 700) * day
            for _ in range(rng.randint(1, 3)):  # overlapping, adjacent, open-ended
                kind = rng.choice(["leave", "stop", "extension"])
                b = None if rng.random() < 0.15 else a + rng.randint(0, 120) * day
                periods.append((pid, kind, a.isoformat(), b and b.isoformat(), ""))
                a = (b or a) + rng.choice([-10, 0, 1, 30]) * day
        if rng.random() < 0.4:
            for k in rng.sample(range(0, 900), rng.randint(1, 12)):
                absences.append((pid, (start + k * day).isoformat(), rng.choice([None, 1.5, 3, 7.5, 4]),
                                 rng.choice(["excused", "unexcused", "other"]), ""))
        if rng.random() < 0.6:
            plans.append((pid, rng.choice(list(introduction.END_GOALS))))
        for _ in range(rng.randint(0, 3)):
            tests.append((person, (start + rng.randint(0, 1200) * day).isoformat(), "norwegian",
                          rng.choice(["oral", "oral", "reading"]), rng.choice(list(intro_codes.NORWEGIAN_LEVELS))))
        if end is not None:  # a status starting or ending on the day one year after the end
            measured = dt.date(end.year + 1, end.month, 28 if (end.month, end.day) == (2, 29) else end.day)
            edge = measured + rng.choice([-1, 0, 1]) * day
            status = rng.choice(["work_permanent", "unemployed", "education", "work_temporary"])
            statuses.append((person, status, edge.isoformat(), None) if rng.random() < 0.5
                            else (person, status, start.isoformat(), edge.isoformat()))
    with db.atomic():
        bench_data._insert(db, "programme_period", ["programme_id", "kind", "start_date", "end_date", "reason"],
                           periods)
        bench_data._insert(db, "absence", ["programme_id", "day", "hours", "kind", "note"], absences)
        bench_data._insert(db, "integration_plan", ["programme_id", "end_goal"], plans)
        bench_data._insert(db, "language_test", ["person_id", "test_date", "subject", "skill", "level"], tests)
        bench_data._insert(db, "status_period", ["person_id", "status", "start_date", "end_date"], statuses)
    db.close()
    return path


def _contexts(*paths: Path):
    for path in paths:
        db = open_database(path, migrate=False)
        yield Context(db=db, clock=fixed_clock(dt.date(2026, 11, 23)))
        db.close()


def test_intro_report_same_as_before(demo_file, intro_world):
    for ctx in _contexts(demo_file, intro_world):
        for day in DAYS:
            for municipality in MUNICIPALITIES:
                old = old_intro_report.programme_report(ctx, date=day, municipality=municipality)
                new = intro_report.programme_report(ctx, date=day, municipality=municipality)
                assert dataclasses.asdict(new) == dataclasses.asdict(old), (day, municipality)


def test_the_intro_world_has_what_the_comparison_needs(intro_world):
    db = open_database(intro_world, migrate=False)
    one = lambda sql: db.execute_sql(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT count(*) FROM programme_period a JOIN programme_period b ON a.programme_id = b.programme_id "
               "AND a.id < b.id AND a.kind != 'extension' AND b.kind != 'extension' "
               "AND b.start_date <= COALESCE(a.end_date, '9999')") > 0  # overlapping leave/stop
    assert one("SELECT count(*) FROM programme_period WHERE end_date IS NULL AND kind = 'stop'") > 0
    assert one("SELECT count(*) FROM absence WHERE hours IS NULL") > 0
    assert one("SELECT count(*) FROM absence WHERE day >= '2025-11-24'") > 0
    assert one("SELECT count(*) FROM intro_programme WHERE actual_end_date BETWEEN '2023-11-24' AND '2024-11-23'") > 0
    db.close()


def test_intro_report_reads_a_fixed_number_of_queries(intro_world):
    """No query per programme: a handful of statements whatever the size."""
    for ctx in _contexts(intro_world):
        with count_queries(ctx.db) as queries:
            intro_report.programme_report(ctx, date=dt.date(2026, 11, 23))
        assert len(queries) <= 8, queries


@pytest.mark.parametrize("first,last", [(dt.date(2026, 11, 2), dt.date(2026, 11, 8)),
                                        (dt.date(2026, 11, 7), dt.date(2026, 11, 8)),
                                        (dt.date(2026, 11, 8), dt.date(2026, 11, 2)),
                                        (dt.date(2024, 2, 26), dt.date(2025, 3, 3))])
def test_weekdays_are_counted_as_walked(first, last):
    walked = sum(1 for k in range((last - first).days + 1) if (first + dt.timedelta(days=k)).weekday() < 5)
    assert intro_report._weekdays(first, last) == walked
    paused = [(first + dt.timedelta(days=2), first + dt.timedelta(days=4)),
              (first + dt.timedelta(days=3), first + dt.timedelta(days=9)), (last, None)]
    walked_outside = sum(1 for k in range((last - first).days + 1)
                         if (d := first + dt.timedelta(days=k)).weekday() < 5
                         and not any(a <= d <= (b or dt.date.max) for a, b in paused))
    assert intro_report._programme_weekdays(first, last, paused) == walked_outside
