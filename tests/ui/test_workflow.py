"""The officer's daily work driven through the real widgets (pytest-qt, offscreen)."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hemsedal_integrering.models import Household, Person, Placement, Tenancy
from hemsedal_integrering.rules.identity import make_synthetic_number
from hemsedal_integrering.services import housing, people, placements
from hemsedal_integrering.ui.housing_dialogs import MoveInDialog
from hemsedal_integrering.ui.people_dialogs import HouseholdDialog, PersonDialog
from hemsedal_integrering.ui.placement_dialogs import PlacementDialog

from .gui_helpers import choose, on_next_dialog, type_into

# Runs on PostgreSQL too when HEMSEDAL_TEST_PG is set (issue 17; tests/conftest.py).


def _fnr(day, month, year):
    return next(n for i in range(100, 999) if (n := make_synthetic_number(day, month, year, i)))


def _fill_person(first, last, role, birth, fnr=""):
    def fill(dlg):
        assert isinstance(dlg, PersonDialog)
        type_into(dlg, "first_name", first)
        type_into(dlg, "last_name", last)
        choose(dlg, "role", role)
        type_into(dlg, "birth_date", birth)
        type_into(dlg, "national_id", fnr)
        assert dlg.save()
    return fill


def _create_household_through_dialog(qtbot, window, members):
    """Ctrl+N in the people area, fill the household form and its members, save."""
    window.show_key("people")
    area = window.current_area()

    def fill_household(dlg):
        assert isinstance(dlg, HouseholdDialog)
        type_into(dlg, "name", "Familien Tesfay")
        choose(dlg, "municipality", "hemsedal")
        type_into(dlg, "settlement_date", "01.09.2026")
        choose(dlg, "legal_basis", "resettlement")
        for member in members:
            on_next_dialog(_fill_person(*member), PersonDialog)
            qtbot.mouseClick(dlg.findChild(type(dlg.buttons.buttons()[0]), "add_member"), Qt.MouseButton.LeftButton)
        assert dlg.members_table.rowCount() == len(members)
        dlg.save()
        fill_household.dialog = dlg
        if dlg.isVisible():  # refused: leave the form open for inspection, then discard
            fill_household.errors = dlg.members_error.text()
            dlg._snapshot = None
            dlg._members_dirty = False
            dlg.reject()

    fill_household.errors = ""
    on_next_dialog(fill_household, HouseholdDialog)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    return area, fill_household


FAMILY = [("Aman", "Tesfay", "adult", "01.02.1985"), ("Selam", "Tesfay", "adult", "03.04.1988"),
          ("Yonas", "Tesfay", "child", "05.06.2016")]


def test_create_household_find_it_move_in_and_start_placement(qtbot, window, ctx):
    # given a vacant municipal unit and a workplace
    unit = housing.create_unit(ctx, municipality="hemsedal", address="Ulsåkvegen 4", place="Ulsåk",
                               ownership="municipal", bedrooms=3).first_created("housing_unit")
    workplace = placements.create_workplace(ctx, employer="Hemsedal kommune", department="Skulen",
                                            is_municipal=True, municipality="hemsedal",
                                            sector="education").first_created("workplace")
    fnr = _fnr(1, 2, 1985)
    members = [FAMILY[0] + (fnr,), FAMILY[1], FAMILY[2]]
    # when the household is created through the dialog
    area, _ = _create_household_through_dialog(qtbot, window, members)
    # then it is saved with two adults and a child
    h = Household.get(Household.name == "Familien Tesfay")
    roles = sorted(p.role for p in h.members)
    assert roles == ["adult", "adult", "child"]
    assert Person.get(Person.first_name == "Aman").national_id == fnr
    # and it is found by search as you type
    panel = area.panel
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is panel.search  # (offscreen: the window need not be active)
    qtbot.keyClicks(panel.search, "tesfay")
    assert panel.count_label.text() == "3 personer"
    qtbot.keyClicks(panel.search, " yonas")
    assert panel.count_label.text() == "1 person"
    panel.search.clear()
    qtbot.keyClicks(panel.search, fnr[:6])
    assert panel.count_label.text() == "1 person"
    assert panel.select_id(Person.get(Person.first_name == "Aman").id)
    assert "Aman Tesfay" in panel.detail.toPlainText()
    # when the household moves into the unit through the dialog
    dlg = MoveInDialog(ctx, window.bus, window, household_id=h.id)
    qtbot.addWidget(dlg)
    choose(dlg, "unit_id", unit)
    type_into(dlg, "start_date", "01.09.2026")
    assert dlg.save()
    assert Tenancy.get(Tenancy.household == h.id).unit_id == unit
    assert "Ulsåkvegen 4" in panel.detail.toPlainText()  # the bus refreshed the detail
    # when a placement starts for the first adult
    aman = Person.get(Person.first_name == "Aman")
    dlg = PlacementDialog(ctx, window.bus, window, person_id=aman.id)
    qtbot.addWidget(dlg)
    choose(dlg, "workplace_id", workplace)
    choose(dlg, "type", "language")
    type_into(dlg, "hours_per_week", "20")
    type_into(dlg, "start_date", "01.10.2026")
    assert dlg.save()
    assert Placement.get(Placement.person == aman.id).hours_per_week == 20
    assert "Skulen" in panel.detail.toPlainText()
    # and the placements area lists it
    window.show_key("placements")
    assert window.current_area().placements.count_label.text() == "1 praksisplass"


def test_bad_identity_number_shows_message_and_nothing_is_saved(qtbot, window, ctx):
    # given a member with an identity number whose check digits are wrong
    members = [FAMILY[0] + ("01028512345",), FAMILY[2]]
    # when the household is saved
    _, fill = _create_household_through_dialog(qtbot, window, members)
    # then the form stays open with the message beside the members, and nothing was saved
    assert "Aman Tesfay" in fill.errors
    assert Household.select().count() == 0 and Person.select().count() == 0
    # and opening that member shows the message under the identity-number field
    dlg = fill.dialog
    row_errors = dlg.member_errors[0]
    assert "national_id" in row_errors
    person = PersonDialog(ctx, None, window, mode="collect", value=dlg.members[0], errors=row_errors)
    qtbot.addWidget(person)
    assert person.error_text("national_id") == row_errors["national_id"]
    assert person.error_text("first_name") == ""


def test_bad_identity_number_when_editing_a_person(qtbot, window, ctx):
    hid = people.register_household(ctx, municipality="gol", name="Familien Ali", legal_basis="asylum",
                                     members=[{"first_name": "Ali", "last_name": "Ali"}]).first_created("household")
    pid = Person.get(Person.household == hid).id
    dlg = PersonDialog(ctx, window.bus, window, mode="edit", person_id=pid)
    qtbot.addWidget(dlg)
    type_into(dlg, "national_id", "12345678901")
    type_into(dlg, "phone", "abc")
    assert not dlg.save()
    assert dlg.error_text("national_id")
    assert dlg.error_text("phone") == "Telefonnummeret kan bare inneholde sifre, mellomrom og +."
    assert Person.get_by_id(pid).national_id is None and Person.get_by_id(pid).phone == ""


def test_over_capacity_move_is_refused_with_a_visible_message(qtbot, window, ctx):
    unit = housing.create_unit(ctx, municipality="hemsedal", address="Fullvegen 1", ownership="municipal",
                               capacity=1).first_created("housing_unit")
    first, second = (people.register_household(ctx, municipality="hemsedal", name=n, legal_basis="asylum",
                                               settlement_date="2026-01-01",
                                               members=[{"first_name": n, "last_name": "X"}])
                     .first_created("household") for n in ("Én", "To"))
    housing.move_in(ctx, household_id=first, unit_id=unit, start_date="2026-01-01")
    window.show_key("housing")
    panel = window.current_area().panel
    assert panel.select_id(unit)
    dlg = MoveInDialog(ctx, window.bus, window, household_id=second, unit_id=unit)
    qtbot.addWidget(dlg)
    type_into(dlg, "start_date", "01.03.2026")
    assert not dlg.save()
    assert "Boligen er full" in dlg.error_text("unit_id")
    assert not dlg.errors["unit_id"].isHidden()
    assert Tenancy.select().where(Tenancy.household == second).count() == 0
