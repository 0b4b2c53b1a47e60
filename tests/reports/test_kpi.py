"""The work-and-education KPI on hand-built households where the answer is known."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import StatusPeriod
from hemsedal_integrering.reports import kpi
from hemsedal_integrering.services import people

from .households import adult, child, settle

D = dt.date(2026, 11, 23)  # the fixture's today


@pytest.fixture
def town(ctx):
    """Given: a small set of households (names say what each tests).

    - A (Hemsedal, settled 10.01.2024): Anna in permanent work; Bo after the programme a job seeker;
      Cato, a child who turns 18 on D, in education; Gran, 68 years old (outside 18–66).
    - B (Gol, settled on D itself): Dan, no status yet.
    - C (Hemsedal, 01.05.2023): Ella, temporary work until D−1, permanent work from D.
    - E: Fred settled 01.03.2021, moved away 30.06.2023, came back 01.02.2025 (new household), permanent work.
    - F (Hemsedal, 01.06.2020): Gerd, settled more than five years ago, permanent work.
    """
    ids: dict[str, int] = {}
    a = settle(ctx, settled=dt.date(2024, 1, 10), members=[
        adult("Anna", "1990-05-01"), adult("Bo", "1988-02-02", "M"), child("Cato", "2008-11-23"),
        adult("Gran", "1958-01-01")])
    ids.update(zip(["anna", "bo", "cato", "gran"], a, strict=True))
    people.add_status(ctx, person_id=ids["anna"], status="work_permanent", start_date="01.03.2025")
    people.record_programme(ctx, person_id=ids["bo"], start_date="2024-02-01", actual_end_date="2025-06-30")
    people.add_status(ctx, person_id=ids["bo"], status="intro", start_date="2024-02-01", end_date="2025-06-30")
    people.add_status(ctx, person_id=ids["bo"], status="jobseeker", start_date="2025-07-01")
    people.add_status(ctx, person_id=ids["cato"], status="education", start_date="2025-08-15")
    [ids["dan"]] = settle(ctx, municipality="gol", settled=D, members=[adult("Dan", "1980-03-03", "M")])
    [ids["ella"]] = settle(ctx, settled=dt.date(2023, 5, 1), members=[adult("Ella", "1995-07-07")])
    people.record_programme(ctx, person_id=ids["ella"], start_date="2023-06-01", actual_end_date="2025-01-05")
    people.add_status(ctx, person_id=ids["ella"], status="work_temporary", start_date="2025-01-06",
                      end_date="2026-11-22")
    people.add_status(ctx, person_id=ids["ella"], status="work_permanent", start_date="2026-11-23",
                      end_date="2027-05-31")
    [fred_old] = settle(ctx, settled=dt.date(2021, 3, 1), members=[adult("Fred", "1985-04-04", "M")])
    hh_old = people.Person.get_by_id(fred_old).household_id
    people.record_moving_away(ctx, household_id=hh_old, date="2023-06-30", moved_to="Oslo", reason="work_elsewhere")
    [ids["fred"]] = settle(ctx, settled=dt.date(2025, 2, 1), members=[adult("Fred", "1985-04-04", "M")])
    people.add_status(ctx, person_id=ids["fred"], status="work_permanent", start_date="2025-04-01")
    [ids["gerd"]] = settle(ctx, settled=dt.date(2020, 6, 1), members=[adult("Gerd", "1980-01-01")])
    people.add_status(ctx, person_id=ids["gerd"], status="work_permanent", start_date="2021-01-01")
    return ids


def test_kpi_base_and_count_on_the_day(ctx, town):
    # when
    rep = kpi.work_education_kpi(ctx, date=D)
    # then: base = Anna, Bo, Cato (18 today), Ella, Fred (second registration); Dan too new; Gran 68; Gerd > 5 years
    assert sorted(rep.person_ids) == sorted([town[k] for k in ("anna", "bo", "cato", "ella", "fred")])
    assert (rep.base, rep.counted) == (5, 4)
    assert rep.share == pytest.approx(0.8)
    assert rep.excluded_short_stay == 1  # Dan, settled today
    assert rep.by_status == {"work_permanent": 3, "education": 1, "jobseeker": 1}


def test_kpi_the_day_before(ctx, town):
    # when: one day earlier Cato is 17 and Ella is still in temporary work
    rep = kpi.work_education_kpi(ctx, date=D - dt.timedelta(days=1))
    # then
    assert sorted(rep.person_ids) == sorted([town[k] for k in ("anna", "bo", "ella", "fred")])
    assert (rep.base, rep.counted) == (4, 2)


def test_kpi_without_minimum_stay_includes_someone_settled_today(ctx, town):
    rep = kpi.work_education_kpi(ctx, date=D, min_months=0)
    assert town["dan"] in rep.person_ids
    assert (rep.base, rep.counted, rep.excluded_short_stay) == (6, 4, 0)
    gol = [g for g in rep.by_municipality if g.label == "Gol"][0]
    assert (gol.base, gol.counted) == (1, 0)


def test_kpi_breakdowns(ctx, town):
    rep = kpi.work_education_kpi(ctx, date=D)
    by_gender = {g.label: (g.base, g.counted) for g in rep.by_gender}
    assert by_gender == {"Kvinne": (2, 2), "Mann": (3, 2)}  # Cato is registered male
    by_years = {g.label: (g.base, g.counted) for g in rep.by_years}
    # Anna, Bo, Cato settled 10.01.2024 -> year 3; Ella 01.05.2023 -> year 4; Fred 01.02.2025 -> year 2
    assert by_years == {"År 2": (1, 1), "År 3": (3, 2), "År 4": (1, 1)}
    assert [g.label for g in rep.by_municipality] == ["Hemsedal"]
    assert kpi.work_education_kpi(ctx, date=D, municipality="gol").base == 0


def test_national_measure_one_year_after_the_programme(ctx, town):
    # when: programmes that ended 24.11.2024–23.11.2025 (Bo 30.06.2025, Ella 05.01.2025)
    rep = kpi.work_education_kpi(ctx, date=D)
    # then: Ella has temporary work on 05.01.2026 (counts nationally), Bo is a job seeker on 30.06.2026
    assert (rep.national_base, rep.national_counted) == (2, 1)
    assert rep.national_window == (dt.date(2024, 11, 24), dt.date(2025, 11, 23))


def test_overlapping_periods_the_later_start_wins(ctx, town):
    # given: legacy data (the service refuses this) with two periods both covering D
    StatusPeriod.create(person=town["bo"], status="work_education", start_date=dt.date(2026, 11, 1),
                        end_date=dt.date(2026, 12, 31))
    # then: Bo's status on D is the later-starting one
    assert kpi.statuses_on([town["bo"]], D) == {town["bo"]: "work_education"}
    assert kpi.work_education_kpi(ctx, date=D).counted == 5


def test_definition_states_the_base(ctx, town):
    result = kpi.to_result(kpi.work_education_kpi(ctx, date=D, min_months=6))
    text = " ".join(result.definition)
    assert "18–66 år" in text and "minst 6 måneder" in text and "23.11.2026" in text
    assert result.charts[0].target == 0.5


def test_kpi_refuses_bad_input_and_wrong_role(ctx, town):
    with pytest.raises(ValidationError):
        kpi.work_education_kpi(ctx, date=D, min_months=99)
    with pytest.raises(ValidationError):
        kpi.work_education_kpi(ctx, date=D, municipality="oslo")
    housing_user = type("U", (), {"role": "housing", "active": True, "id": None, "username": "b"})()
    with pytest.raises(PermissionDenied):
        kpi.work_education_kpi(ctx.as_user(housing_user), date=D)
