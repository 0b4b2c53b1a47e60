"""The record pickers in forms: type, arrow down, Enter chooses; the dialog saves the chosen ids."""

from __future__ import annotations


from PySide6.QtCore import Qt

from hemsedal_integrering.models import Tenancy
from hemsedal_integrering.services import housing, people
from hemsedal_integrering.ui.housing_dialogs import MoveInDialog

from .gui_helpers import type_into

# Runs on PostgreSQL too when HEMSEDAL_TEST_PG is set (issue 17; tests/conftest.py).


def _household(ctx, name: str) -> int:
    return people.register_household(ctx, municipality="hemsedal", name=name, legal_basis="asylum",
                                     settlement_date="2025-05-01",
                                     members=[{"first_name": "Biniam", "last_name": name.split()[-1]}]
                                     ).first_created("household")


def _pick_by_keyboard(qtbot, picker, text: str) -> None:
    qtbot.keyClicks(picker, text)
    popup = picker.completer_popup()
    assert popup.isVisible() and popup.model().rowCount() >= 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_move_in_chooses_household_and_unit_by_typing(qtbot, window, ctx):
    # given two households and two units, the dialog opened with nothing preset
    _household(ctx, "Familien Berhe")
    haddad = _household(ctx, "Familien Haddad")
    housing.create_unit(ctx, municipality="hemsedal", address="Trøimsvegen 2", ownership="municipal")
    unit = housing.create_unit(ctx, municipality="hemsedal", address="Ulsåkvegen 4", place="Ulsåk",
                               ownership="municipal").first_created("housing_unit")
    dlg = MoveInDialog(ctx, window.bus, window)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.value("household_id") is None and dlg.value("unit_id") is None
    # when the officer types part of each name and chooses the match with arrow down + Enter
    _pick_by_keyboard(qtbot, dlg.fields["household_id"], "hadd")
    _pick_by_keyboard(qtbot, dlg.fields["unit_id"], "ulsåk")
    # then the fields show the chosen labels and hold their ids
    assert dlg.fields["household_id"].text() == "Familien Haddad (bosatt 01.05.2025)"
    assert dlg.fields["unit_id"].text() == "Ulsåkvegen 4, Ulsåk"
    type_into(dlg, "start_date", "01.09.2026")
    assert dlg.save()
    assert Tenancy.get(Tenancy.household == haddad).unit_id == unit


def test_typing_again_clears_the_choice_and_an_unchosen_field_is_reported(qtbot, window, ctx):
    # given a unit chosen in the picker
    _household(ctx, "Familien Haddad")
    housing.create_unit(ctx, municipality="hemsedal", address="Ulsåkvegen 4", ownership="municipal")
    dlg = MoveInDialog(ctx, window.bus, window)
    qtbot.addWidget(dlg)
    dlg.show()
    _pick_by_keyboard(qtbot, dlg.fields["unit_id"], "ulsåk")
    assert dlg.value("unit_id") is not None
    # when the officer edits the text without choosing a match
    qtbot.keyClick(dlg.fields["unit_id"], Qt.Key.Key_Backspace)
    # then nothing is chosen, and saving shows the message beside the field and saves nothing
    assert dlg.value("unit_id") is None
    assert not dlg.save()
    assert dlg.error_text("unit_id") == "Velg en bolig."
    assert Tenancy.select().count() == 0


def test_a_preset_choice_shows_its_label_and_arrow_down_offers_matches(qtbot, window, ctx):
    hid = _household(ctx, "Familien Haddad")
    dlg = MoveInDialog(ctx, window.bus, window, household_id=hid)
    qtbot.addWidget(dlg)
    dlg.show()
    picker = dlg.fields["household_id"]
    assert picker.text().startswith("Familien Haddad") and dlg.value("household_id") == hid
    unit_picker = dlg.fields["unit_id"]
    housing.create_unit(ctx, municipality="hemsedal", address="Ulsåkvegen 4", ownership="municipal")
    unit_picker.setFocus()
    qtbot.keyClick(unit_picker, Qt.Key.Key_Down)  # empty field: the first matches by label
    assert unit_picker.completer_popup().isVisible()
    assert unit_picker.completer_popup().model().rowCount() == 1


def test_a_person_picker_reads_its_records_in_a_worker_and_answers_from_sql_until_then(qtbot, ctx, monkeypatch):
    import threading

    from hemsedal_integrering.queries import pickers
    from hemsedal_integrering.ui.picker import RecordPicker
    _household(ctx, "Familien Tesfay")
    threads = []
    original = pickers.PickerIndex.__init__

    def spy(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        original(self, *args, **kwargs)
    monkeypatch.setattr(pickers.PickerIndex, "__init__", spy)
    # when a form with a person picker opens, the records are read off the GUI thread (issue 16: 0.7 s
    # for the adults at 300,000 persons held the window)
    picker = RecordPicker(ctx.db, pickers.PLACEMENT_PERSONS)
    qtbot.addWidget(picker)
    assert picker._index is None
    picker.search("tesfay")  # typed before they are read: SQL answers
    assert picker.matches.rowCount() == 1
    assert picker.index_job is not None and picker.index_job.wait()
    assert picker._index is not None and threads and all(t.startswith("background-") for t in threads)
    picker.search("tesfay")  # and from memory afterwards, the same
    assert picker.matches.rowCount() == 1
