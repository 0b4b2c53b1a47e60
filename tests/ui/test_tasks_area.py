"""GUI: the task overview marks an item done through the service; the timeline shows it."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import FollowUpItem
from hemsedal_integrering.services import people
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.followup_timeline import FollowupTimeline
from hemsedal_integrering.ui.tasks_area import TasksArea, overdue_count

# Runs on PostgreSQL too when HEMSEDAL_TEST_PG is set (issue 17; tests/conftest.py).

D = dt.date


def settle_family(ctx) -> int:
    return people.register_household(ctx, municipality="gol", name="Familien Tesfay", legal_basis="resettlement",
                                     settlement_date=D(2026, 11, 10), members=[
                                         dict(first_name="Abeba", last_name="Tesfay", role="adult",
                                              birth_date=D(1992, 2, 2)),
                                         dict(first_name="Selam", last_name="Tesfay", role="child",
                                              birth_date=D(2018, 5, 5))]).first_created("household")


def test_mark_overdue_task_done(qtbot, ctx):
    hid = settle_family(ctx)
    bus = ChangeBus()
    area = TasksArea(ctx, bus)
    qtbot.addWidget(area)
    assert area.wait()  # the list is read in a worker (issue 16)
    timeline = FollowupTimeline(ctx, bus)
    qtbot.addWidget(timeline)
    timeline.set_household(hid)
    before = overdue_count(ctx)
    assert before > 0 and f"Forfalt: {before}" in area.summary.text()
    # given the first overdue row is selected
    first = area.model.rows[0]
    assert first.bucket == "overdue"
    area.table.selectRow(0)
    # when the officer marks it done with a note
    dialog = area.mark_done()
    dialog.text_edit.setPlainText("Nav varslet på e-post")
    with qtbot.waitSignal(bus.changed):
        assert dialog.save()
    # then the item is done, the overview and the timeline refreshed from the change
    assert area.wait()
    item = FollowUpItem.get_by_id(first.id)
    assert (item.status, item.done_date, item.note) == ("done", ctx.today(), "Nav varslet på e-post")
    assert first.id not in [r.id for r in area.model.rows]
    assert f"Forfalt: {before - 1}" in area.summary.text()
    year0 = timeline.tree.topLevelItem(0)
    assert "1 utført" in year0.text(1)


def test_postpone_needs_a_reason(qtbot, ctx):
    settle_family(ctx)
    bus = ChangeBus()
    area = TasksArea(ctx, bus)
    qtbot.addWidget(area)
    assert area.wait()
    area.table.selectRow(0)
    row = area.model.rows[0]
    dialog = area.postpone()
    dialog.date_edit.setText("10.12.2026")
    assert not dialog.save()
    assert not dialog.errors["text"].isHidden() and "Begrunnelse" in dialog.errors["text"].text()
    assert FollowUpItem.get_by_id(row.id).status == "open"
    dialog.text_edit.setPlainText("Venter på tolk")
    assert dialog.save()
    assert FollowUpItem.get_by_id(row.id).due_date == D(2026, 12, 10)


def test_filter_by_responsible(qtbot, ctx):
    settle_family(ctx)
    area = TasksArea(ctx, ChangeBus())
    qtbot.addWidget(area)
    assert area.wait()
    everything = area.model.rows
    area.responsible.setCurrentIndex(area.responsible.findData("school"))
    assert area.model.rows is everything  # read in the worker: the rows shown stay until the new ones come
    assert area.wait()
    assert area.model.rows and {r.responsible for r in area.model.rows} == {"school"}


def test_timeline_new_task_and_undo(qtbot, ctx):
    hid = settle_family(ctx)
    bus = ChangeBus()
    timeline = FollowupTimeline(ctx, bus)
    qtbot.addWidget(timeline)
    timeline.set_household(hid)
    assert "oppfølgingsår 1 av 5" in timeline.header.text() and "09.11.2031" in timeline.header.text()
    dialog = timeline.new_item()
    dialog.date_edit.setText("01.12.2026")
    assert not dialog.save()  # no title
    assert "Oppgave" in dialog.errors["text"].text()
    dialog.text_edit.setPlainText("Følge opp søknad om bostøtte")
    assert dialog.save()
    item = FollowUpItem.get(FollowUpItem.source == "manual")
    assert (item.title, item.due_date, item.follow_up_year) == ("Følge opp søknad om bostøtte", D(2026, 12, 1), 1)
    # mark done and undo from the timeline
    year1 = timeline.tree.topLevelItem(1)
    row = next(year1.child(i) for i in range(year1.childCount()) if year1.child(i).text(1) == item.title)
    timeline.tree.setCurrentItem(row)
    timeline.mark_done().save()
    assert FollowUpItem.get_by_id(item.id).status == "done"
    row = next(timeline.tree.topLevelItem(1).child(i) for i in range(timeline.tree.topLevelItem(1).childCount())
               if timeline.tree.topLevelItem(1).child(i).text(1) == item.title)
    timeline.tree.setCurrentItem(row)
    timeline.reopen()
    assert FollowUpItem.get_by_id(item.id).status == "open"


def test_housing_staff_see_no_tasks_and_admin_cannot_change(qtbot, ctx):
    from hemsedal_integrering.models import User
    from hemsedal_integrering.services import accounts
    settle_family(ctx)
    accounts.create_user(ctx, username="bolig", full_name="Ola", role="housing", password="demo-passord-123")
    accounts.create_user(ctx, username="admin", full_name="Siri", role="admin", password="demo-passord-123")
    staff = TasksArea(ctx.as_user(User.get(User.username == "bolig")), ChangeBus())
    qtbot.addWidget(staff)
    assert staff.wait()
    assert staff.model.rows == [] and "ikke tilgang" in staff.summary.text()
    assert overdue_count(ctx.as_user(User.get(User.username == "bolig"))) == 0
    admin = TasksArea(ctx.as_user(User.get(User.username == "admin")), ChangeBus())
    qtbot.addWidget(admin)
    assert admin.wait()
    assert admin.model.rows and not admin.done_button.isEnabled()


def test_summary_counts_every_task_when_the_list_is_cut(qtbot, ctx, monkeypatch):
    # given more overdue tasks than the list holds (a large service: the list stops at its row limit)
    settle_family(ctx)
    monkeypatch.setattr(TasksArea, "row_limit", 2)
    area = TasksArea(ctx, ChangeBus())
    qtbot.addWidget(area)
    assert area.wait()
    # then the list holds two rows, the summary counts them all and says the list is cut
    overdue = overdue_count(ctx)
    assert overdue > 2 and len(area.model.rows) == 2
    assert f"Forfalt: {overdue}" in area.summary.text()
    assert "viser de første 2" in area.summary.text().lower()
