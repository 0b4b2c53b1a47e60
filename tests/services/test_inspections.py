"""Inspections: checklist by year and season, the one-week notice, recording with follow-up actions."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import FollowUpItem, Inspection, User
from hemsedal_integrering.reports import inspections as read
from hemsedal_integrering.reports.tasks import list_tasks
from hemsedal_integrering.services import accounts, housing, inspections, people

D = dt.date


@pytest.fixture
def tenancy(ctx) -> int:
    inspections.ensure_checklist(ctx)
    hid = people.register_household(ctx, municipality="hemsedal", name="Familien Kovalenko", legal_basis="collective",
                                    settlement_date=D(2023, 6, 1), members=[
                                        dict(first_name="Olena", last_name="Kovalenko", role="adult",
                                             birth_date=D(1985, 1, 1))]).first_created("household")
    uid = housing.create_unit(ctx, municipality="hemsedal", address="Trøimsvegen 12", postal_code="3560",
                              place="Trøim", ownership="municipal", bedrooms=2).first_created("housing_unit")
    return housing.move_in(ctx, household_id=hid, unit_id=uid, start_date=D(2023, 6, 1)).first_created("tenancy")


def keys(data):
    return [p.key for g in data.groups for p in g.points]


def test_checklist_for_year_and_season(ctx, tenancy):
    # given a tenancy settled 1.6.2023: on 23.11.2026 it is year 4, winter
    winter = inspections.checklist_for(ctx, tenancy_id=tenancy, on=D(2026, 11, 23))
    assert (winter.follow_up_year, winter.season, winter.address) == (4, "winter", "Trøimsvegen 12")
    assert winter.municipality == "Hemsedal kommune" and winter.household_name == "Familien Kovalenko"
    assert {"snow_clearing", "frost_protection", "housing_allowance", "own_home", "smoke_detector"} <= set(keys(winter))
    assert "lawn_mowing" not in keys(winter) and "deposit_guarantee" not in keys(winter)
    # a summer visit in year 1 has lawn mowing and the deposit, not bostøtte
    summer = inspections.checklist_for(ctx, tenancy_id=tenancy, on=D(2023, 7, 1))
    assert summer.follow_up_year == 1 and summer.season == "summer"
    assert {"lawn_mowing", "deposit_guarantee"} <= set(keys(summer))
    assert "housing_allowance" not in keys(summer) and "snow_clearing" not in keys(summer)
    assert [g.category for g in summer.groups][0] == "Husleie og økonomi"


def test_short_notice_is_refused_unless_confirmed(ctx, tenancy):
    when = dt.datetime(2026, 11, 27, 10, 0)
    assert "§ 5-6" in inspections.notice_warning(ctx, planned_at=when)
    with pytest.raises(ValidationError) as err:
        inspections.plan_inspection(ctx, tenancy_id=tenancy, planned_at=when)
    assert "notice_sent_date" in err.value.errors
    ch = inspections.plan_inspection(ctx, tenancy_id=tenancy, planned_at=when, short_notice_confirmed=True)
    assert Inspection.get_by_id(ch.first_created("inspection")).status == "planned"
    # a week ahead needs no confirmation
    assert inspections.notice_warning(ctx, planned_at="30.11.2026 09:00") is None
    inspections.plan_inspection(ctx, tenancy_id=tenancy, planned_at="30.11.2026 09:00")


def test_record_inspection_with_follow_up_action_joins_task_overview(ctx, tenancy):
    iid = inspections.plan_inspection(ctx, tenancy_id=tenancy, planned_at=dt.datetime(2026, 12, 1, 10, 0),
                                      notice_sent_date=D(2026, 11, 20)).first_created("inspection")
    data = inspections.checklist_for_inspection(ctx, inspection_id=iid)
    points = [p for g in data.groups for p in g.points]
    results = {p.point_id: ("ok", "") for p in points}
    smoke = next(p for p in points if p.key == "smoke_detector")
    results[smoke.point_id] = ("follow_up", "")
    ctx_later = ctx.__class__(db=ctx.db, user=None, clock=lambda: dt.datetime(2026, 12, 1, 12, 0))
    # when a follow-up point has no remark, then nothing is saved
    with pytest.raises(ValidationError) as err:
        inspections.record_inspection(ctx_later, inspection_id=iid, performed_date=D(2026, 12, 1), results=results)
    assert f"points[{smoke.point_id}].remark" in err.value.errors
    assert Inspection.get_by_id(iid).status == "planned"
    results[smoke.point_id] = ("follow_up", "Batteri mangler")
    inspections.record_inspection(ctx_later, inspection_id=iid, performed_date=D(2026, 12, 1), results=results,
                                  remarks="Ryddig og godt stelt.",
                                  actions=[dict(title="Bytte batteri i røykvarsler", due_date=D(2026, 12, 8))])
    insp = Inspection.get_by_id(iid)
    assert (insp.status, insp.performed_date, insp.remarks) == ("done", D(2026, 12, 1), "Ryddig og godt stelt.")
    action = FollowUpItem.get(FollowUpItem.source == "inspection")
    assert (action.title, action.responsible, action.due_date) == ("Bytte batteri i røykvarsler", "housing",
                                                                  D(2026, 12, 8))
    tasks = list_tasks(ctx_later, responsible="housing")
    assert [t.title for t in tasks if t.source == "inspection"] == ["Bytte batteri i røykvarsler"]
    rows = read.inspections_for_tenancy(ctx, tenancy_id=tenancy)
    assert rows[0].follow_up_points == 1


def test_housing_view_shows_due_units_and_no_sensitive_fields(ctx, tenancy):
    accounts.create_user(ctx, username="bolig", full_name="Ola", role="housing", password="demo-passord-123")
    staff = ctx.as_user(User.get(User.username == "bolig"))
    rows = read.units_overview(staff)
    assert len(rows) == 1 and rows[0].due and rows[0].follow_up_year == 4
    assert not {"health_note", "case_note", "national_id", "notes"} & set(vars(rows[0]))
    inspections.plan_inspection(staff, tenancy_id=tenancy, planned_at=dt.datetime(2026, 12, 3, 10, 0))
    assert not read.units_overview(staff)[0].due
    with pytest.raises(PermissionDenied):
        list_tasks(staff)


def test_checklist_template_edit_keeps_planned_copies(ctx, tenancy):
    iid = inspections.plan_inspection(ctx, tenancy_id=tenancy, planned_at=D(2026, 12, 3)).first_created("inspection")
    inspections.update_checklist_point(ctx, key="smoke_detector", text="Røykvarsler testet")
    inspections.update_checklist_point(ctx, key="snow_clearing", active=False)
    copy = keys(inspections.checklist_for_inspection(ctx, inspection_id=iid))
    assert "snow_clearing" in copy
    assert "snow_clearing" not in keys(inspections.checklist_for(ctx, tenancy_id=tenancy, on=D(2026, 12, 3)))
