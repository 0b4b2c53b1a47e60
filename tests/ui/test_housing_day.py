"""The housing office's day: its own tasks, and the tenants' phone and e-mail — never an identity number."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.errors import PermissionDenied
from hemsedal_integrering.models import FollowUpItem, User
from hemsedal_integrering.reports import housing_tasks
from hemsedal_integrering.services import accounts, followup, housing, inspections, people

# Runs on PostgreSQL too when HEMSEDAL_TEST_PG is set (issue 17; tests/conftest.py).

D = dt.date
NATIONAL_ID = "01018791234"


@pytest.fixture
def world(ctx):
    inspections.ensure_checklist(ctx)
    hid = people.register_household(ctx, municipality="hemsedal", name="Familien Mwamba", legal_basis="resettlement",
                                    settlement_date=D(2026, 12, 10), members=[
                                        dict(first_name="Grace", last_name="Mwamba", role="adult",
                                             birth_date=D(1987, 1, 1), phone="912 34 567",
                                             email="grace@example.no", health_note="Astma")]).first_created(
        "household")
    from hemsedal_integrering.models import Person
    Person.update(national_id=NATIONAL_ID).execute()
    uid = housing.create_unit(ctx, municipality="hemsedal", address="Ulsåkvegen 4", postal_code="3560",
                              place="Ulsåk", ownership="municipal").first_created("housing_unit")
    housing.move_in(ctx, household_id=hid, unit_id=uid, start_date=D(2026, 11, 20))
    followup.add_item(ctx, household_id=hid, title="Montere røykvarsler", due_date=D(2026, 11, 20),
                      responsible="housing", source="inspection")
    accounts.create_user(ctx, username="bolig", full_name="Ola Haugen", role="housing", password="demo-passord-123")
    return ctx.as_user(User.get(User.username == "bolig")), hid, uid


def test_housing_staff_see_and_close_their_own_tasks_only(world):
    ctx, hid, _uid = world
    rows = housing_tasks.list_housing_tasks(ctx, include_later=True)
    titles = {r.title for r in rows}
    # the plan's housing duties ("Bolig møblert og klargjort") and the inspection measure are theirs;
    # the school's and the integration service's tasks are not
    assert {"Bolig møblert og klargjort", "Montere røykvarsler"} <= titles
    assert all(r.responsible == "housing" or r.source == "inspection" for r in rows)
    assert FollowUpItem.select().where(FollowUpItem.responsible != "housing").count() > 0
    measure = next(r for r in rows if r.title == "Montere røykvarsler")
    followup.mark_done(ctx, item_id=measure.id, note="Montert")
    assert FollowUpItem.get_by_id(measure.id).status == "done"
    other = FollowUpItem.select().where(FollowUpItem.responsible == "integration").first()
    with pytest.raises(PermissionDenied):
        followup.mark_done(ctx, item_id=other.id)


def test_housing_role_sees_its_tasks_and_a_tenants_phone_and_no_identity_number(qtbot, world):
    from hemsedal_integrering.ui.areas import AREAS
    from hemsedal_integrering.ui.housing_area import HousingArea
    from hemsedal_integrering.ui.housing_tasks_area import HousingTasksArea
    from hemsedal_integrering.ui.main_window import MainWindow
    ctx, hid, uid = world
    w = MainWindow(ctx, areas=AREAS)
    qtbot.addWidget(w)
    keys = [cls.key for cls in w.area_classes]
    assert "housing_tasks" in keys and "tasks" not in keys
    w.show_key("housing_tasks")
    area = w.current_area()
    assert isinstance(area, HousingTasksArea)
    assert area.wait()
    assert "Montere røykvarsler" in [r.title for r in area.model.rows]
    area.table.selectRow([r.title for r in area.model.rows].index("Montere røykvarsler"))
    pane = area.contacts.toPlainText()
    assert "Grace Mwamba" in pane and "912 34 567" in pane and "grace@example.no" in pane
    assert NATIONAL_ID not in pane and "Astma" not in pane and "010187" not in pane
    assert area.done_button.isEnabled()
    # the unit's detail pane lists the tenants with phone and e-mail, still no identity number or health note
    w.show_key("housing")
    units = w.current_area()
    assert isinstance(units, HousingArea)
    html = units.panel.detail_html(uid)
    assert "912 34 567" in html and "grace@example.no" in html and "Grace Mwamba" in html
    assert NATIONAL_ID not in html and "Astma" not in html
    # and the inspections area names the tenants with phone
    w.show_key("inspections")
    insp = w.current_area()
    assert insp.wait()
    insp.units.selectRow(0)
    assert "912 34 567" in insp.tenants_label.text() and NATIONAL_ID not in insp.tenants_label.text()


def test_the_officer_keeps_the_full_task_list(qtbot, ctx):
    from hemsedal_integrering.ui.areas import AREAS
    from hemsedal_integrering.ui.main_window import MainWindow
    accounts.create_user(ctx, username="pr", full_name="Kari", role="officer", password="demo-passord-123")
    w = MainWindow(ctx.as_user(User.get(User.username == "pr")), areas=AREAS)
    qtbot.addWidget(w)
    keys = [cls.key for cls in w.area_classes]
    assert "tasks" in keys and "housing_tasks" not in keys


def test_moving_in_and_out_give_the_housing_office_its_inspections(world):
    ctx, hid, uid = world
    titles = {r.title for r in housing_tasks.list_housing_tasks(ctx, include_later=True)}
    assert "Innflyttingsbefaring: tilstandsrapport signert av leietaker" in titles
    from hemsedal_integrering.models import Tenancy
    housing.move_out(ctx, tenancy_id=Tenancy.get().id, end_date=D(2026, 12, 31))
    titles = {r.title for r in housing_tasks.list_housing_tasks(ctx, include_later=True)}
    assert "Utflyttingsbefaring og oppgjør av depositum" in titles


def test_old_moves_registered_after_the_fact_make_no_tasks(ctx):
    hid = people.register_household(ctx, municipality="hemsedal", name="Familien Eldre", legal_basis="resettlement",
                                    settlement_date=D(2020, 3, 1), members=[
                                        dict(first_name="Amal", last_name="Eldre", role="adult",
                                             birth_date=D(1980, 1, 1))]).first_created("household")
    uid = housing.create_unit(ctx, municipality="hemsedal", address="Gamlevegen 1",
                              ownership="municipal").first_created("housing_unit")
    housing.move_in(ctx, household_id=hid, unit_id=uid, start_date=D(2020, 3, 1))
    assert not FollowUpItem.select().where(FollowUpItem.title.contains("befaring")).exists()
