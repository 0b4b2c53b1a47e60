"""Arrivals and departures per year, by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import Person
from hemsedal_integrering.reports import arrivals
from hemsedal_integrering.services import people

from .households import adult, child, settle


@pytest.fixture
def history(ctx):
    """Given:
    - 2022: family of 3 from Ukraine (Hemsedal); the son (adult) moves away 15.08.2024 (education).
    - 2023: Fred (Eritrea) settles, the whole household moves 30.06.2024 (climate); comes back 01.02.2025.
    - 2024: family of 2 from Syria in Gol; a daughter is born in Norway 10.05.2024.
    - 2024: a family-reunification spouse with own arrival date 2024-12-20 joins the 2022 family.
    """
    a = settle(ctx, settled=dt.date(2022, 4, 1), members=[adult("Olena", "1985-01-01"),
                                                           adult("Maksym", "2004-01-01", "M"),
                                                           child("Sofiia", "2015-01-01", "F")])
    people.record_moving_away(ctx, household_id=Person.get_by_id(a[0]).household_id, date="2024-08-15",
                              moved_to="Oslo", reason="work_elsewhere", person_ids=[a[1]])
    [f] = settle(ctx, settled=dt.date(2023, 3, 1), members=[adult("Fred", "1985-04-04", "M", country="ER")])
    people.record_moving_away(ctx, household_id=Person.get_by_id(f).household_id, date="2024-06-30",
                              moved_to="Bergen", reason="climate")
    settle(ctx, settled=dt.date(2025, 2, 1), members=[adult("Fred", "1985-04-04", "M", country="ER")])
    g = settle(ctx, municipality="gol", settled=dt.date(2024, 3, 1),
               members=[adult("Amal", "1990-01-01", country="SY"), child("Adam", "2019-01-01", country="SY")])
    people.add_person(ctx, household_id=Person.get_by_id(g[0]).household_id,
                      person=child("Lana", "2024-05-10", "F", country="SY", arrival_date="2024-05-10",
                                   born_in_norway=True))
    people.add_person(ctx, household_id=Person.get_by_id(a[0]).household_id,
                      person=adult("Ivan", "1983-01-01", "M", arrival_date="2024-12-20"))
    return a


def test_years_settled_moved_born_net(ctx, history):
    rep = arrivals.arrivals_departures(ctx, year_from=2022, year_to=2025)
    rows = {y.year: (y.settled, y.moved, y.born, y.net) for y in rep.years}
    assert rows == {2022: (3, 0, 0, 3), 2023: (1, 0, 0, 1), 2024: (3, 2, 1, 2), 2025: (1, 0, 0, 1)}
    assert rep.moved_by_reason == {"work_elsewhere": 1, "climate": 1}


def test_cohort_of_last_three_years(ctx, history):
    # when: span 2022–2024 -> cohort 2022–2024, moved before 01.01.2025
    rep = arrivals.arrivals_departures(ctx, year_from=2022, year_to=2024)
    # then: 7 settled (3 + Ivan, Fred, Amal, Adam), 2 moved (Maksym, Fred); Lana is not a settled refugee
    assert (rep.cohort_settled, rep.cohort_moved) == (7, 2)
    assert rep.living_at_end == 5  # Olena, Sofiia, Ivan, Amal, Adam on 01.01.2025 (Fred back only in February)
    assert rep.countries[0] == ("UA", 4)


def test_municipality_filter(ctx, history):
    rep = arrivals.arrivals_departures(ctx, year_from=2024, year_to=2024, municipality="gol")
    assert [(y.settled, y.moved, y.born) for y in rep.years] == [(2, 0, 1)]


def test_span_is_checked(ctx):
    with pytest.raises(ValidationError):
        arrivals.arrivals_departures(ctx, year_from=2025, year_to=2020)


def test_result_tables_hold_numbers(ctx, history):
    result = arrivals.to_result(arrivals.arrivals_departures(ctx, year_from=2022, year_to=2024))
    years = result.table("years")
    assert years.rows[-1] == ["Sum", 7, 2, 1, 6]
    assert result.charts[0].series[0] == ("Bosatt", [3.0, 1.0, 3.0])
