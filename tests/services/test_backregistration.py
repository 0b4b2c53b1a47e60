"""Back-registration: a household settled long ago does not flood the task list; move-in closes "Bolig skaffet"."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import AuditEntry, FollowUpItem
from hemsedal_integrering.reports import tasks as read
from hemsedal_integrering.services import followup_bulk, housing, people

D = dt.date
MEMBERS = [dict(first_name="Olena", last_name="Kovalenko", role="adult", birth_date="1984-05-01"),
           dict(first_name="Maksym", last_name="Kovalenko", role="child", birth_date="2015-08-09")]


def register(ctx, settlement=dt.date(2025, 6, 1), done_before=None, name="Familien Kovalenko"):
    return people.register_household(ctx, municipality="hemsedal", name=name, legal_basis="asylum",
                                     settlement_date=settlement, members=MEMBERS,
                                     done_before=done_before).first_created("household")


def overdue(ctx, hid):
    return [r for r in read.list_tasks(ctx) if r.household_id == hid and r.bucket == "overdue"]


def test_without_back_registration_the_list_floods(ctx):
    # the old behaviour this feature fixes: many red items
    hid = register(ctx)
    assert len(overdue(ctx, hid)) > 10


def test_back_registration_until_today_leaves_no_overdue_item(ctx):
    hid = register(ctx, done_before=ctx.today())
    assert overdue(ctx, hid) == []
    done = list(FollowUpItem.select().where((FollowUpItem.household == hid) & (FollowUpItem.status == "done")))
    assert done and all(i.note == "registrert i ettertid" and i.done_date == i.due_date for i in done)
    assert all(i.due_date < ctx.today() for i in done)
    # later duties are still open
    later = FollowUpItem.select().where((FollowUpItem.household == hid) & (FollowUpItem.due_date >= ctx.today()))
    assert later.count() > 0 and {i.status for i in later} == {"open"}
    entry = AuditEntry.get((AuditEntry.action == "back_register") & (AuditEntry.entity_id == hid))
    assert str(len(done)) in entry.changes


def test_back_registration_until_a_chosen_date(ctx):
    chosen = D(2026, 3, 1)
    hid = register(ctx, done_before=chosen)
    items = list(FollowUpItem.select().where(FollowUpItem.household == hid))
    before = [i for i in items if i.due_date < chosen]
    between = [i for i in items if chosen <= i.due_date < ctx.today()]
    assert before and between
    assert {i.status for i in before} == {"done"}
    assert {i.status for i in between} == {"open"}
    # 0 overdue items for duties before the chosen date; the ones after it still show
    rows = overdue(ctx, hid)
    assert [r for r in rows if r.due_date < chosen] == []
    assert {r.id for r in rows} == {i.id for i in between}


def test_back_registration_refuses_a_future_day_and_needs_a_settlement_date(ctx, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        register(ctx, done_before=ctx.today() + dt.timedelta(days=1))
    assert "done_before" in exc.value.errors
    with pytest.raises(ValidationError) as exc:
        register(ctx, settlement=None, done_before="01.01.2026")
    assert "settlement" in exc.value.errors["done_before"].lower() or "bosettingsdato" in exc.value.errors[
        "done_before"].lower()
    assert snapshot() == before


def test_move_in_closes_dwelling_acquired(ctx, make_unit):
    hid = register(ctx, settlement=D(2026, 10, 1))
    item = FollowUpItem.get((FollowUpItem.household == hid) & (FollowUpItem.template_key == "pre_dwelling"))
    assert item.status == "open" and item.title == "Bolig skaffet"
    unit = make_unit()
    changes = housing.move_in(ctx, household_id=hid, unit_id=unit, start_date="25.09.2026")
    item = FollowUpItem.get_by_id(item.id)
    assert (item.status, item.done_date) == ("done", D(2026, 9, 25))
    assert item.id in changes.ids("follow_up_item")
    assert "Bolig skaffet" not in [r.title for r in read.list_tasks(ctx) if r.household_id == hid]


def test_settling_a_household_that_already_lives_somewhere_closes_dwelling(ctx, make_unit):
    hid = register(ctx, settlement=None)
    housing.move_in(ctx, household_id=hid, unit_id=make_unit(), start_date="01.11.2026")
    people.settle(ctx, household_id=hid, settlement_date="05.11.2026")
    item = FollowUpItem.get((FollowUpItem.household == hid) & (FollowUpItem.template_key == "pre_dwelling"))
    assert item.status == "done"


def test_update_household_can_back_register_when_the_date_is_set(ctx):
    hid = register(ctx, settlement=None)
    people.update_household(ctx, household_id=hid, settlement_date="01.02.2024", done_before="23.11.2026")
    assert overdue(ctx, hid) == []


# ----- batch actions -----

def open_ids(ctx, hid, n):
    return [i.id for i in FollowUpItem.select().where((FollowUpItem.household == hid) & (
        FollowUpItem.status == "open")).order_by(FollowUpItem.due_date).limit(n)]


def test_mark_done_many_is_all_or_nothing(ctx, snapshot):
    hid = register(ctx)
    ids = open_ids(ctx, hid, 5)
    followup_bulk.mark_not_relevant_many(ctx, item_ids=ids[:1], reason="Gjelder ikke")
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        followup_bulk.mark_done_many(ctx, item_ids=ids, note="ok")
    assert "allerede" in exc.value.errors[""]
    assert snapshot() == before  # none of the other four was marked
    changes = followup_bulk.mark_done_many(ctx, item_ids=ids[1:], done_date="20.11.2026", note="Gjort på møte")
    assert changes.ids("follow_up_item") == set(ids[1:])
    assert {(i.status, i.done_date, i.note) for i in FollowUpItem.select().where(FollowUpItem.id.in_(ids[1:]))} == {
        ("done", D(2026, 11, 20), "Gjort på møte")}


def test_postpone_and_assign_many(ctx):
    from hemsedal_integrering.services import accounts
    uid = accounts.create_user(ctx, username="kari", full_name="Kari Nordmann", role="officer",
                               password="langt-passord-123").first_created("user")
    hid = register(ctx)
    ids = open_ids(ctx, hid, 4)
    with pytest.raises(ValidationError) as exc:
        followup_bulk.postpone_many(ctx, item_ids=ids, new_due_date="01.12.2026", reason="")
    assert "reason" in exc.value.errors
    followup_bulk.postpone_many(ctx, item_ids=ids, new_due_date="01.12.2026", reason="Venter på tolk")
    rows = list(FollowUpItem.select().where(FollowUpItem.id.in_(ids)))
    assert {(r.status, r.due_date) for r in rows} == {("postponed", D(2026, 12, 1))}
    assert all(r.original_due_date is not None for r in rows)
    followup_bulk.assign_many(ctx, item_ids=ids, user_id=uid)
    assert {r.assigned_to_id for r in FollowUpItem.select().where(FollowUpItem.id.in_(ids))} == {uid}
    assert AuditEntry.select().where((AuditEntry.entity == "follow_up_item") & AuditEntry.entity_id.in_(ids)
                                     & (AuditEntry.action == "update")).count() == 8


def test_recent_settlement_closes_up_to_the_day_before_today(ctx):
    # settled two months ago: many duties fall in the last weeks, right up to the chosen day
    hid = register(ctx, settlement=D(2026, 9, 24), done_before=ctx.today())
    items = list(FollowUpItem.select().where(FollowUpItem.household == hid))
    recent = [i for i in items if ctx.today() - dt.timedelta(days=60) <= i.due_date < ctx.today()]
    assert len(recent) >= 3 and {i.status for i in recent} == {"done"}
    assert overdue(ctx, hid) == []
    assert {i.status for i in items if i.due_date >= ctx.today()} == {"open"}
