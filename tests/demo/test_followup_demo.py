"""The demo's follow-up plans and inspections look lived-in (and the seed figures stay intact)."""

from __future__ import annotations

from peewee import fn

from hemsedal_integrering.models import FollowUpItem, Household, Inspection, InspectionPoint
from hemsedal_integrering.reports import tasks


def test_most_past_items_done_a_handful_overdue(demo_ctx):
    today = demo_ctx.today()
    past = FollowUpItem.select().where((FollowUpItem.due_date < today) & (FollowUpItem.status != "moved"))
    done = past.where(FollowUpItem.status == "done").count()
    overdue = tasks.overdue_count(demo_ctx)
    assert past.count() > 500
    assert done / past.count() > 0.9
    assert 5 <= overdue <= 40
    # done items were done by the programme adviser, near their due date
    # ("Bolig skaffet" is closed by the move-in itself, on the moving-in date: services.followup_bulk)
    sample = FollowUpItem.select().where(FollowUpItem.status == "done", FollowUpItem.source == "template",
                                         FollowUpItem.template_key != "pre_dwelling").first()
    assert sample.done_by is not None and abs((sample.done_date - sample.due_date).days) <= 9


def test_inspections_done_with_remarks_and_a_few_planned(demo_ctx):
    done = Inspection.select().where(Inspection.status == "done")
    assert done.count() > 30
    assert done.where(Inspection.remarks != "").count() == done.count()
    assert InspectionPoint.select().where(InspectionPoint.result == "follow_up").count() > 5
    assert 3 <= Inspection.select().where(Inspection.status == "planned").count() <= 30
    assert FollowUpItem.select().where(FollowUpItem.source == "inspection").exists()


def test_movers_keep_their_history(demo_ctx):
    moved = Household.select().where(Household.moved_out_date.is_null(False)
                                     & (Household.settlement_date >= demo_ctx.today().replace(year=2023)))
    hh = moved.first()
    statuses = dict(FollowUpItem.select(FollowUpItem.status, fn.COUNT(FollowUpItem.id))
                    .where(FollowUpItem.household == hh).group_by(FollowUpItem.status).tuples())
    assert statuses.get("done", 0) > 0 and statuses.get("moved", 0) > 0
