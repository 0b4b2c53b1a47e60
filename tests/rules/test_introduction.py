"""Introduction programme rules, worked by hand (integreringsloven §§ 8–13, 20, kap. 6A)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hemsedal_integrering.rules import introduction as intro

D = dt.date
SETTLED = D(2025, 3, 10)


def born(age: int, *, birthday_after: bool = False) -> dt.date:
    """A birth date making the person ``age`` on SETTLED (birthday the day after when asked)."""
    b = D(SETTLED.year - age, SETTLED.month, SETTLED.day)
    return b + dt.timedelta(days=1) if birthday_after else b


def test_70_year_old_refugee_gets_nothing():
    e = intro.eligibility(born(70), "asylum", SETTLED)
    assert (e.programme, e.norwegian, e.mapping) == (intro.NONE, intro.NONE, "none")
    assert intro.programme_steps(SETTLED, e) == []


def test_67_is_the_last_norwegian_year_and_68_is_out():
    assert intro.eligibility(born(67), "asylum", SETTLED).norwegian == intro.RIGHT_AND_DUTY
    assert intro.eligibility(born(68), "asylum", SETTLED).norwegian == intro.NONE


def test_56_year_old_gets_norwegian_but_no_programme():
    e = intro.eligibility(born(56), "asylum", SETTLED)
    assert e.programme == intro.NONE and e.norwegian == intro.RIGHT_AND_DUTY
    assert intro.programme_steps(SETTLED, e) == []
    # the day before the 56th birthday the person is 55 and still in the programme's target group
    assert intro.eligibility(born(56, birthday_after=True), "asylum", SETTLED).programme == intro.RIGHT_AND_DUTY


def test_17_year_old_takes_the_combination_programme_route():
    e = intro.eligibility(born(17), "asylum", SETTLED, adult=False)
    assert e.programme == intro.NONE and e.norwegian == intro.NONE and e.youth_route
    steps = intro.programme_steps(SETTLED, e)
    assert [(s.key, s.due) for s in steps] == [("youth_combination", D(2025, 3, 24))]
    # turning 18 the day after settlement does not count: age on the settlement date decides
    assert intro.eligibility(born(18, birthday_after=True), "asylum", SETTLED).programme == intro.NONE
    assert intro.eligibility(born(18), "asylum", SETTLED).programme == intro.RIGHT_AND_DUTY


def test_ukrainian_with_collective_protection_has_a_right_but_no_duty():
    e = intro.eligibility(born(35), "collective", SETTLED)
    assert (e.programme, e.norwegian, e.mapping, e.chapter_6a) == (intro.RIGHT, intro.RIGHT, "voluntary", True)
    keys = [s.key for s in intro.programme_steps(SETTLED, e)]
    assert keys == ["competence_mapping_voluntary", "career_guidance_start", "programme_decision", "programme_start"]
    # the programme window closes after 3 months + 12 months (no five-year plan reviews)
    assert intro.programme_window_end(SETTLED, e) == D(2026, 6, 10)
    # a request made later moves the start deadline (§ 12: settlement or request)
    assert intro.start_deadline(SETTLED, D(2025, 5, 2)) == D(2025, 8, 2)


def test_family_reunified_with_a_refugee_follows_the_ordinary_rules():
    e = intro.eligibility(born(30), "family", D(2025, 6, 1))
    assert (e.programme, e.mapping, e.chapter_6a) == (intro.RIGHT_AND_DUTY, "municipality", False)
    steps = intro.programme_steps(D(2025, 6, 1), e)
    assert [(s.key, s.due) for s in steps] == [
        ("competence_mapping", D(2025, 7, 1)), ("career_guidance_start", D(2025, 8, 1)),
        ("programme_decision", D(2025, 8, 18)), ("programme_start", D(2025, 9, 1))]


def test_transfer_refugee_checks_imdis_mapping_instead_of_mapping_again():
    e = intro.eligibility(born(40), "resettlement", SETTLED)
    assert e.mapping == "check_imdi"
    first = intro.programme_steps(SETTLED, e)[0]
    assert (first.key, first.due, first.legal) == ("competence_mapping_check", D(2025, 3, 24), "integreringsloven § 6")


def test_order_is_mapping_guidance_decision_start_and_start_is_within_three_months():
    for settled in (D(2025, 1, 1), D(2025, 11, 30), D(2027, 11, 30), D(2026, 1, 31)):
        steps = intro.programme_steps(settled, intro.eligibility(born(30), "asylum", settled))
        dues = [s.due for s in steps]
        assert dues == sorted(dues) and len(set(dues)) == 4
        assert steps[-1].due == intro.start_deadline(settled)


def test_deadlines_across_month_ends_and_leap_years():
    # 30 November 2027 + 3 months = 29 February 2028 (leap year); decision 14 days before
    e = intro.eligibility(D(1990, 1, 1), "asylum", D(2027, 11, 30))
    steps = {s.key: s.due for s in intro.programme_steps(D(2027, 11, 30), e)}
    assert steps == {"competence_mapping": D(2027, 12, 30), "career_guidance_start": D(2028, 1, 30),
                     "programme_decision": D(2028, 2, 15), "programme_start": D(2028, 2, 29)}
    # 30 November 2026 + 3 months = 28 February 2027 (common year); 31 December + 2 = 28 February
    assert intro.start_deadline(D(2026, 11, 30)) == D(2027, 2, 28)
    steps = {s.key: s.due for s in intro.programme_steps(D(2026, 12, 31), e)}
    assert steps["career_guidance_start"] == D(2027, 2, 28) and steps["programme_start"] == D(2027, 3, 31)
    # 29 February 2028 + 3 months = 29 May
    assert intro.start_deadline(D(2028, 2, 29)) == D(2028, 5, 29)


def test_unknown_birth_date_adult_is_treated_as_in_the_target_group():
    assert intro.eligibility(None, "asylum", SETTLED, adult=True).programme == intro.RIGHT_AND_DUTY
    assert intro.eligibility(None, "asylum", SETTLED, adult=False).programme == intro.NONE


def test_no_known_legal_basis_no_programme():
    assert intro.eligibility(born(30), None, SETTLED).programme == intro.NONE


def test_length_per_group():
    g = intro.duration_group(has_upper_secondary=False, end_goal="upper_secondary", chapter_6a=False)
    assert g == "no_upper_secondary_goal_upper_secondary"
    start = D(2025, 6, 1)
    assert intro.check_length(g, start, D(2028, 6, 1)) is None  # three years
    assert intro.check_length(g, start, D(2028, 6, 2)) is not None
    assert intro.check_length(g, start, D(2029, 6, 1), extended=True) is None  # + one year extension
    assert intro.check_length(g, start, D(2028, 6, 11), leave_days=10) is None  # leave does not count
    other = intro.duration_group(has_upper_secondary=False, end_goal="work", chapter_6a=False)
    assert intro.check_length(other, start, D(2027, 6, 2)) is not None  # over two years
    col = intro.duration_group(has_upper_secondary=True, end_goal="work", chapter_6a=True)
    assert col == "collective" and intro.check_length(col, start, D(2026, 6, 2)) is not None
    assert intro.check_length(col, start, D(2025, 8, 1)) is not None  # under 3 months


def test_full_time_warning():
    start, end = D(2025, 1, 6), D(2025, 12, 28)
    full = [intro.Measure(start, end, Decimal("15")), intro.Measure(start, end, Decimal("22.5"))]
    assert intro.full_time_warning(start, end, full) is None
    # Norwegian only for the whole year: not full-time
    assert intro.full_time_warning(start, end, full[:1]) is not None
    # a six-week summer hole is more than five weeks of holiday
    spring = intro.Measure(start, D(2025, 6, 22), Decimal("37.5"))
    autumn = intro.Measure(D(2025, 8, 4), end, Decimal("37.5"))
    assert intro.full_time_warning(start, end, [spring, autumn]) is not None
    autumn5 = intro.Measure(D(2025, 7, 28), end, Decimal("37.5"))
    assert intro.full_time_warning(start, end, [spring, autumn5]) is None
    # with much own work, 30 hours is full time
    thirty = [intro.Measure(start, end, Decimal("30"))]
    assert intro.full_time_warning(start, end, thirty) is not None
    assert intro.full_time_warning(start, end, thirty, self_study=True) is None


def test_benefit_is_two_g_and_two_thirds_under_25_from_the_administrators_table():
    table = [(D(2024, 5, 1), Decimal("100000")), (D(2025, 5, 1), Decimal("110000"))]  # test numbers, not real G
    assert intro.g_on(table, D(2025, 4, 30)) == Decimal("100000")
    assert intro.g_on(table, D(2025, 5, 1)) == Decimal("110000")
    with pytest.raises(LookupError):
        intro.g_on(table, D(2024, 4, 30))  # never guessed
    with pytest.raises(LookupError):
        intro.g_on(table, D(2026, 5, 1))  # the 2025 amount ended on 30 April 2026: next year's is missing
    assert intro.g_on(table, D(2026, 4, 30)) == Decimal("110000")
    assert intro.yearly_benefit(Decimal("110000"), D(1990, 1, 1), D(2025, 6, 1)) == Decimal("220000")
    # 24 years old, not living with a parent: two thirds; the day of the 25th birthday: full
    assert intro.yearly_benefit(Decimal("110000"), D(2000, 6, 2), D(2025, 6, 1),
                                lives_with_parents=False) == Decimal("146666.67")
    assert intro.yearly_benefit(Decimal("110000"), D(2000, 6, 1), D(2025, 6, 1)) == Decimal("220000")
    assert intro.monthly_benefit(Decimal("220000")) == Decimal("18333.33")
    # 7.5 unexcused hours: 220000 * 7.5 / 1850
    assert intro.deduction(Decimal("220000"), Decimal("7.5")) == Decimal("891.89")


def test_under_25_living_with_a_parent_gets_a_third_and_unknown_is_never_guessed():
    # IMDi, "Introduksjonsstønad": under 25 living with one or both parents 1/3, otherwise 2/3
    g = Decimal("120000")  # a test number, not a real G
    assert intro.yearly_benefit(g, D(2003, 1, 1), D(2025, 6, 1), lives_with_parents=True) == Decimal("80000.00")
    assert intro.yearly_benefit(g, D(2003, 1, 1), D(2025, 6, 1), lives_with_parents=False) == Decimal("160000.00")
    with pytest.raises(intro.MissingFact):
        intro.yearly_benefit(g, D(2003, 1, 1), D(2025, 6, 1), lives_with_parents=None)
    # 25 and over: living with parents does not matter, and need not be known
    assert intro.yearly_benefit(g, D(2000, 6, 1), D(2025, 6, 1), lives_with_parents=None) == Decimal("240000")
    assert intro.yearly_benefit(g, D(2000, 6, 1), D(2025, 6, 1), lives_with_parents=True) == Decimal("240000")


def test_a_deduction_of_half_the_payment_and_a_twelfth_of_g_needs_an_enkeltvedtak():
    g = Decimal("120000")  # 1/12 G = 10000 (test number)
    assert intro.needs_deduction_decision(Decimal("20000"), Decimal("10000"), g)  # half, and exactly 1/12 G
    assert not intro.needs_deduction_decision(Decimal("20000"), Decimal("9999.99"), g)  # under 1/12 G
    assert not intro.needs_deduction_decision(Decimal("20001"), Decimal("10000"), g)  # under half
    assert not intro.needs_deduction_decision(Decimal("0"), Decimal("0"), g)


def test_upper_secondary_or_higher_is_three_to_six_months_plus_six():
    # § 13 andre ledd before Prop. 81 L (2024–2025): 3–6 months, extension up to 6 months
    g = intro.duration_group(has_upper_secondary=True, end_goal="work", chapter_6a=False)
    assert g == "has_upper_secondary"
    start = D(2025, 1, 31)  # month ends: 31 January + 6 months = 31 July
    assert intro.check_length(g, start, D(2025, 7, 31)) is None
    assert intro.check_length(g, start, D(2025, 8, 1)) is not None
    assert intro.check_length(g, start, D(2026, 1, 31), extended=True) is None
    assert intro.check_length(g, start, D(2026, 2, 1), extended=True) is not None
    # 31 January + 3 months = 30 April (the month's last day): the shortest allowed
    assert intro.check_length(g, start, D(2025, 4, 29)) is not None
    assert intro.check_length(g, start, D(2025, 4, 30)) is None


def test_age_is_judged_on_the_permit_date_when_it_is_known():
    # § 8: "Alderen da oppholdstillatelsen ble innvilget er avgjørende"
    birth = D(1969, 9, 1)
    permit, settled = D(2025, 8, 15), D(2025, 10, 1)  # 55 at the permit, 56 at settlement
    assert intro.eligibility(birth, "asylum", permit).programme == intro.RIGHT_AND_DUTY
    assert intro.eligibility(birth, "asylum", settled).programme == intro.NONE


def test_56_to_60_is_flagged_for_the_amended_age_limit_and_61_is_not():
    for age in (56, 60):
        e = intro.eligibility(born(age), "asylum", SETTLED)
        assert e.programme == intro.NONE and e.amended_age
    assert not intro.eligibility(born(61), "asylum", SETTLED).amended_age
    assert not intro.eligibility(born(55), "asylum", SETTLED).amended_age
    assert not intro.eligibility(born(58), "collective", SETTLED).amended_age  # kap. 6A is not § 8's group


def test_two_years_in_a_municipality_ends_the_target_group():
    settled = D(2024, 2, 29)  # leap day: two years later is 28 February 2026 (end of month)
    assert intro.newly_arrived(settled, D(2026, 2, 27))
    assert not intro.newly_arrived(settled, D(2026, 2, 28))


def test_start_deadline_across_month_ends_and_leap_years():
    assert intro.start_deadline(D(2023, 11, 30)) == D(2024, 2, 29)  # leap year
    assert intro.start_deadline(D(2024, 11, 30)) == D(2025, 2, 28)
    assert intro.start_deadline(D(2025, 10, 31)) == D(2026, 1, 31)
    assert intro.start_deadline(D(2025, 12, 31)) == D(2026, 3, 31)
    steps = intro.programme_steps(D(2023, 11, 30), intro.eligibility(D(1990, 1, 1), "asylum", D(2023, 11, 30)))
    assert [(s.key, s.due) for s in steps] == [
        ("competence_mapping", D(2023, 12, 30)), ("career_guidance_start", D(2024, 1, 30)),
        ("programme_decision", D(2024, 2, 15)), ("programme_start", D(2024, 2, 29))]
