"""The demo's introduction programmes are realistic and lawful, and the school figure of the seed holds."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from hemsedal_integrering.models import IntroProgramme
from hemsedal_integrering.reports import intro_monthly, run_report
from hemsedal_integrering.rules import introduction as rules
from hemsedal_integrering.services.introduction import eligibility_of


@pytest.fixture(scope="module")
def con(demo_file):
    connection = sqlite3.connect(demo_file)
    yield connection
    connection.close()


def test_8_pupils_with_refugee_status_at_hemsedal_skule_in_2024_25(con):
    # grades 1–10 in 2024/25 = born 2009–2018, living in Hemsedal some time 19.08.2024–20.06.2025
    n = con.execute(
        "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id "
        "JOIN municipality m ON m.id = h.municipality_id WHERE m.code = 'hemsedal' AND NOT p.born_in_norway "
        "AND strftime('%Y', p.birth_date) BETWEEN '2009' AND '2018' "
        "AND coalesce(p.arrival_date, h.settlement_date) <= '2025-06-20' "
        "AND (p.moved_out_date IS NULL OR p.moved_out_date >= '2024-08-19')").fetchone()[0]
    assert n == 8


def test_kindergartens_are_ulsak_and_tuv(con):
    names = {r[0] for r in con.execute("SELECT department FROM workplace")}
    assert {"Ulsåk barnehage", "Tuv barnehage"} <= names and "Hemsedal barnehage" not in names


def test_programmes_follow_the_law(demo_ctx):
    programmes = list(IntroProgramme.select())
    assert len(programmes) > 60
    for p in programmes:
        elig = eligibility_of(p.person)
        assert elig is not None and elig.programme != rules.NONE, p.person.full_name
        assert p.decision_date is not None and p.decision_date <= p.start_date
        assert p.plans.count() == 1
        if elig.chapter_6a:
            assert (p.planned_end_date - p.start_date).days <= 366


def test_seasons_absence_periods_and_endings_look_lived_in(con):
    kinds = dict(con.execute("SELECT kind, count(*) FROM absence GROUP BY kind").fetchall())
    assert kinds.get("own_sick_self", 0) > 20 and kinds.get("child_sick", 0) > 5 and kinds.get("unexcused", 0) > 10
    assert con.execute("SELECT count(*) FROM plan_measure WHERE kind = 'work' AND title LIKE 'Sesongarbeid%'"
                       ).fetchone()[0] > 20
    assert con.execute("SELECT count(*) FROM plan_measure WHERE placement_id IS NOT NULL").fetchone()[0] > 3
    results = dict(con.execute("SELECT result, count(*) FROM intro_programme GROUP BY result").fetchall())
    assert results.get("interrupted", 0) >= 2 and results.get("completed_work", 0) > 10 and results.get("", 0) >= 1
    assert con.execute("SELECT count(*) FROM programme_period WHERE kind = 'leave'").fetchone()[0] >= 3
    # no self-certification in the first eight weeks
    early = con.execute("SELECT count(*) FROM absence a JOIN intro_programme p ON p.id = a.programme_id "
                        "WHERE a.kind = 'own_sick_self' AND julianday(a.day) - julianday(p.start_date) < 56"
                        ).fetchone()[0]
    assert early == 0


def test_reports_and_benefit_list_on_the_demo(demo_ctx):
    rep = run_report(demo_ctx, "intro", date=dt.date(2025, 3, 1))
    now = rep.table("now").rows
    assert now[-1][-1] >= 8  # participants on 1 March 2025
    old = intro_monthly.benefit_list(demo_ctx, year=2024, month=3)  # G from 1 May 2023 is in the table
    assert old.table("benefit").rows and all(r[4] is not None for r in old.table("benefit").rows)
    march = intro_monthly.benefit_list(demo_ctx, year=2025, month=3)  # G from 1 May 2024 (checked) applies
    assert march.table("benefit").rows and all(r[4] is not None for r in march.table("benefit").rows)
    june = intro_monthly.benefit_list(demo_ctx, year=2025, month=6)  # G from 1 May 2025 (checked)
    assert june.table("benefit").rows and all(r[4] is not None for r in june.table("benefit").rows)
    new = intro_monthly.benefit_list(demo_ctx, year=2026, month=6)  # no checked G for 2026: never guessed
    assert new.table("benefit").rows and new.table("benefit").note
    assert all(r[4] is None for r in new.table("benefit").rows)
