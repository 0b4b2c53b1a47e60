"""Placements report by hand."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.reports import placements as report
from hemsedal_integrering.services import placements

from .households import adult, settle


def test_placements_per_year_sector_outcome(ctx):
    # given: a municipal kindergarten, an idle municipal department, a private hotel; three placements
    kg = placements.create_workplace(ctx, employer="Hemsedal kommune", department="Barnehagen", is_municipal=True,
                                     municipality="hemsedal", sector="education").first_created("workplace")
    placements.create_workplace(ctx, employer="Hemsedal kommune", department="Teknisk drift", is_municipal=True,
                                municipality="hemsedal", sector="technical")
    hotel = placements.create_workplace(ctx, employer="Fjellhotellet", sector="tourism").first_created("workplace")
    a, b = settle(ctx, settled=dt.date(2023, 1, 10), members=[adult("A", "1980-01-01"), adult("B", "1982-01-01")])
    p1 = placements.start_placement(ctx, person_id=a, workplace_id=kg, type="language", hours_per_week=20,
                                    start_date="2023-09-01", end_date="2024-02-29").first_created("placement")
    placements.end_placement(ctx, placement_id=p1, end_date="2024-02-29", outcome="permanent_job")
    p2 = placements.start_placement(ctx, person_id=b, workplace_id=hotel, type="work", hours_per_week=20,
                                    start_date="2024-03-01", end_date="2024-08-31").first_created("placement")
    placements.end_placement(ctx, placement_id=p2, end_date="2024-08-31", outcome="ended_no_job")
    placements.start_placement(ctx, person_id=a, workplace_id=hotel, type="work", hours_per_week=20,
                               start_date="2025-10-01")
    # when
    rep = report.placements_report(ctx, year_from=2023, year_to=2025)
    # then
    assert rep.per_year == [(2023, 1, 0), (2024, 2, 2), (2025, 1, 0)]
    assert (rep.municipal, rep.private) == (1, 2)
    assert dict(rep.by_sector) == {"Reiseliv og overnatting": 2, "Oppvekst (skole, barnehage)": 1}
    assert dict(rep.by_type) == {"Arbeidspraksis": 2, "Språkpraksis": 1}
    assert (rep.led_to_work, rep.completed) == (1, 2)
    assert [(d, n) for _, d, n in rep.departments] == [("Barnehagen", 1), ("Teknisk drift", 0)]
    # a span before anything happened is empty, not an error
    empty = report.placements_report(ctx, year_from=2020, year_to=2021)
    assert empty.completed == 0 and empty.per_year == [(2020, 0, 0), (2021, 0, 0)]
