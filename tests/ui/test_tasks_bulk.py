"""GUI: back-registration from the household form, and batch actions on many selected tasks."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import FollowUpItem, Household
from hemsedal_integrering.reports import tasks as read
from hemsedal_integrering.services import people
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.people_dialogs import HouseholdDialog
from hemsedal_integrering.ui.tasks_area import TasksArea

D = dt.date


def old_household(ctx, name="Familien Mutombo"):
    return people.register_household(ctx, municipality="gol", name=name, legal_basis="resettlement",
                                     settlement_date=D(2025, 9, 1), members=[
                                         dict(first_name="Grace", last_name="Mutombo", role="adult",
                                              birth_date=D(1990, 3, 3))]).first_created("household")


def test_household_form_back_registers_a_past_settlement(qtbot, ctx):
    bus = ChangeBus()
    dialog = HouseholdDialog(ctx, bus)
    qtbot.addWidget(dialog)
    dialog.fields["name"].setText("Familien Bondarenko")
    dialog.fields["municipality"].setCurrentIndex(dialog.fields["municipality"].findData("hemsedal"))
    dialog.fields["legal_basis"].setCurrentIndex(dialog.fields["legal_basis"].findData("asylum"))
    assert dialog.fields["done_before"].text() == ""
    # when the officer types a settlement date in the past, "done before" suggests today
    qtbot.keyClicks(dialog.fields["settlement_date"], "01.02.2024")
    assert dialog.fields["done_before"].text() == "23.11.2026"
    dialog.members = [people.PersonInput(first_name="Iryna", last_name="Bondarenko", role="adult",
                                         birth_date="1979-01-01")]
    with qtbot.waitSignal(bus.changed):
        assert dialog.save()
    hid = Household.get(Household.name == "Familien Bondarenko").id
    rows = [r for r in read.list_tasks(ctx, include_later=True) if r.household_id == hid]
    assert rows and not [r for r in rows if r.bucket == "overdue"]
    assert FollowUpItem.select().where((FollowUpItem.household == hid) & (FollowUpItem.status == "done")).count() > 5


def test_user_choice_of_done_before_is_kept_and_a_future_one_refused(qtbot, ctx):
    dialog = HouseholdDialog(ctx, ChangeBus())
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fields["done_before"], "01.12.2026")
    qtbot.keyClicks(dialog.fields["settlement_date"], "01.02.2024")
    assert dialog.fields["done_before"].text() == "01.12.2026"  # the user's own choice is not overwritten
    dialog.fields["name"].setText("Familien X")
    dialog.fields["municipality"].setCurrentIndex(1)
    dialog.fields["legal_basis"].setCurrentIndex(1)
    dialog.members = [people.PersonInput(first_name="A", last_name="X", role="adult")]
    assert not dialog.save()
    assert "etter i dag" in dialog.error_text("done_before")
    assert Household.select().count() == 0


def test_select_many_and_mark_done_in_one_go(qtbot, ctx):
    hid = old_household(ctx)
    bus = ChangeBus()
    area = TasksArea(ctx, bus)
    qtbot.addWidget(area)
    assert area.wait()
    overdue = [r.id for r in area.model.rows if r.bucket == "overdue" and r.household_id == hid]
    assert len(overdue) >= 5
    chosen = overdue[:5]
    assert area.select_tasks(chosen) == 5
    assert "5 oppgaver valgt" in area.selection_label.text()
    dialog = area.mark_done()
    assert "5 oppgaver" in dialog.findChildren(type(area.summary))[0].text()
    dialog.text_edit.setPlainText("Gjennomgått på kontoret")
    with qtbot.waitSignal(bus.changed):
        assert dialog.save()
    items = list(FollowUpItem.select().where(FollowUpItem.id.in_(chosen)))
    assert {(i.status, i.note) for i in items} == {("done", "Gjennomgått på kontoret")}
    assert area.wait()
    assert not set(chosen) & {r.id for r in area.model.rows}


def test_select_many_postpone_and_assign(qtbot, ctx):
    from hemsedal_integrering.services import accounts
    uid = accounts.create_user(ctx, username="ola", full_name="Ola Officer", role="officer",
                               password="langt-passord-123").first_created("user")
    old_household(ctx)
    bus = ChangeBus()
    area = TasksArea(ctx, bus)
    qtbot.addWidget(area)
    assert area.wait()
    ids = [r.id for r in area.model.rows[:3]]
    area.select_tasks(ids)
    dialog = area.postpone()
    dialog.date_edit.setText("15.12.2026")
    assert not dialog.save()  # a justification is required; nothing saved
    assert {i.status for i in FollowUpItem.select().where(FollowUpItem.id.in_(ids))} == {"open"}
    dialog.text_edit.setPlainText("Venter på tolk")
    assert dialog.save()
    assert {(i.status, i.due_date) for i in FollowUpItem.select().where(FollowUpItem.id.in_(ids))} == {
        ("postponed", D(2026, 12, 15))}
    area.later.setChecked(True)
    assert area.wait()
    assert area.select_tasks(ids) == 3
    assign = area.assign_to()
    assign.officer.setCurrentIndex(assign.officer.findData(uid))
    with qtbot.waitSignal(bus.changed):
        assert assign.save()
    assert {i.assigned_to_id for i in FollowUpItem.select().where(FollowUpItem.id.in_(ids))} == {uid}
