"""``plan_items`` (which works out due dates and programme eligibility once per call) plans exactly
what the straightforward expansion did: every template × member × occurrence judged on its own.

The reference below is the function as it was before the memos (issue 16 item 4).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from hemsedal_integrering.rules import followup as rules
from hemsedal_integrering.rules import introduction
from hemsedal_integrering.rules.followup import Member, PlannedItem, TemplateSpec
from hemsedal_integrering.services.followup import load_template_file
from hemsedal_integrering.vocab import LEGAL_BASES

D = dt.date


def reference_in_group(applies_to: str, member: Member | None, on: dt.date, basis: str | None) -> bool:
    if applies_to == "household":
        return member is None
    if member is None:
        return False
    if member.born_in_norway and applies_to not in rules.CHILD_ONLY:
        return False
    if applies_to == "everyone":
        return True
    if applies_to == "adult":
        return member.role == "adult"
    if applies_to in rules.PROGRAMME_GROUPS:
        elig = introduction.eligibility(member.birth_date, basis, member.permit_date or member.settlement,
                                        adult=member.role == "adult")
        if applies_to == "norwegian":
            return elig.norwegian != introduction.NONE
        wanted = {"programme": (introduction.RIGHT_AND_DUTY, introduction.RIGHT),
                  "programme_duty": (introduction.RIGHT_AND_DUTY,),
                  "programme_right": (introduction.RIGHT,)}[applies_to]
        if elig.programme not in wanted:
            return False
        window_end = introduction.programme_window_end(member.settlement, elig)
        return window_end is not None and on <= window_end
    if applies_to == "youth_16_17":
        if member.birth_date is None:
            return False
        return 16 <= rules.age_on(member.birth_date, max(on, member.settlement)) <= 17
    if member.role != "child" or member.birth_date is None:
        return False
    age = rules.age_on(member.birth_date, max(on, member.settlement))
    if applies_to == "school_child":
        return 6 <= age <= 15
    if applies_to == "kindergarten_child":
        return 1 <= age <= 5
    if applies_to == "child_0_5":
        return 0 <= age <= 5
    return False


def reference_plan_items(settlement: dt.date, household_basis: str | None, members: list[Member],
                         templates: list[TemplateSpec]) -> list[PlannedItem]:
    out = []
    for spec in templates:
        targets: list[Member | None] = [None] if spec.applies_to == "household" else list(members)
        for member in targets:
            start = settlement if member is None else member.settlement
            basis = household_basis if member is None else (member.legal_basis or household_basis)
            wanted = {b.strip() for b in spec.legal_bases.split(",") if b.strip()}
            if wanted and (basis or "") not in wanted:
                continue
            for occurrence, due in rules.due_dates(start, spec):
                if not reference_in_group(spec.applies_to, member, due, basis):
                    continue
                out.append(PlannedItem(
                    person_id=None if member is None else member.person_id, key=spec.key, occurrence=occurrence,
                    title=spec.title, responsible=spec.responsible, due_date=due,
                    follow_up_year=rules.item_year(start, due), version=spec.version))
    out.sort(key=lambda p: (p.due_date, p.person_id or 0, p.key, p.occurrence))
    return out


def program_templates() -> list[TemplateSpec]:
    """The program's default template, as generation reads it."""
    out = []
    for order, row in enumerate(load_template_file()):
        out.append(TemplateSpec(
            key=row["key"], title=row["title"], applies_to=row["applies_to"], responsible=row["responsible"],
            offset_days=row.get("offset_days", 0), offset_months=row.get("offset_months", 0),
            repeat_yearly=row.get("repeat_yearly", False), times_per_year=row.get("times_per_year", 1),
            legal_bases=row.get("legal_bases", ""), version=1, sort_order=(order + 1) * 10))
    return out


TEMPLATES = program_templates()
BASES = [None, *LEGAL_BASES]
days = st.dates(min_value=D(1940, 1, 1), max_value=D(2030, 12, 31))
settlements = st.dates(min_value=D(2018, 1, 1), max_value=D(2030, 12, 31))


@st.composite
def households(draw):
    settled = draw(settlements)
    members = []
    for person_id in range(1, draw(st.integers(1, 6)) + 1):
        role = draw(st.sampled_from(["adult", "child"]))
        arrival = draw(st.one_of(st.none(), st.dates(min_value=settled, max_value=D(2031, 12, 31))))
        members.append(Member(person_id=person_id * 7, role=role, birth_date=draw(st.one_of(st.none(), days)),
                              settlement=arrival or settled, legal_basis=draw(st.sampled_from(BASES)),
                              born_in_norway=draw(st.booleans()),
                              permit_date=draw(st.one_of(st.none(), settlements))))
    return settled, draw(st.sampled_from(BASES)), members


@settings(max_examples=300, deadline=None)
@given(households())
def test_plan_items_plans_what_the_plain_expansion_planned(household):
    # given any household (mixed ages, arrivals, legal bases, permit dates) and the program's template
    settled, basis, members = household
    # when the plan is made, then it is item for item what judging each occurrence on its own gave
    assert rules.plan_items(settled, basis, members, TEMPLATES) == reference_plan_items(
        settled, basis, members, TEMPLATES)


def test_programme_eligibility_is_judged_for_each_member_on_their_own():
    # given two adults on the same legal basis, one of programme age (35) and one past it (66)
    spec = TemplateSpec(key="review", title="Review", applies_to="programme", responsible="integration",
                        repeat_yearly=True, times_per_year=2)
    ahmad = Member(person_id=1, role="adult", birth_date=D(1990, 1, 1), settlement=D(2025, 1, 1),
                   legal_basis="asylum")
    karim = Member(person_id=2, role="adult", birth_date=D(1959, 1, 1), settlement=D(2025, 1, 1),
                   legal_basis="asylum")
    # when planned together, then only the younger gets programme items (the memo is per member)
    got = rules.plan_items(D(2025, 1, 1), "asylum", [ahmad, karim], [spec])
    assert got == reference_plan_items(D(2025, 1, 1), "asylum", [ahmad, karim], [spec])
    assert {p.person_id for p in got} == {1}
