"""Follow-up generation through the people services, template edits, moving away, item work."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import FollowUpItem, Person, User
from hemsedal_integrering.services import accounts, followup, people

D = dt.date
SETTLED = D(2026, 1, 31)


def family(ctx, *, basis="asylum", settled=SETTLED) -> int:
    """Two adults, a school child (10) and a kindergarten child (3)."""
    ch = people.register_household(ctx, municipality="hemsedal", name="Familien Haddad", legal_basis=basis,
                                   settlement_date=settled, members=[
                                       dict(first_name="Omar", last_name="Haddad", role="adult",
                                            birth_date=D(1988, 4, 2)),
                                       dict(first_name="Lina", last_name="Haddad", role="adult",
                                            birth_date=D(1990, 9, 9)),
                                       dict(first_name="Sami", last_name="Haddad", role="child",
                                            birth_date=D(2015, 6, 1)),
                                       dict(first_name="Maya", last_name="Haddad", role="child",
                                            birth_date=D(2022, 8, 15))])
    return ch.first_created("household")


def items(hid, **where):
    q = FollowUpItem.select().where(FollowUpItem.household == hid)
    for k, v in where.items():
        q = q.where(getattr(FollowUpItem, k) == v)
    return list(q.order_by(FollowUpItem.due_date, FollowUpItem.id))


def person(hid, first):
    return Person.get((Person.household == hid) & (Person.first_name == first))


def test_family_with_school_and_kindergarten_child_gets_their_items(ctx):
    hid = family(ctx)
    sami, maya, omar = person(hid, "Sami"), person(hid, "Maya"), person(hid, "Omar")
    # school start-up meeting no later than two weeks after arrival, for the school child only
    startup = items(hid, template_key="school_startup")
    assert [(i.person_id, i.due_date, i.responsible) for i in startup] == [(sami.id, D(2026, 2, 14), "school")]
    # kindergarten place + welcome meeting + two interpreter meetings a year until Maya turns six
    assert [i.person_id for i in items(hid, template_key="kg_place")] == [maya.id]
    meetings = items(hid, template_key="kg_interpreter_meeting")
    assert [i.due_date for i in meetings][:2] == [D(2026, 5, 31), D(2026, 11, 30)]
    assert all(i.due_date < D(2028, 8, 15) for i in meetings) and len(meetings) == 5
    # adults: mapping -> guidance -> decision -> start within 3 months (31 Jan + 3 months = 30 Apr)
    decision = items(hid, template_key="programme_decision")
    assert {i.person_id for i in decision} == {omar.id, person(hid, "Lina").id}
    assert decision[0].due_date == D(2026, 4, 16)
    order = [items(hid, template_key=k, person=omar.id)[0].due_date for k in (
        "competence_mapping", "career_guidance_start", "programme_decision", "programme_start")]
    assert order == [D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 16), D(2026, 4, 30)]
    # every person gets a yearly status in each of years 1–5; the household one closing status
    assert len(items(hid, template_key="yearly_status")) == 4 * 5
    closing = items(hid, template_key="closing_status")
    assert len(closing) == 1 and closing[0].person_id is None and closing[0].follow_up_year == 5
    # before-arrival items are year 0
    assert {i.follow_up_year for i in items(hid, template_key="pre_notify_nav")} == {0}


def test_collective_protection_gets_right_not_duty(ctx):
    hid = family(ctx, basis="collective")
    assert items(hid, template_key="programme_decision") == []
    assert len(items(hid, template_key="programme_right_info")) == 2
    assert len(items(hid, template_key="programme_decision_voluntary")) == 2


def test_regeneration_is_idempotent_and_follows_a_birth_date_fix(ctx):
    hid = family(ctx)
    before = len(items(hid))
    maya = person(hid, "Maya")
    done = items(hid, template_key="kg_place")[0]
    followup.mark_done(ctx, item_id=done.id, note="Plass i Ulsåk barnehage")
    # when nothing relevant changes, nothing is duplicated
    people.update_household(ctx, household_id=hid, contact_phone="400 00 000")
    assert len(items(hid)) == before
    # when Maya's birth date is corrected to an older child she stops being a kindergarten child
    people.update_person(ctx, person_id=maya.id, birth_date=D(2019, 8, 15))
    # then the done kindergarten item stays, the open kindergarten meetings are gone (she is six),
    # and she gets the school start-up meeting instead
    assert FollowUpItem.get_by_id(done.id).status == "done"
    assert items(hid, template_key="kg_interpreter_meeting") == []
    assert [i.due_date for i in items(hid, template_key="school_startup", person=maya.id)] == [D(2026, 2, 14)]
    assert len(items(hid, template_key="yearly_status")) == 20


def test_new_member_gets_items_from_own_arrival(ctx):
    hid = family(ctx)
    people.add_person(ctx, household_id=hid, person=dict(first_name="Yusuf", last_name="Haddad", role="adult",
                                                         birth_date=D(1960, 1, 1), arrival_date=D(2026, 6, 1)))
    yusuf = person(hid, "Yusuf")
    # 66 on arrival: Norwegian and social studies (18–67), no programme duties
    assert items(hid, template_key="competence_mapping", person=yusuf.id) == []
    assert [i.due_date for i in items(hid, template_key="adult_education_start", person=yusuf.id)] == [
        D(2026, 7, 1)]
    people.add_person(ctx, household_id=hid, person=dict(first_name="Rami", last_name="Haddad", role="adult",
                                                         birth_date=D(1995, 1, 1), arrival_date=D(2026, 6, 1)))
    mapping = items(hid, template_key="competence_mapping", person=person(hid, "Rami").id)
    assert [i.due_date for i in mapping] == [D(2026, 7, 1)]


def test_template_edit_does_not_rewrite_history_until_confirmed(ctx):
    hid = family(ctx)
    past = items(hid, template_key="yearly_status")[0]  # due 17.01.2027 … make one done first
    followup.mark_done(ctx, item_id=past.id, done_date=D(2026, 11, 1), note="Status registrert")
    open_before = [(i.id, i.due_date) for i in items(hid, template_key="yearly_status", status="open")]
    # when the administrator moves the yearly status one month earlier
    followup.update_template_item(ctx, key="yearly_status", offset_months=11, title="Årlig status til KPI")
    # then nothing changed yet, not even after an unrelated household edit
    people.update_household(ctx, household_id=hid, contact_phone="1")
    assert [(i.id, i.due_date) for i in items(hid, template_key="yearly_status", status="open")] == open_before
    # the preview shows the future open items that would follow
    preview = [c for c in followup.preview_template_changes(ctx) if c.household_id == hid]
    assert {c.kind for c in preview} == {"update"} and len(preview) == len(open_before)
    assert (preview[0].old_due, preview[0].new_due) == (D(2027, 1, 17), D(2026, 12, 17))
    # when confirmed, open future items follow; the done item keeps its title and date
    followup.apply_template_changes(ctx)
    after = items(hid, template_key="yearly_status", status="open")
    assert all(i.title == "Årlig status til KPI" and i.template_version == 2 for i in after)
    assert after[0].due_date == D(2026, 12, 17)
    assert FollowUpItem.get_by_id(past.id).due_date == D(2027, 1, 17)
    kept = FollowUpItem.get_by_id(past.id)
    assert (kept.title, kept.status, kept.template_version) == (
        "Årlig statusoppdatering (arbeid, utdanning, annet)", "done", 1)
    assert followup.preview_template_changes(ctx) == []


def test_deactivated_template_removes_future_open_items_only_after_confirm(ctx):
    hid = family(ctx)
    n = len(items(hid, template_key="plan_review"))
    followup.update_template_item(ctx, key="plan_review", active=False)
    assert len(items(hid, template_key="plan_review")) == n
    followup.apply_template_changes(ctx)
    assert items(hid, template_key="plan_review") == []


def test_moving_away_closes_open_items_as_moved(ctx):
    hid = family(ctx)
    omar = person(hid, "Omar")
    done = items(hid, template_key="health_screening", person=omar.id)[0]
    followup.mark_done(ctx, item_id=done.id)
    people.record_moving_away(ctx, household_id=hid, date=D(2026, 10, 1), moved_to="Oslo", reason="work_elsewhere",
                              person_ids=[omar.id])
    mine = items(hid, person=omar.id)
    assert {i.status for i in mine} == {"done", "moved"}
    assert FollowUpItem.get_by_id(done.id).status == "done"
    assert items(hid, status="open", template_key="closing_status")  # household still here
    # when the rest move, the household's own items close too
    people.record_moving_away(ctx, household_id=hid, date=D(2026, 11, 1), moved_to="Oslo", reason="climate")
    assert items(hid, status="open") == []
    assert items(hid, template_key="closing_status")[0].status == "moved"


def test_mark_done_postpone_not_relevant(ctx):
    hid = family(ctx)
    a, b, c = items(hid, status="open")[:3]
    followup.mark_done(ctx, item_id=a.id, done_date="20.11.2026", note="Ok")
    a = FollowUpItem.get_by_id(a.id)
    assert (a.status, a.done_date, a.note) == ("done", D(2026, 11, 20), "Ok")
    with pytest.raises(ValidationError) as err:
        followup.postpone(ctx, item_id=b.id, new_due_date="01.12.2026", reason="")
    assert "reason" in err.value.errors
    followup.postpone(ctx, item_id=b.id, new_due_date="01.12.2026", reason="Venter på tolk")
    b2 = FollowUpItem.get_by_id(b.id)
    assert (b2.status, b2.due_date, b2.original_due_date) == ("postponed", D(2026, 12, 1), b.due_date)
    followup.postpone(ctx, item_id=b.id, new_due_date="15.12.2026", reason="Igjen")
    assert FollowUpItem.get_by_id(b.id).original_due_date == b.due_date
    followup.mark_not_relevant(ctx, item_id=c.id, reason="Har allerede fastlege")
    assert FollowUpItem.get_by_id(c.id).status == "not_relevant"
    with pytest.raises(ValidationError):
        followup.mark_done(ctx, item_id=c.id)
    with pytest.raises(ValidationError):
        followup.mark_done(ctx, item_id=b.id, done_date=D(2026, 12, 1))  # future


def test_housing_staff_may_not_work_on_follow_up(ctx):
    hid = family(ctx)
    accounts.create_user(ctx, username="bolig", full_name="Ola", role="housing", password="demo-passord-123")
    housing_ctx = ctx.as_user(User.get(User.username == "bolig"))
    others = [i for i in items(hid) if i.responsible != "housing"]
    with pytest.raises(PermissionDenied):
        followup.mark_done(housing_ctx, item_id=others[0].id)
    # their own duties ("Bolig skaffet", "Bolig møblert") they may close (issue 15)
    own = [i for i in items(hid) if i.responsible == "housing"]
    followup.mark_done(housing_ctx, item_id=own[0].id)


def test_settlement_date_set_later_and_corrected(ctx):
    # given a household registered before arrival (no settlement date): no plan yet
    hid = people.register_household(ctx, municipality="gol", name="Familien Nkosi", legal_basis="resettlement",
                                    members=[dict(first_name="Amani", last_name="Nkosi", role="adult",
                                                  birth_date=D(1991, 1, 1))]).first_created("household")
    assert items(hid) == []
    # when it is settled, the plan is generated
    people.settle(ctx, household_id=hid, settlement_date=D(2026, 12, 1))
    reception = items(hid, template_key="arrival_reception")[0]
    nav = items(hid, template_key="pre_notify_nav")[0]
    followup.mark_done(ctx, item_id=nav.id, done_date=D(2026, 11, 10))
    # when the date is corrected, open items move, the done one stays
    people.update_household(ctx, household_id=hid, settlement_date=D(2026, 12, 15))
    assert FollowUpItem.get_by_id(reception.id).due_date == D(2026, 12, 15)
    assert FollowUpItem.get_by_id(nav.id).due_date == D(2026, 11, 10)
    assert len(items(hid, template_key="pre_notify_nav")) == 1
