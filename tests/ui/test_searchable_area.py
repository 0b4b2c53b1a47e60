"""The re-read areas (Oppgaver, Boligoppgaver, Tilsyn) share ui.searchable_area: a typed search is
read in a worker thread and shown when it arrives (issue 16); everything else reads at once."""

from __future__ import annotations

import datetime as dt
import threading

from hemsedal_integrering.services import people
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.housing_tasks_area import HousingTasksArea
from hemsedal_integrering.ui.inspections_area import InspectionsArea
from hemsedal_integrering.ui.tasks_area import TasksArea

D = dt.date


def settle_family(ctx) -> int:
    return people.register_household(ctx, municipality="gol", name="Familien Tesfay", legal_basis="resettlement",
                                     settlement_date=D(2026, 11, 10), members=[
                                         dict(first_name="Abeba", last_name="Tesfay", role="adult",
                                              birth_date=D(1992, 2, 2))]).first_created("household")


def test_a_typed_search_is_read_in_a_worker_and_shown_when_it_arrives(qtbot, ctx):
    settle_family(ctx)
    area = TasksArea(ctx, ChangeBus())
    qtbot.addWidget(area)
    everything = [r.id for r in area.model.rows]
    assert everything  # the new household's first tasks
    readers: list[str] = []
    read_rows = area.read_rows

    def spy(query):
        readers.append(threading.current_thread().name)
        return read_rows(query)
    area.read_rows = spy
    # when the officer types a search nothing matches
    qtbot.keyClicks(area.search, "ingen slik oppgave")
    # then, after the pause, the list empties from a read made off the GUI thread
    qtbot.waitUntil(lambda: area.model.rows == [], timeout=10_000)
    assert readers and all(name.startswith("background-") for name in readers)
    # and clearing the search brings every task back the same way
    area.search.clear()
    qtbot.waitUntil(lambda: [r.id for r in area.model.rows] == everything, timeout=10_000)
    assert area.job.wait()


def test_a_change_reads_at_once_and_drops_a_typed_search_still_being_read(qtbot, ctx):
    settle_family(ctx)
    area = TasksArea(ctx, ChangeBus())
    qtbot.addWidget(area)
    shown = []
    area.show_rows = lambda rows, query, show=area.show_rows: (shown.append(query["search"]), show(rows, query))
    area.search.setText("Tesfay")
    area.refresh_typed()  # a typed search on its way …
    area.search.blockSignals(True)
    area.search.setText("")
    area.search.blockSignals(False)
    area.refresh()  # … overtaken by a refresh (a change, a filter): read now, on this thread
    assert shown == [""]
    assert area.job.wait()
    qtbot.wait(50)
    assert shown == [""]  # the typed search's rows never reached the view


def test_every_searchable_area_answers_ctrl_f_and_refreshes_on_its_changes(qtbot, ctx):
    from hemsedal_integrering.services.base import Changes
    for cls, kind in ((TasksArea, "follow_up_item"), (HousingTasksArea, "follow_up_item"),
                      (InspectionsArea, "inspection")):
        area = cls(ctx, ChangeBus())
        qtbot.addWidget(area)
        area.show()
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
