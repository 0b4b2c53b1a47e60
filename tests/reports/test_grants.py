"""Integration grant overview by hand, with rates entered through the service."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import Person
from hemsedal_integrering.reports import grants as report
from hemsedal_integrering.services import grants, people

from .households import adult, child, settle


def test_grant_years_categories_and_amounts(ctx):
    # given: a single adult settled 2022 who moves away 30.06.2025; a family (two adults, a 3-year-old) settled 2025
    [single] = settle(ctx, settled=dt.date(2022, 6, 1), members=[adult("Solo", "1990-01-01")])
    settle(ctx, settled=dt.date(2025, 3, 1), members=[adult("Mor", "1960-01-01"), adult("Far", "1966-06-01", "M"),
                                                             child("Lille", "2022-01-01")])
    people.record_moving_away(ctx, household_id=Person.get_by_id(single).household_id, date="2025-06-30",
                              moved_to="Oslo", reason="rent")
    # and rates for 2025 (example amounts typed by the test, not real rates); one missing (kindergarten once)
    for cat, g, amount in (("general", 4, 90000), ("adult_family", 1, 200000), ("child", 1, 180000),
                           ("elderly_once", 0, 170000)):
        grants.set_rate(ctx, year=2025, category=cat, grant_year=g, amount=amount)
    # when
    rep = report.grant_overview(ctx, year_from=2025, year_to=2026)
    # then
    by_name = {p.name.split()[0]: p for p in rep.persons}
    assert by_name["Solo"].years == {2025: 4, 2026: None}  # lived there 01.01.2025, not 01.01.2026
    assert by_name["Solo"].period_ends == dt.date(2026, 12, 31)
    assert by_name["Mor"].category == "adult_family" and by_name["Mor"].one_time == "elderly_once"
    assert by_name["Far"].one_time is None  # 58 at settlement
    assert by_name["Lille"].category == "child" and by_name["Lille"].one_time == "kindergarten_once"
    assert by_name["Mor"].amounts[2025] == 370000
    assert by_name["Lille"].amounts[2025] is None  # the kindergarten rate is missing
    t2025 = rep.totals[0]
    assert t2025.persons == [3, 0, 0, 1, 0]
    assert t2025.amount == 90000 + 370000 + 200000  # Lille left out: a rate is missing
    assert t2025.missing_rates == 1
    assert (2025, "kindergarten_once", 0) in rep.missing
    assert rep.totals[1].persons == [0, 3, 0, 0, 0]


def _rates(ctx, year, **amounts):
    """Example amounts typed by the test (not IMDi's real rates)."""
    for key, amount in amounts.items():
        cat, g = key.rsplit("_", 1)
        grants.set_rate(ctx, year=year, category=cat, grant_year=int(g), amount=amount)


def test_years_2_to_5_have_one_rate_and_year_1_the_categories(ctx):
    settle(ctx, settled=dt.date(2024, 5, 1), members=[adult("Ada", "1990-01-01"), adult("Bo", "1991-01-01", "M"),
                                                      child("Cai", "2015-01-01")])
    _rates(ctx, 2025, general_2=100)
    _rates(ctx, 2024, adult_family_1=300, child_1=200)
    rep = report.grant_overview(ctx, year_from=2024, year_to=2025)
    # every person in year 2 uses the one general rate; nothing is reported missing for 2025
    assert [p.amounts[2025] for p in rep.persons] == [100, 100, 100]
    assert rep.missing == []
    assert sorted(p.amounts[2024] for p in rep.persons) == [200, 300, 300]


def test_a_child_born_within_6_months_after_the_mother_triggers_the_grant(ctx):
    ids = settle(ctx, settled=dt.date(2025, 2, 1), members=[adult("Mor", "1995-01-01", "F"),
                                                            adult("Far", "1994-01-01", "M")])
    hid = Person.get_by_id(ids[0]).household_id
    people.add_person(ctx, household_id=hid, person=dict(first_name="Ny", last_name="Test", role="child",
                                                          birth_date="2025-07-30", born_in_norway=True))
    people.add_person(ctx, household_id=hid, person=dict(first_name="Sen", last_name="Test", role="child",
                                                          birth_date="2025-09-15", born_in_norway=True))
    rep = report.grant_overview(ctx, year_from=2025, year_to=2026)
    by_name = {p.name.split()[0]: p for p in rep.persons}
    assert "Ny" in by_name and by_name["Ny"].category == "child"
    assert by_name["Ny"].years == {2025: 1, 2026: 2}  # the mother's grant years
    assert "Sen" not in by_name  # born more than 6 months after


def test_unaccompanied_minor_is_a_status_with_its_own_year_1_rate_and_special_grant(ctx):
    # given a 16-year-old registered as unaccompanied, living with an adult follower (not a parent)
    settle(ctx, settled=dt.date(2024, 3, 1), members=[
        adult("Følge", "1980-01-01"), child("Enslig", "2008-05-01", unaccompanied_minor=True)])
    _rates(ctx, 2024, unaccompanied_minor_1=500, adult_family_1=300, unaccompanied_special_0=50)
    _rates(ctx, 2028, unaccompanied_special_0=60)
    rep = report.grant_overview(ctx, year_from=2024, year_to=2029)
    by_name = {p.name.split()[0]: p for p in rep.persons}
    assert by_name["Enslig"].category == "unaccompanied_minor" and by_name["Enslig"].amounts[2024] == 500
    assert by_name["Følge"].category == "adult_family"
    # the special grant is its own line, each year until the year the person turns 20 (2028)
    assert by_name["Enslig"].special[2024] == 50 and 2029 not in by_name["Enslig"].special
    assert [t.special_persons for t in rep.totals] == [1, 1, 1, 1, 1, 0]
    assert rep.totals[0].special_amount == 50 and rep.totals[4].special_amount == 60
    assert (2025, "unaccompanied_special", 0) in rep.missing


def test_the_disability_grant_is_a_separate_line(ctx):
    [pid] = settle(ctx, settled=dt.date(2025, 1, 10), members=[adult("Ola", "1990-01-01")])
    grants.set_person_grant(ctx, person_id=pid, year=2025, amount=123456, note="vedtak IMDi 2025")
    result = report.to_result(report.grant_overview(ctx, year_from=2025, year_to=2025))
    totals = result.table("totals")
    row = totals.rows[0]
    col = [c.label for c in totals.columns].index("Tilskudd ved funksjonsnedsettelse (innvilget)")
    assert row[col] == 123456 and row[col - 1] == 1


def test_rates_import_from_a_spreadsheet(ctx, tmp_path):
    from openpyxl import Workbook
    from hemsedal_integrering.errors import ValidationError
    from hemsedal_integrering.models import GrantRate
    import pytest
    wb = Workbook()
    ws = wb.active
    ws.append(["Satser fra IMDis rundskriv (eksempelbeløp)"])
    ws.append(["År", "Kategori", "Tilskuddsår", "Beløp"])
    ws.append([2026, "År 1: barn", 1, "123 000"])
    ws.append([2026, "general", 2, 99000])
    ws.append([2026, "Engangstilskudd eldre (60 år og eldre)", None, 170000])
    path = tmp_path / "satser.xlsx"
    wb.save(path)
    changes = grants.import_rates(ctx, path=path)
    assert len(changes.created["grant_rate"]) == 3
    assert {(r.category, r.grant_year, r.amount) for r in GrantRate.select()} == {
        ("child", 1, 123000), ("general", 2, 99000), ("elderly_once", 0, 170000)}
    # a bad row stops the whole import and names its row
    ws.append([2027, "child", 3, 1])
    wb.save(path)
    with pytest.raises(ValidationError) as err:
        grants.import_rates(ctx, path=path)
    assert any("Rad 6" in m for m in err.value.errors.values())
    assert GrantRate.select().where(GrantRate.year == 2027).count() == 0


def test_rates_import_refuses_an_unreadable_file_or_a_sheet_without_headings(ctx, tmp_path):
    # (both raised NameError instead of the message: ValidationError was not imported)
    from openpyxl import Workbook
    from hemsedal_integrering.errors import ValidationError
    import pytest
    broken = tmp_path / "satser.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(ValidationError) as err:
        grants.import_rates(ctx, path=broken)
    assert set(err.value.errors) == {"file"}
    wb = Workbook()
    wb.active.append(["Noe helt annet", "Kolonne"])
    no_headings = tmp_path / "annet.xlsx"
    wb.save(no_headings)
    with pytest.raises(ValidationError) as err:
        grants.import_rates(ctx, path=no_headings)
    assert set(err.value.errors) == {"file"}
