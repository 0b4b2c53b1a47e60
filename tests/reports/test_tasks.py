"""The task overview: grouping, filters, overdue count, household timeline."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import FollowUpItem, User
from hemsedal_integrering.reports import tasks
from hemsedal_integrering.services import accounts, followup, people

D = dt.date


def household(ctx, municipality: str, settled: dt.date) -> int:
    return people.register_household(ctx, municipality=municipality, name=f"Familien {municipality}",
                                     legal_basis="asylum", settlement_date=settled, members=[
                                         dict(first_name="A", last_name="B", role="adult", birth_date=D(1990, 1, 1))]
                                     ).first_created("household")


def test_overview_groups_overdue_week_and_month(ctx):
    # given a household settled 10.11.2026 (today is Monday 23.11.2026)
    household(ctx, "hemsedal", D(2026, 11, 10))
    rows = tasks.list_tasks(ctx)
    counts = tasks.group_counts(rows)
    # before-arrival items and the reception are overdue; screening (24.11) is this week; GP (10.12) within 30 days
    assert counts["overdue"] == 6 and counts["later"] == 0
    by_title = {r.title: r.bucket for r in rows}
    assert by_title["Helseundersøkelse (tuberkulose, vaksinasjonsstatus)"] == "week"
    assert by_title["Fastlege tildelt"] == "month"
    assert by_title["Kompetansekartlegging"] == "month"  # 10.12.2026: one month after settlement
    assert "Karriereveiledning bygd på kompetansekartleggingen" not in by_title  # 10.01.2027: later than 30 days
    assert [r.due_date for r in rows] == sorted(r.due_date for r in rows)
    assert tasks.overdue_count(ctx) == 6


def test_filters_by_responsible_municipality_and_officer(ctx):
    household(ctx, "hemsedal", D(2026, 11, 10))
    gol = household(ctx, "gol", D(2026, 11, 10))
    assert {r.municipality for r in tasks.list_tasks(ctx, municipality="gol")} == {"Gol"}
    assert {r.responsible for r in tasks.list_tasks(ctx, responsible="gp")} == {"gp"}
    accounts.create_user(ctx, username="kari", full_name="Kari Nordby", role="officer", password="demo-passord-123")
    kari = User.get(User.username == "kari")
    item = FollowUpItem.select().where(FollowUpItem.household == gol).first()
    followup.assign(ctx, item_id=item.id, user_id=kari.id)
    mine = tasks.list_tasks(ctx, assigned_to=kari.id)
    assert [(r.id, r.assigned_to) for r in mine] == [(item.id, "Kari Nordby")]
    assert tasks.overdue_count(ctx, municipality="gol") == 6
    # done items leave the overview
    followup.mark_done(ctx, item_id=item.id)
    assert tasks.list_tasks(ctx, assigned_to=kari.id) == []
    assert tasks.officers(ctx) == [(kari.id, "Kari Nordby")]


def test_household_timeline(ctx):
    hid = household(ctx, "hemsedal", D(2025, 3, 1))
    first = FollowUpItem.select().where(FollowUpItem.template_key == "arrival_reception").get()
    followup.mark_done(ctx, item_id=first.id, done_date=D(2025, 3, 1))
    t = tasks.household_timeline(ctx, household_id=hid)
    assert (t.current_year, t.follow_up_end) == (2, D(2030, 2, 28))
    assert [y.year for y in t.years] == [0, 1, 2, 3, 4, 5]
    assert t.years[1].count("done") == 1 and t.years[1].count("overdue") > 0
    assert t.years[3].count("open") > 0 and t.years[3].count("overdue") == 0
    assert (t.years[2].start, t.years[2].end) == (D(2026, 3, 1), D(2027, 2, 28))


def test_counts_in_sql_equal_the_rows_and_ignore_the_row_limit(demo_ctx):
    # given the demo's follow-up plans, read with every filter the overview offers
    officer = User.get(User.username == "programradgiver").id
    for kw in (dict(), dict(include_later=True), dict(municipality="gol"), dict(responsible="housing"),
               dict(assigned_to=0, include_later=True), dict(assigned_to=officer), dict(search="familien"),
               dict(horizon_days=7)):
        rows = tasks.list_tasks(demo_ctx, **kw)
        # then the SQL counts are exactly the counts of the rows read
        assert tasks.count_tasks(demo_ctx, **kw) == tasks.group_counts(rows), kw
    # and a list cut at its limit keeps the true counts
    everything = tasks.count_tasks(demo_ctx, include_later=True)
    assert sum(everything.values()) > 3
    assert len(tasks.list_tasks(demo_ctx, include_later=True, limit=3)) == 3
    assert everything == tasks.group_counts(tasks.list_tasks(demo_ctx, include_later=True))


def test_housing_counts_in_sql_equal_the_rows(demo_ctx):
    from hemsedal_integrering.reports import housing_tasks
    for kw in (dict(), dict(include_later=True), dict(municipality="hemsedal"), dict(search="familien")):
        rows = housing_tasks.list_housing_tasks(demo_ctx, **kw)
        assert housing_tasks.count_housing_tasks(demo_ctx, **kw) == tasks.group_counts(rows), kw
    assert sum(housing_tasks.count_housing_tasks(demo_ctx, include_later=True).values()) > 0
