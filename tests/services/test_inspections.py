"""Inspections: checklist by year and season, the one-week notice, recording with follow-up actions."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import ChecklistTemplateItem, FollowUpItem, Inspection, User
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
    assert {"snow_clearing", "frost_protection", "housing_allowance_monthly", "own_home", "smoke_detector",
            "electrical_safety", "chimney_sweep", "who_lives_there", "move_out_inspection"} <= set(keys(winter))
    assert "move_in_inspection" not in keys(winter) and "year_one_visits" not in keys(winter)
    assert "lawn_mowing" not in keys(winter) and "deposit_guarantee" not in keys(winter)
    # a summer visit in year 1 has lawn mowing, the deposit, the move-in inspection, more than two visits
    # and bostøtte (it can be applied for from year 1; Husbanken assesses it monthly, no yearly renewal)
    summer = inspections.checklist_for(ctx, tenancy_id=tenancy, on=D(2023, 7, 1))
    assert summer.follow_up_year == 1 and summer.season == "summer"
    assert {"lawn_mowing", "deposit_guarantee", "move_in_inspection", "year_one_visits",
            "housing_allowance_monthly"} <= set(keys(summer))
    assert "housing_allowance" not in keys(summer) and "snow_clearing" not in keys(summer)
    texts = [p.text for g in summer.groups for p in g.points]
    assert not any("fornye" in t for t in texts)
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


def test_an_older_database_gets_the_new_points_and_loses_the_retired_one(ctx, tenancy):
    # given a database loaded with the old default list: bostøtte only in years 3-5, no electrical safety
    inspections.ensure_checklist(ctx)
    ChecklistTemplateItem.delete().where(ChecklistTemplateItem.key.in_(
        ["electrical_safety", "housing_allowance_monthly"])).execute()
    ChecklistTemplateItem.create(key="housing_allowance", category="Husleie og økonomi",
                                 text="Bostøtte fra Husbanken: søkt og fornyet", years="3,4,5", sort_order=45)
    ChecklistTemplateItem.create(key="own_rule", category="Egne", text="Kommunens eget punkt", sort_order=999)
    # when a checklist is made
    data = inspections.checklist_for(ctx, tenancy_id=tenancy, on=D(2026, 11, 23))
    # then the new points are there, the retired default is gone, the municipality's own point stays
    assert {"electrical_safety", "housing_allowance_monthly", "own_rule"} <= set(keys(data))
    assert "housing_allowance" not in keys(data)
    assert not ChecklistTemplateItem.get(ChecklistTemplateItem.key == "housing_allowance").active


def test_an_edited_retired_point_is_kept(ctx, tenancy):
    inspections.ensure_checklist(ctx)
    ChecklistTemplateItem.create(key="housing_allowance", category="Husleie og økonomi",
                                 text="Bostøtte: vår egen tekst", years="1,2,3,4,5", sort_order=45)
    data = inspections.checklist_for(ctx, tenancy_id=tenancy, on=D(2026, 11, 23))
    assert "housing_allowance" in keys(data)


def test_unplanned_visit_is_planned_and_recorded_in_one_step(ctx, tenancy):
    # given a visit made today without a plan
    on = ctx.today()
    data = inspections.checklist_for(ctx, tenancy_id=tenancy, on=on)
    results = {k: ("ok", "") for k in keys(data)}
    results["smoke_detector"] = ("follow_up", "")
    # a point needing follow-up without a remark: nothing is saved, the error names the point by key
    with pytest.raises(ValidationError) as err:
        inspections.record_unplanned_inspection(ctx, tenancy_id=tenancy, performed_date=on, results=results)
    assert "points[smoke_detector].remark" in err.value.errors
    assert Inspection.select().count() == 0
    results["smoke_detector"] = ("follow_up", "Batteriet er tomt")
    inspections.record_unplanned_inspection(ctx, tenancy_id=tenancy, performed_date=on, results=results,
                                            remarks="Uanmeldt besøk",
                                            actions=[dict(title="Bytte batteri", due_date=on + dt.timedelta(days=7))])
    insp = Inspection.get()
    assert (insp.status, insp.performed_date, insp.remarks) == ("done", on, "Uanmeldt besøk")
    # the record reads back: every point's result and remark, and the measure as a task
    detail = read.inspection_detail(ctx, inspection_id=insp.id)
    assert ("Brannsikkerhet", "Røykvarsler testet (hver måned) og batteri byttet (hvert år)", "follow_up",
            "Batteriet er tomt") in detail.points
    assert [(m.title, m.status) for m in detail.measures] == [("Bytte batteri", "Åpen")]
    row = read.inspections_for_tenancy(ctx, tenancy_id=tenancy)[0]
    assert row.follow_up_points == 1 and row.measures == 1 and row.open_measures == 1
    assert "1 må følges opp" in row.summary and "1 tiltak (1 ikke utført)" in row.summary


def test_measures_recorded_before_the_link_are_found_by_their_note(ctx, tenancy):
    on = ctx.today()
    data = inspections.checklist_for(ctx, tenancy_id=tenancy, on=on)
    inspections.record_unplanned_inspection(ctx, tenancy_id=tenancy, performed_date=on,
                                            results={k: ("ok", "") for k in keys(data)},
                                            actions=[dict(title="Rense sluk", due_date=on)])
    # given a task from an older program version: no inspection key, only the note
    FollowUpItem.update(template_key="").execute()
    detail = read.inspection_detail(ctx, inspection_id=Inspection.get().id)
    assert [m.title for m in detail.measures] == ["Rense sluk"]
