"""Absence rules at their limits (IMDi: egenmelding, barns sykdom)."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.rules.intro_absence import (Spell, child_sickness_days_allowed, child_sickness_problem,
                                                      child_within_age, children_within_age,
                                                      self_certification_problem, spells, working_days)

D = dt.date
START = D(2025, 1, 6)  # a Monday; eight weeks later is Monday 3 March


def test_eight_week_line():
    # the last day before eight weeks: refused; the first day after: allowed
    assert self_certification_problem(START, Spell(D(2025, 3, 2), D(2025, 3, 2)), []) is not None
    assert self_certification_problem(START, Spell(D(2025, 2, 28), D(2025, 2, 28)), []) is not None
    assert self_certification_problem(START, Spell(D(2025, 3, 3), D(2025, 3, 3)), []) is None


def test_three_days_is_the_most_a_self_certification_covers():
    assert self_certification_problem(START, Spell(D(2025, 3, 3), D(2025, 3, 5)), []) is None
    assert self_certification_problem(START, Spell(D(2025, 3, 3), D(2025, 3, 6)), []) is not None
    # Friday to Monday is two working days
    assert self_certification_problem(START, Spell(D(2025, 3, 7), D(2025, 3, 10)), []) is None


def test_fourth_self_certification_allowed_fifth_refused():
    earlier = [Spell(D(2025, 3, 3), D(2025, 3, 3)), Spell(D(2025, 4, 7), D(2025, 4, 7)),
               Spell(D(2025, 5, 5), D(2025, 5, 5))]
    fourth = Spell(D(2025, 6, 2), D(2025, 6, 2))
    assert self_certification_problem(START, fourth, earlier) is None
    fifth = Spell(D(2025, 7, 7), D(2025, 7, 7))
    assert "5" in self_certification_problem(START, fifth, earlier + [fourth])
    # twelve months after the first one, it no longer counts: allowed again
    later = Spell(D(2026, 3, 3), D(2026, 3, 3))
    assert self_certification_problem(START, later, earlier + [fourth]) is None


def test_ill_again_within_16_days_counts_the_earlier_period():
    earlier = [Spell(D(2025, 3, 3), D(2025, 3, 4))]  # two days
    # two more days 10 days later: 4 days together -> doctor's note
    assert self_certification_problem(START, Spell(D(2025, 3, 14), D(2025, 3, 17)), earlier) is not None
    # one more day: 3 together -> allowed
    assert self_certification_problem(START, Spell(D(2025, 3, 14), D(2025, 3, 14)), earlier) is None
    # 17 days later: a new period
    assert self_certification_problem(START, Spell(D(2025, 3, 21), D(2025, 3, 24)), earlier) is None


def test_child_sickness_allowance_for_one_two_three_children_alone_and_not():
    assert [child_sickness_days_allowed(n, alone=False) for n in (1, 2, 3)] == [10, 10, 15]
    assert [child_sickness_days_allowed(n, alone=True) for n in (1, 2, 3)] == [20, 20, 30]
    assert child_sickness_days_allowed(0, alone=True) == 0


def _weekdays(first: dt.date, n: int) -> list[dt.date]:
    out, day = [], first
    while len(out) < n:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def test_child_sickness_limit_at_the_edge():
    used = _weekdays(D(2025, 2, 3), 10)
    nxt = D(2025, 6, 2)
    # two children, not alone: 10 used, the 11th refused; alone: allowed
    assert child_sickness_problem(nxt, used[:9], children=2, alone=False) is None
    assert child_sickness_problem(nxt, used, children=2, alone=False) is not None
    assert child_sickness_problem(nxt, used, children=2, alone=True) is None
    # three children: 15
    used15 = _weekdays(D(2025, 2, 3), 15)
    assert child_sickness_problem(nxt, used15[:14], children=3, alone=False) is None
    assert child_sickness_problem(nxt, used15, children=3, alone=False) is not None
    used30 = _weekdays(D(2025, 1, 6), 30)
    assert child_sickness_problem(nxt, used30[:29], children=3, alone=True) is None
    assert child_sickness_problem(nxt, used30, children=3, alone=True) is not None
    # days more than 12 months back do not count
    assert child_sickness_problem(D(2026, 3, 2), used, children=1, alone=False) is None


def test_spells_join_over_weekends_only():
    assert spells([D(2025, 3, 7), D(2025, 3, 10)]) == [Spell(D(2025, 3, 7), D(2025, 3, 10))]
    assert len(spells([D(2025, 3, 6), D(2025, 3, 10)])) == 2
    assert working_days(D(2025, 3, 7), D(2025, 3, 10)) == 2


def test_child_age_limit_is_the_calendar_year_the_child_turns_12_or_18_when_chronically_ill():
    born = D(2013, 12, 31)  # turns 12 on 31 December 2025
    assert child_within_age(born, D(2025, 12, 31))
    assert child_within_age(born, D(2025, 1, 2))  # still 11, same year
    assert not child_within_age(born, D(2026, 1, 1))  # the year after the 12th birthday year
    assert child_within_age(born, D(2026, 1, 1), chronic=True)
    assert child_within_age(D(2007, 1, 1), D(2025, 12, 31), chronic=True)  # turns 18 in 2025
    assert not child_within_age(D(2007, 1, 1), D(2026, 1, 2), chronic=True)
    assert not child_within_age(D(2026, 3, 1), D(2026, 2, 27))  # not yet born
    assert child_within_age(None, D(2026, 2, 27))  # birth date not registered: counted


def test_children_over_the_age_limit_do_not_count_towards_the_allowance_or_at_all():
    day = D(2026, 1, 5)
    three = [D(2013, 6, 1), D(2016, 6, 1), D(2020, 6, 1)]  # 13, 10 and 6 in 2026
    assert children_within_age(three, day) == 2  # the oldest turned 12 in 2025
    assert children_within_age(three, day, chronic=True) == 3
    used = _weekdays(D(2025, 2, 3), 10)
    # three children but only two within the limit: 10 days, not 15
    assert child_sickness_problem(day, used, children=children_within_age(three, day), alone=False) is not None
    assert child_sickness_problem(day, used, children=children_within_age(three, day, chronic=True),
                                  alone=False) is None
    # only a 13-year-old: no child's-sickness days at all, and the message says why
    problem = child_sickness_problem(day, [], children=children_within_age([D(2013, 6, 1)], day), alone=True)
    assert problem is not None and "12" in problem
