"""Monthly unexcused absence and the introduction benefit basis, worked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hemsedal_integrering.models import IntroProgramme, Person
from hemsedal_integrering.reports import excel, intro_monthly
from hemsedal_integrering.services import intro_absence, introduction, people

D = dt.date


def setup(ctx):
    people.register_household(ctx, municipality="gol", name="Familien A", legal_basis="asylum",
                              settlement_date=D(2025, 1, 6), members=[
                                  dict(first_name="Adult", last_name="A", role="adult", birth_date=D(1980, 1, 1)),
                                  dict(first_name="Young", last_name="A", role="adult", birth_date=D(2003, 3, 15))])
    for name, start, parents in (("Adult", D(2025, 3, 3), None), ("Young", D(2025, 3, 17), False)):
        pid = Person.get(Person.first_name == name).id
        introduction.start_programme(ctx, person_id=pid, start_date=start, planned_end_date=D(2026, 3, 1),
                                     lives_with_parents=parents)
    adult = IntroProgramme.get(IntroProgramme.person == Person.get(Person.first_name == "Adult").id)
    intro_absence.register_absence(ctx, programme_id=adult.id, first_day=D(2025, 3, 10), kind="unexcused")
    intro_absence.register_absence(ctx, programme_id=adult.id, first_day=D(2025, 3, 11), kind="unexcused", hours="2")
    intro_absence.register_absence(ctx, programme_id=adult.id, first_day=D(2025, 3, 12), kind="welfare")
    intro_absence.set_base_amount(ctx, valid_from=D(2024, 5, 1), amount="111000")  # a test number, not the real G


def test_absence_summary_and_benefit_basis(ctx):
    setup(ctx)
    rows = {r.name: r for r in intro_monthly.month_rows(ctx, year=2025, month=3)}
    adult, young = rows["Adult A"], rows["Young A"]
    assert (adult.unexcused_days, adult.unexcused_hours, adult.excused_hours) == (2, Decimal("9.5"), Decimal("7.5"))
    # 2 G = 222 000 a year, 18 500 a month; 29 paid days of 31 (3–31 March): 29/30
    assert adult.yearly == Decimal("222000") and adult.paid_days == 29
    assert adult.full == Decimal("17883.33")
    # 9.5 h × 222 000 / 1850 = 1 140
    assert adult.deduction == Decimal("1140.00") and adult.result == Decimal("16743.33")
    # 22 on 1 March: two thirds; 15 days (17–31 March)
    assert young.young and young.yearly == Decimal("148000.00") and young.paid_days == 15
    assert young.full == (Decimal("148000") / 12 * 15 / 30).quantize(Decimal("0.01"))
    report = intro_monthly.benefit_list(ctx, year=2025, month=3, municipality="gol")
    assert [r[0] for r in report.table("benefit").rows] == ["Adult A", "Young A"]
    assert report.table("benefit").rows[0][-2] == 16743
    assert excel.to_bytes(intro_monthly.absence_summary(ctx, year=2025, month=3))[:2] == b"PK"
    # nothing in Hemsedal
    assert intro_monthly.month_rows(ctx, year=2025, month=3, municipality="hemsedal") == []


def test_missing_g_is_never_guessed(ctx):
    setup(ctx)
    rows = intro_monthly.month_rows(ctx, year=2024, month=4)
    assert rows == []  # nobody in the programme yet
    from hemsedal_integrering.models import BaseAmount
    BaseAmount.delete().execute()
    report = intro_monthly.benefit_list(ctx, year=2025, month=3)
    assert all(r[4] is None for r in report.table("benefit").rows) and report.table("benefit").note


def test_under_25_with_a_parent_gets_a_third_and_unknown_gets_no_amount(ctx):
    setup(ctx)
    young = IntroProgramme.get(IntroProgramme.person == Person.get(Person.first_name == "Young").id)
    introduction.update_programme_facts(ctx, programme_id=young.id, sole_carer=False, lives_with_parents=True)
    row = {r.name: r for r in intro_monthly.month_rows(ctx, year=2025, month=3)}["Young A"]
    assert row.yearly == Decimal("74000.00")  # a third of 2 × 111 000
    introduction.update_programme_facts(ctx, programme_id=young.id, sole_carer=False, lives_with_parents=None)
    row = {r.name: r for r in intro_monthly.month_rows(ctx, year=2025, month=3)}["Young A"]
    assert (row.missing, row.full, row.deduction) == ("lives_with_parents", None, None)
    report = intro_monthly.benefit_list(ctx, year=2025, month=3)
    assert "under 25" in report.table("benefit").note or "under 25" in report.table("benefit").note.lower()


def test_a_large_deduction_is_marked_for_an_individual_decision(ctx):
    setup(ctx)
    adult = IntroProgramme.get(IntroProgramme.person == Person.get(Person.first_name == "Adult").id)
    # unexcused every weekday 13–31 March: 15 days = 112.5 h; deduction 13 500 of 17 883.33 (over half, over 1/12 G)
    intro_absence.register_absence(ctx, programme_id=adult.id, first_day=D(2025, 3, 13), last_day=D(2025, 3, 31),
                                   kind="unexcused")
    rows = {r.name: r for r in intro_monthly.month_rows(ctx, year=2025, month=3)}
    assert rows["Adult A"].decision_needed and not rows["Young A"].decision_needed
    table = intro_monthly.benefit_list(ctx, year=2025, month=3).table("benefit")
    assert table.rows[0][-1] and not table.rows[1][-1]
