"""The re-read areas (Oppgaver, Boligoppgaver, Tilsyn) share ui.searchable_area: every read of the list —
the first show, a filter, a change, a typed search — runs in a worker thread and is shown when it arrives,
the newest request winning (issue 16: the task list held the window 0.1-0.6 s at 100,000-300,000 persons)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from hemsedal_integrering.services import housing, people
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.busy import DELAY_MS
from hemsedal_integrering.ui.housing_tasks_area import HousingTasksArea
from hemsedal_integrering.ui.inspections_area import InspectionsArea
from hemsedal_integrering.ui.tasks_area import TasksArea

D = dt.date
AREAS = (TasksArea, HousingTasksArea, InspectionsArea)


def settle_family(ctx) -> int:
    hid = people.register_household(ctx, municipality="gol", name="Familien Tesfay", legal_basis="resettlement",
                                    settlement_date=D(2026, 11, 10), members=[
                                        dict(first_name="Abeba", last_name="Tesfay", role="adult",
                                             birth_date=D(1992, 2, 2))]).first_created("household")
    uid = housing.create_unit(ctx, municipality="gol", address="Sentrumsvegen 3", place="Gol",
                              ownership="municipal").first_created("housing_unit")
    housing.move_in(ctx, household_id=hid, unit_id=uid, start_date=D(2026, 11, 10))
    return hid


def spy_threads(monkeypatch, cls) -> list[str]:
    """The names of the threads ``cls.read_rows`` runs on."""
    threads: list[str] = []
    original = cls.read_rows

    def spy(self, query):
        threads.append(threading.current_thread().name)
        return original(self, query)
    monkeypatch.setattr(cls, "read_rows", spy)
    return threads


@pytest.mark.parametrize("cls", AREAS)
def test_the_first_show_and_a_filter_are_read_in_a_worker(qtbot, ctx, monkeypatch, cls):
    settle_family(ctx)
    threads = spy_threads(monkeypatch, cls)
    # when the area is built, nothing is read on the GUI thread: the list is empty until the rows arrive
    area = cls(ctx, ChangeBus())
    qtbot.addWidget(area)
    assert area.model.rows == []
    with qtbot.waitSignal(area.refreshed, timeout=10_000):
        pass
    assert area.model.rows  # the family's tasks, or its dwelling
    assert threads and all(name.startswith("background-") for name in threads)
    # and a filter (a check box here; the drop-downs are wired the same way) reads in the worker too
    threads.clear()
    check = area.filter_widgets[-1]
    check.setChecked(not check.isChecked())
    assert area.wait()
    assert threads and all(name.startswith("background-") for name in threads)


def test_a_typed_search_is_read_in_a_worker_and_shown_when_it_arrives(qtbot, ctx, monkeypatch):
    settle_family(ctx)
    area = TasksArea(ctx, ChangeBus())
    qtbot.addWidget(area)
    assert area.wait()
    everything = [r.id for r in area.model.rows]
    assert everything  # the new household's first tasks
    readers = spy_threads(monkeypatch, TasksArea)
    # when the officer types a search nothing matches
    qtbot.keyClicks(area.search, "ingen slik oppgave")
    # then, after the pause, the list empties from a read made off the GUI thread
    qtbot.waitUntil(lambda: area.model.rows == [], timeout=10_000)
    assert readers and all(name.startswith("background-") for name in readers)
    # and clearing the search brings every task back the same way
    area.search.clear()
    qtbot.waitUntil(lambda: [r.id for r in area.model.rows] == everything, timeout=10_000)
    assert area.wait()


def test_a_newer_request_drops_the_rows_of_one_still_being_read(qtbot, ctx):
    settle_family(ctx)
    area = TasksArea(ctx, ChangeBus())
    qtbot.addWidget(area)
    assert area.wait()
    shown = []
    area.show_rows = lambda rows, query, show=area.show_rows: (shown.append(query["search"]), show(rows, query))
    area.search.blockSignals(True)
    area.search.setText("Tesfay")
    area.refresh()  # a search on its way …
    area.search.setText("")
    area.search.blockSignals(False)
    area.refresh()  # … overtaken by a refresh (a change, a filter)
    assert area.wait()
    qtbot.wait(50)
    assert shown == [""]  # the older request's rows never reached the view


def test_a_slow_read_shows_the_busy_indicator_keeps_the_rows_and_the_selection(qtbot, ctx, monkeypatch):
    settle_family(ctx)
    area = TasksArea(ctx, ChangeBus())
    qtbot.addWidget(area)
    area.show()
    assert area.wait()
    before = list(area.model.rows)
    assert len(before) > 2
    area.table.selectRow(2)
    chosen = area.current_row().id
    gate = threading.Event()
    original = TasksArea.read_rows

    def slow(self, query):
        gate.wait(10)
        return original(self, query)
    monkeypatch.setattr(TasksArea, "read_rows", slow)
    # when the list is read again and the read takes a while
    area.later.setChecked(True)
    # then the window goes on (this thread processes events), the rows and the selection stay,
    # and after a moment the busy indicator shows
    assert not area.busy.isVisible()
    qtbot.waitUntil(area.busy.isVisible, timeout=DELAY_MS + 2_000)
    assert area.model.rows == before and area.current_row().id == chosen
    # when the rows arrive, the indicator goes, the list holds the later tasks too, the same task is selected
    gate.set()
    with qtbot.waitSignal(area.refreshed, timeout=10_000):
        pass
    assert not area.busy.isVisible()
    assert len(area.model.rows) > len(before)
    assert area.current_row() is not None and area.current_row().id == chosen


def test_a_read_over_before_the_delay_never_shows_the_busy_indicator(qtbot):
    from PySide6.QtCore import QObject, Signal
    from hemsedal_integrering.ui.busy import BusyIndicator

    class Job(QObject):
        busy_changed = Signal(bool)
        busy = False

    job, indicator = Job(), BusyIndicator()
    qtbot.addWidget(indicator)
    indicator.watch(job)
    # a read that ends well within the delay: nothing blinks
    job.busy = True
    job.busy_changed.emit(True)
    qtbot.wait(DELAY_MS // 3)
    job.busy = False
    job.busy_changed.emit(False)
    qtbot.wait(DELAY_MS * 2)
    assert indicator.isHidden()
    # one that goes on past it shows, and hides the moment it ends
    job.busy = True
    job.busy_changed.emit(True)
    qtbot.waitUntil(lambda: not indicator.isHidden(), timeout=DELAY_MS + 2_000)
    job.busy = False
    job.busy_changed.emit(False)
    assert indicator.isHidden()


def test_every_searchable_area_answers_ctrl_f_and_refreshes_on_its_changes(qtbot, ctx):
    from hemsedal_integrering.services.base import Changes
    for cls, kind in ((TasksArea, "follow_up_item"), (HousingTasksArea, "follow_up_item"),
                      (InspectionsArea, "inspection")):
        area = cls(ctx, ChangeBus())
        qtbot.addWidget(area)
        area.show()
        assert area.wait()
        area.focus_search()
        assert area.search.hasFocus() or area.focusWidget() is area.search
        calls = []
        area.refresh = lambda calls=calls: calls.append(1)
        other, own = Changes(), Changes()
        other.add("updated", "landlord", 1)
        own.add("updated", kind, 1)
        area.on_changes(other)
        assert calls == []
        area.on_changes(own)
        assert calls == [1]
