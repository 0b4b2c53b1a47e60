"""Husstander og personer, the households tab, and the settlement-year filter following saves."""

from __future__ import annotations


from PySide6.QtCore import Qt

from hemsedal_integrering.services import people
from hemsedal_integrering.ui.people_dialogs import HouseholdDialog

from .gui_helpers import on_next_dialog

# Runs on PostgreSQL too when HEMSEDAL_TEST_PG is set (issue 17; tests/conftest.py).


def _register(ctx, name: str, settled: str = "2025-05-01", first: str = "Biniam"):
    return people.register_household(ctx, municipality="hemsedal", name=name, legal_basis="asylum",
                                     settlement_date=settled,
                                     members=[{"first_name": first, "last_name": name.split()[-1]},
                                              {"first_name": "Luwam", "last_name": name.split()[-1],
                                               "role": "child"}])


def test_households_tab_lists_searches_and_opens_a_household_with_enter(qtbot, window, ctx):
    # given two households
    _register(ctx, "Familien Berhe")
    haddad = _register(ctx, "Familien Haddad", first="Ali").first_created("household")
    window.show_key("people")
    area = window.current_area()
    assert area._households is None  # not queried until its tab is shown
    # when the officer switches to the households tab
    area.show_households()
    panel = area.households
    assert area.current_panel() is panel and panel.search.hasFocus()
    assert panel.count_label.text() == "2 husstander"
    assert panel.model.row_values(0)["members"] == 2
    # and searches for a member's first name
    qtbot.keyClicks(panel.search, "ali")
    assert panel.count_label.text() == "1 husstand"
    assert panel.current_id() == haddad
    qtbot.waitUntil(lambda: "Familien Haddad" in panel.detail.toPlainText(), timeout=2000)
    assert "Ali Haddad" in panel.detail.toPlainText()
    # then Enter in the list opens that household's form
    opened = []

    def close(dlg):
        opened.append(dlg.household_id)
        dlg.reject()

    on_next_dialog(close, HouseholdDialog)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert opened == [haddad]
    # Ctrl+F on the area focuses the households search while that tab is shown
    area.panel.search.setFocus()
    area.focus_search()
    assert window.focusWidget() is panel.search  # the window may not be active again yet


def test_the_year_filter_offers_a_new_settlement_year_once_a_household_is_saved(qtbot, window, ctx):
    # given the people area with households settled in 2025 and 2025 chosen in the persons' year filter
    _register(ctx, "Familien Berhe")
    window.show_key("people")
    area = window.current_area()
    assert area.households  # built (the tab is built when first shown)
    years = area.panel.filter_boxes["year"]
    years.setCurrentIndex(years.findData(2025))
    assert years.findData(2021) < 0
    # when a household settled in 2021 is saved (the dialogs publish their changes on the bus)
    window.bus.publish(_register(ctx, "Familien Haddad", settled="2021-08-15"))
    # then both lists offer 2021, and the persons list keeps its chosen year
    assert years.findData(2021) >= 0
    assert area.households.filter_boxes["year"].findData(2021) >= 0
    assert years.currentData() == 2025
    assert area.panel.count_label.text() == "2 personer"
    years.setCurrentIndex(years.findData(2021))
    assert area.panel.count_label.text() == "2 personer"
    area.households.filter_boxes["year"].setCurrentIndex(area.households.filter_boxes["year"].findData(2021))
    assert area.households.count_label.text() == "1 husstand"


def test_start_page_filters_go_to_the_persons_tab(qtbot, window, ctx):
    _register(ctx, "Familien Berhe")
    window.show_key("people")
    area = window.current_area()
    area.show_households()
    area.set_filters({"state": "followed"})
    assert area.current_panel() is area.panel
    assert area.panel.filter_boxes["state"].currentData() == "followed"
