"""An area loads once when first shown; the start page's cards are computed once per change."""

from __future__ import annotations

import pytest

from hemsedal_integrering.queries import overview
from hemsedal_integrering.reports import housing_tasks as housing_tasks_read
from hemsedal_integrering.reports import inspections as inspections_read
from hemsedal_integrering.reports import tasks as tasks_read
from hemsedal_integrering.services import people
from hemsedal_integrering.ui.main_window import MainWindow


def counting(monkeypatch, module, name) -> list[int]:
    calls: list[int] = []
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


@pytest.fixture
def make_window(ctx, qtbot):
    def make():
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        return w
    return make


def test_start_page_cards_computed_once_while_the_window_is_built(make_window, monkeypatch):
    calls = counting(monkeypatch, overview, "all_cards")
    window = make_window()
    assert window.current_area().key == "overview"
    assert window.current_area().wait()
    assert len(calls) == 1


def test_start_page_cards_computed_once_per_change(make_window, monkeypatch, ctx, qtbot):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    assert window.current_area().wait()
    calls = counting(monkeypatch, overview, "all_cards")
    changes = people.register_household(ctx, municipality="gol", name="Familien Ny", legal_basis="collective",
                                        settlement_date="2026-10-01", members=[{"first_name": "Iryna",
                                                                                "last_name": "Ny"}])
    window.bus.publish(changes)
    assert window.current_area().wait()
    assert len(calls) == 1


@pytest.mark.parametrize("key, module, name", [("inspections", inspections_read, "units_overview"),
                                               ("tasks", tasks_read, "list_tasks"),
                                               ("housing_tasks", housing_tasks_read, "list_housing_tasks")])
def test_an_area_loads_once_when_first_shown_and_once_when_shown_again(make_window, monkeypatch, qtbot, key, module,
                                                                       name):
    window = make_window()
    calls = counting(monkeypatch, module, name)
    window.show_key(key)
    area = window.current_area()
    assert area.wait()
    qtbot.wait(50)  # nothing else queued
    assert len(calls) == 1
    window.show_key("overview")
    window.show_key(key)
    assert area.wait()
    qtbot.wait(50)
    assert len(calls) == 2  # coming back refreshes (today's counts), once
