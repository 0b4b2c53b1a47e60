"""Area behaviour: refusals shown, refresh after saves, start-page cards, landlords."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from hemsedal_integrering.models import HousingUnit, Person
from hemsedal_integrering.services import housing, people
from hemsedal_integrering.ui import forms
from hemsedal_integrering.ui.people_dialogs import MoveAwayDialog

from .gui_helpers import choose, type_into

# Runs on PostgreSQL too when HEMSEDAL_TEST_PG is set (issue 17; tests/conftest.py).


def _household(ctx, name="Familien Berhe", municipality="hemsedal"):
    return people.register_household(ctx, municipality=municipality, name=name, legal_basis="asylum",
                                     settlement_date="2025-05-01",
                                     members=[{"first_name": "Biniam", "last_name": name.split()[-1]},
                                              {"first_name": "Luwam", "last_name": name.split()[-1],
                                               "role": "child"}]).first_created("household")


def test_deleting_a_unit_with_history_is_refused_with_the_reason(qtbot, window, ctx, monkeypatch):
    # given a unit a household has lived in
    unit = housing.create_unit(ctx, municipality="hemsedal", address="Historievegen 1",
                               ownership="municipal").first_created("housing_unit")
    housing.move_in(ctx, household_id=_household(ctx), unit_id=unit, start_date="2025-05-01")
    window.show_key("housing")
    panel = window.current_area().panel
    assert panel.select_id(unit)
    warnings = []
    monkeypatch.setattr(forms, "confirm", lambda *a, **k: True)
    monkeypatch.setattr("hemsedal_integrering.ui.housing_area.confirm", lambda *a, **k: True)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    # when the officer deletes it
    qtbot.mouseClick(panel.buttons["delete_unit"], Qt.MouseButton.LeftButton)
    # then the service's reason is shown and the unit is still there
    assert warnings == ["Boligen har leieforhold eller leieavtaler og kan ikke slettes. Arkiver den i stedet."]
    assert HousingUnit.get_or_none(HousingUnit.id == unit) is not None


def test_a_unit_without_history_can_be_deleted_after_confirming(qtbot, window, ctx, monkeypatch):
    unit = housing.create_unit(ctx, municipality="gol", address="Feilvegen 9",
                               ownership="municipal").first_created("housing_unit")
    window.show_key("housing")
    panel = window.current_area().panel
    assert panel.count_label.text() == "1 bolig" and panel.select_id(unit)
    monkeypatch.setattr("hemsedal_integrering.ui.housing_area.confirm", lambda *a, **k: True)
    qtbot.mouseClick(panel.buttons["delete_unit"], Qt.MouseButton.LeftButton)
    assert HousingUnit.get_or_none(HousingUnit.id == unit) is None
    assert panel.count_label.text() == "0 boliger"


def test_moving_away_takes_the_person_out_of_the_active_list(qtbot, window, ctx):
    hid = _household(ctx)
    window.show_key("people")
    panel = window.current_area().panel
    assert panel.count_label.text() == "2 personer"
    dlg = MoveAwayDialog(ctx, window.bus, window, hid)
    qtbot.addWidget(dlg)
    type_into(dlg, "moved_to", "Drammen")
    choose(dlg, "reason", "own_community")
    type_into(dlg, "date", "01.11.2026")
    assert dlg.save()
    assert all(p.moved_out_date is not None for p in Person.select())
    assert panel.count_label.text() == "0 personer"  # the filter "Bor i kommunen" was re-applied
    panel.set_filters({"state": "moved"})
    assert panel.count_label.text() == "2 personer"


def test_move_away_form_shows_missing_fields_beside_them(qtbot, window, ctx):
    dlg = MoveAwayDialog(ctx, window.bus, window, _household(ctx))
    qtbot.addWidget(dlg)
    assert not dlg.save()
    assert dlg.error_text("moved_to") == "Ny kommune må fylles ut."
    assert dlg.error_text("reason") == "Årsak må velges."
    assert Person.select().where(Person.moved_out_date.is_null(False)).count() == 0


def test_start_page_card_opens_its_area_with_the_filter(qtbot, window, ctx):
    _household(ctx, "Familien Gebre", municipality="gol")
    overview = window.current_area()
    overview.refresh()  # the household was registered after the window opened
    assert overview.wait()
    card = overview.cards[0]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    area = window.current_area()
    assert area.key == "people"
    assert area.panel.filter_boxes["state"].currentData() == "followed"
    assert area.panel.count_label.text() == "2 personer"


def test_landlords_tab_lists_and_searches_landlords(qtbot, window, ctx):
    housing.create_landlord(ctx, name="Hemsedal Eiendom AS", phone="32 05 00 00")
    housing.create_landlord(ctx, name="Kari Lien")
    window.show_key("leases")
    area = window.current_area()
    area.tabs.setCurrentWidget(area.landlords)
    assert area.landlords.count_label.text() == "2 utleiere"
    area.focus_search()
    qtbot.keyClicks(area.landlords.search, "eiendom")
    assert area.landlords.count_label.text() == "1 utleier"
    qtbot.waitUntil(lambda: "Hemsedal Eiendom AS" in area.landlords.detail.toPlainText(), timeout=2000)


def test_enter_on_a_row_opens_the_household_once_and_ctrl_s_saves(qtbot, window, ctx):
    from hemsedal_integrering.models import Household
    from hemsedal_integrering.ui.people_dialogs import HouseholdDialog
    from .gui_helpers import on_next_dialog
    hid = _household(ctx)
    window.show_key("people")
    panel = window.current_area().panel
    assert panel.select_id(Person.get(Person.household == hid).id)
    opened = []

    def rename_and_save(dlg):
        opened.append(dlg)
        type_into(dlg, "name", "Familien Berhe-Tesfay")
        dlg.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg, timeout=2000)
        qtbot.keyClick(dlg.fields["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        if dlg.isVisible():  # the shortcut did not save: close so the test fails instead of hanging
            dlg._snapshot = None
            dlg.reject()

    on_next_dialog(rename_and_save, HouseholdDialog)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert len(opened) == 1 and not opened[0].isVisible()
    assert Household.get_by_id(hid).name == "Familien Berhe-Tesfay"
    assert panel.model.row_values(panel.model.row_of(panel.current_id()))["household"] == "Familien Berhe-Tesfay"


def test_long_pickers_accept_typing_part_of_a_name(qtbot, window, ctx):
    from hemsedal_integrering.ui.placement_dialogs import PlacementDialog
    _household(ctx)
    _household(ctx, "Familien Haddad")
    dlg = PlacementDialog(ctx, window.bus, window)
    qtbot.addWidget(dlg)
    box = dlg.fields["person_id"]
    assert box.value() is None
    qtbot.keyClicks(box, "haddad, bin")
    popup = box.completer_popup()
    assert popup.model().rowCount() == 1  # "Haddad, Biniam" matched by a part of the label
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert box.value() == Person.get(Person.last_name == "Haddad").id


def test_an_unexpected_failure_on_save_is_shown_not_swallowed(qtbot, window, ctx, monkeypatch):
    from hemsedal_integrering.ui import housing_dialogs
    from hemsedal_integrering.ui.housing_dialogs import UnitDialog

    def broken(*a, **k):
        raise RuntimeError("disken er full")

    monkeypatch.setattr(housing_dialogs.housing, "create_unit", broken)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    dlg = UnitDialog(ctx, window.bus, window)
    qtbot.addWidget(dlg)
    assert not dlg.save()
    assert "ingenting ble lagret" in shown[0] and "disken er full" in shown[0]


def test_down_arrow_moves_from_search_into_the_list(qtbot, window, ctx):
    _household(ctx)
    window.show_key("people")
    panel = window.current_area().panel
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    panel.search.setFocus()
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert window.focusWidget() is panel.view
    assert panel.current_id() is not None
