"""The follow-up plan generated from introduction-programme eligibility (integreringsloven §§ 8–12, kap. 6A)."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import FollowUpItem, Person
from hemsedal_integrering.services import followup, people

D = dt.date
SETTLED = D(2026, 9, 1)
PROGRAMME_KEYS = {"competence_mapping", "competence_mapping_check", "competence_mapping_voluntary",
                  "career_guidance_start", "programme_decision", "programme_decision_voluntary", "programme_start",
                  "plan_review", "career_guidance_end", "programme_right_info"}


def household(ctx, basis: str, members: list[tuple[str, str, dt.date]], settled=SETTLED) -> int:
    return people.register_household(ctx, municipality="gol", name="Familien Test", legal_basis=basis,
                                     settlement_date=settled, members=[
                                         dict(first_name=n, last_name="Test", role=role, birth_date=b)
                                         for n, role, b in members]).first_created("household")


def keys(hid: int, first: str, *, status: str | None = None) -> set[str]:
    p = Person.get((Person.household == hid) & (Person.first_name == first))
    q = FollowUpItem.select().where(FollowUpItem.person == p.id)
    if status:
        q = q.where(FollowUpItem.status == status)
    return {i.template_key for i in q}


def test_age_decides_who_gets_the_programme_and_norwegian(ctx):
    hid = household(ctx, "asylum", [("Seventy", "adult", D(1956, 1, 1)), ("Fiftysix", "adult", D(1970, 1, 1)),
                                     ("Thirty", "adult", D(1996, 1, 1)), ("Seventeen", "child", D(2009, 1, 1)),
                                     ("Ten", "child", D(2016, 1, 1))])
    # a 70-year-old: no programme, no Norwegian
    assert not keys(hid, "Seventy") & (PROGRAMME_KEYS | {"adult_education_start"})
    # a 56-year-old: Norwegian and social studies only
    assert keys(hid, "Fiftysix") & (PROGRAMME_KEYS | {"adult_education_start"}) == {"adult_education_start"}
    # 30: the whole route, in order
    assert {"competence_mapping", "career_guidance_start", "programme_decision", "programme_start",
            "adult_education_start"} <= keys(hid, "Thirty")
    # 17: the combination programme at Gol upper secondary, not the grades 1–10 school start-up
    assert "youth_combination" in keys(hid, "Seventeen") and "school_startup" not in keys(hid, "Seventeen")
    assert not keys(hid, "Seventeen") & PROGRAMME_KEYS
    assert "school_startup" in keys(hid, "Ten") and "youth_combination" not in keys(hid, "Ten")


def test_collective_protection_right_only_and_short(ctx):
    hid = household(ctx, "collective", [("Olena", "adult", D(1985, 5, 5))])
    got = keys(hid, "Olena")
    assert {"programme_right_info", "competence_mapping_voluntary", "programme_decision_voluntary"} <= got
    assert not got & {"competence_mapping", "programme_decision", "programme_start", "career_guidance_end"}
    # no yearly plan review for five years: only while a 6–12-month programme can run
    reviews = FollowUpItem.select().where(FollowUpItem.template_key == "plan_review")
    assert [i.due_date for i in reviews] == [D(2027, 8, 1)]


def test_family_reunified_member_of_a_collective_household_follows_the_ordinary_rules(ctx):
    hid = household(ctx, "collective", [("Olena", "adult", D(1985, 5, 5))])
    people.add_person(ctx, household_id=hid, person=dict(first_name="Andrii", last_name="Test", role="adult",
                                                         birth_date=D(1984, 2, 2), legal_basis="family",
                                                         arrival_date=D(2026, 10, 1)))
    got = keys(hid, "Andrii")
    assert {"competence_mapping", "programme_decision", "programme_start"} <= got
    start = FollowUpItem.get(FollowUpItem.template_key == "programme_start")
    assert start.due_date == D(2027, 1, 1)  # three months from his own arrival


def test_transfer_refugee_checks_imdis_mapping(ctx):
    hid = household(ctx, "resettlement", [("Amani", "adult", D(1991, 1, 1))])
    got = keys(hid, "Amani")
    assert "competence_mapping_check" in got and "competence_mapping" not in got


def test_birth_date_and_legal_basis_changes_regenerate_untouched_items(ctx):
    hid = household(ctx, "asylum", [("Karim", "adult", D(1990, 1, 1))])
    karim = Person.get(Person.first_name == "Karim")
    info = FollowUpItem.get((FollowUpItem.person == karim.id) & (FollowUpItem.template_key == "competence_mapping"))
    followup.mark_done(ctx, item_id=info.id, done_date=D(2026, 10, 1), note="Kartlagt")
    # when the birth date is corrected to 1960 (66 on settlement): open programme items go; the done one stays
    people.update_person(ctx, person_id=karim.id, birth_date=D(1960, 1, 1))
    assert keys(hid, "Karim", status="open") & PROGRAMME_KEYS == set()
    assert FollowUpItem.get_by_id(info.id).status == "done"
    assert "adult_education_start" in keys(hid, "Karim")
    # when the birth date is put back and the basis becomes collective protection: right-only items
    people.update_person(ctx, person_id=karim.id, birth_date=D(1990, 1, 1))
    people.update_household(ctx, household_id=hid, legal_basis="collective")
    open_keys = keys(hid, "Karim", status="open")
    assert "programme_decision_voluntary" in open_keys and "programme_decision" not in open_keys
