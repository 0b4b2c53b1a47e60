"""The introduction programme report on a date, worked by hand."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import IntroProgramme, Person
from hemsedal_integrering.reports import REPORTS, excel, run_report
from hemsedal_integrering.services import intro_absence, introduction, people, status

D = dt.date
DAY = D(2026, 11, 23)


def adult(ctx, municipality, first, settled, birth=dt.date(1990, 1, 1)) -> int:
    people.register_household(ctx, municipality=municipality, name=f"Familien {first}", legal_basis="asylum",
                              settlement_date=settled, members=[dict(first_name=first, last_name="X", role="adult",
                                                                     birth_date=birth)])
    return Person.get(Person.first_name == first).id


def prog(pid) -> IntroProgramme:
    return IntroProgramme.get(IntroProgramme.person == pid)


def test_programme_report_by_municipality(ctx):
    a = adult(ctx, "hemsedal", "Amina", D(2026, 1, 5))
    b = adult(ctx, "gol", "Berhane", D(2024, 1, 8))
    c = adult(ctx, "hemsedal", "Chantal", D(2024, 2, 5))
    introduction.start_programme(ctx, person_id=a, start_date=D(2026, 3, 2), planned_end_date=D(2028, 2, 28))
    introduction.save_plan(ctx, programme_id=prog(a).id, end_goal="upper_secondary", has_upper_secondary=False,
                           measures=[dict(kind="norwegian", start_date=D(2026, 3, 2), end_date=D(2028, 2, 28),
                                          hours_per_week=37.5)])
    introduction.start_programme(ctx, person_id=b, start_date=D(2024, 3, 4), planned_end_date=D(2026, 3, 1))
    introduction.add_period(ctx, programme_id=prog(b).id, kind="leave", start_date=D(2026, 11, 2),
                            end_date=D(2026, 11, 30), reason="Fødsel")
    introduction.start_programme(ctx, person_id=c, start_date=D(2024, 4, 1), planned_end_date=D(2025, 9, 30))
    introduction.end_programme(ctx, programme_id=prog(c).id, end_date=D(2025, 9, 30), result="completed_work")
    status.add_status(ctx, person_id=c, status="work_temporary", start_date=D(2025, 10, 1))
    intro_absence.register_absence(ctx, programme_id=prog(a).id, first_day=D(2026, 11, 2), last_day=D(2026, 11, 6),
                                   kind="unexcused")
    intro_absence.record_test(ctx, person_id=a, test_date=D(2026, 10, 1), subject="norwegian", skill="oral",
                              level="A2")
    r = run_report(ctx, "intro", date=DAY)
    assert "intro" in REPORTS
    now = {row[0]: row[1:] for row in r.table("now").rows}
    assert now["I programmet"] == [1, 0, 1] and now["Permisjon eller stans"] == [0, 1, 1]
    goals = {row[0]: row[1:] for row in r.table("end_goal").rows}
    assert goals["Fullført videregående opplæring"] == [1, 0, 1] and goals["Ingen plan ennå"] == [0, 1, 1]
    times = {row[0]: row[1:] for row in r.table("time").rows}
    assert times["6–11 måneder"] == [1, 0, 1] and times["2–3 år"] == [0, 1, 1]
    # Chantal ended 30.09.2025 (inside 24.11.2024–23.11.2025), in temporary work on 30.09.2026: counted
    results = {row[0]: row[1:] for row in r.table("results").rows}
    assert results["Avsluttet i perioden"] == [1, 0, 1]
    assert results["I arbeid eller utdanning ett år etter"] == [1, 0, 1]
    levels = {row[0]: row[1:] for row in r.table("norwegian").rows}
    assert levels["A2"] == [1, 0, 1]
    # five unexcused days of Amina's weekdays since 2 March 2026
    rate = {row[0]: row[1:] for row in r.table("absence").rows}
    assert 0 < rate["Ugyldig fravær"][0] < 0.05 and rate["Ugyldig fravær"][1] == 0
    gol = run_report(ctx, "intro", date=DAY, municipality="gol")
    assert gol.table("now").rows == [["Permisjon eller stans", 1, 1], ["Sum", 1, 1]]
    assert excel.to_bytes(r)[:2] == b"PK"
