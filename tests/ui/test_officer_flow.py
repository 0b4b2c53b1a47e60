"""The officer's daily flow: complete code lists, identity numbers checked on leaving the field,
postal code fills the place, move-in defaults to the settlement date, households told apart,
empty states that say what to do, and the health note out of plain view."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering import vocab
from hemsedal_integrering.models import Person
from hemsedal_integrering.queries import pickers
from hemsedal_integrering.services import people
from hemsedal_integrering.ui.bus import ChangeBus

# Runs on PostgreSQL too when HEMSEDAL_TEST_PG is set (issue 17; tests/conftest.py).

D = dt.date


def test_code_lists_are_complete_with_the_common_ones_first():
    countries = list(vocab.COUNTRIES)
    assert countries[:4] == ["UA", "CD", "ER", "SY"] and len(countries) > 240
    assert vocab.COUNTRIES["TR"] == "Tyrkia" and vocab.COUNTRIES["CD"] == "DR Kongo"
    rest = [vocab.COUNTRIES[c] for c in countries[len(vocab.COUNTRIES_COMMON):]]
    assert rest[-3:] == ["Øst-Timor", "Østerrike", "Åland"]  # Norwegian alphabet: æ, ø, å last
    langs = vocab.LANGUAGES
    assert list(langs)[0] == "nb" and len(langs) > 400
    assert langs["ckb"] == "Kurdisk (sorani)" and langs["kmr"] == "Kurdisk (kurmanji)"
    assert langs["tr"] == "Tyrkisk" and langs["ymm"] == "Somali (maay maay)" and "tig" in langs


def test_identity_number_checked_on_leaving_the_field(qtbot, ctx):
    from hemsedal_integrering.ui.people_dialogs import PersonDialog
    dialog = PersonDialog(ctx, ChangeBus(), mode="collect")
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.fields["national_id"]
    field.setText("01018712345")
    field.editingFinished.emit()
    assert dialog.errors["national_id"].isVisible()
    assert "Kontrollsifrene" in dialog.errors["national_id"].text()
    # a valid number whose date is not the birth date: a soft warning, not an error
    dialog.fields["birth_date"].setText("02.01.1987")
    field.setText("01818710190")
    field.editingFinished.emit()
    assert "ikke fødselsdatoen" in dialog.errors["national_id"].text()
    dialog.fields["birth_date"].setText("01.01.1987")
    dialog.fields["birth_date"].editingFinished.emit()
    assert not dialog.errors["national_id"].isVisible()
    # the country list has every country, the common ones first, and can be searched
    country = dialog.fields["country"]
    assert country.isEditable() and country.count() > 240 and country.itemData(1) == "UA"
    langs = dialog.fields["languages"]
    dialog.findChild(type(field), "languages_filter").setText("kurd")
    visible = [langs.item(i).text() for i in range(langs.count()) if not langs.item(i).isHidden()]
    assert "Kurdisk (sorani)" in visible and "Norsk" not in visible


def test_postal_code_fills_the_place_and_move_in_defaults_to_settlement(qtbot, ctx):
    from hemsedal_integrering.ui.housing_dialogs import MoveInDialog, UnitDialog
    bus = ChangeBus()
    unit = UnitDialog(ctx, bus)
    qtbot.addWidget(unit)
    unit.fields["postal_code"].setText("3560")
    unit.fields["postal_code"].editingFinished.emit()
    assert unit.value("place") == "Hemsedal"
    hid = people.register_household(ctx, municipality="hemsedal", name="Familien Haile", legal_basis="resettlement",
                                    settlement_date=D(2026, 12, 10), case_reference="2026/114", members=[
                                        dict(first_name="Selam", last_name="Haile", role="adult",
                                             birth_date=D(1990, 1, 1))]).first_created("household")
    people.register_household(ctx, municipality="gol", name="Familien Haile", legal_basis="resettlement",
                              settlement_date=D(2026, 12, 10), case_reference="2026/160", members=[
                                  dict(first_name="Abel", last_name="Haile", role="adult", birth_date=D(1991, 1, 1))])
    move = MoveInDialog(ctx, bus, household_id=hid)
    qtbot.addWidget(move)
    assert move.value("start_date") == "10.12.2026"
    # two households with the same name read apart in the picker
    labels = [label for _id, label in pickers.find(ctx.db, pickers.HOUSEHOLDS_HERE, "Haile")]
    assert len(set(labels)) == 2 and any("2026/114" in x for x in labels)


def test_empty_database_says_what_to_do_next(qtbot, ctx):
    from hemsedal_integrering.ui.overview_area import OverviewArea
    area = OverviewArea(ctx, ChangeBus())
    qtbot.addWidget(area)
    area.wait()
    qtbot.waitUntil(lambda: area.empty_hint.text() != "")
    assert "første husstanden" in area.empty_hint.text() and "Brukerveiledning" in area.empty_hint.text()


def test_health_note_not_in_plain_view_when_a_person_is_selected(qtbot, ctx):
    from hemsedal_integrering.ui.people_area import PeopleArea
    people.register_household(ctx, municipality="hemsedal", name="Familien Haile", legal_basis="resettlement",
                              settlement_date=D(2025, 1, 10), members=[
                                  dict(first_name="Selam", last_name="Haile", role="adult",
                                       birth_date=D(1990, 1, 1), health_note="Astma")])
    area = PeopleArea(ctx, ChangeBus())
    qtbot.addWidget(area)
    panel = area.panel
    pid = Person.get().id
    panel.select_id(pid)
    assert "Astma" not in panel.detail.toPlainText()
    assert "Vis helse- og saksnotater" in panel.detail.toPlainText()
    from PySide6.QtCore import QUrl
    panel.link_clicked(QUrl(f"show-notes:{pid}"))
    assert "Astma" in panel.detail.toPlainText()


def test_failed_login_does_not_say_nothing_was_changed():
    from hemsedal_integrering.i18n import _
    from hemsedal_integrering.services import auth
    text = _(auth._GENERIC)
    assert "Feil brukernavn eller passord" in text and "endret" not in text


def test_help_menu_opens_the_user_guide_with_its_chapters(qtbot, ctx):
    from PySide6.QtWidgets import QApplication
    from hemsedal_integrering.ui.help_dialog import UserGuideDialog
    from hemsedal_integrering.ui.main_window import MainWindow
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    help_menu = [a.menu() for a in w.menuBar().actions() if a.text() == "&Hjelp"][0]
    guide = [a for a in help_menu.actions() if a.text() == "&Brukerveiledning"][0]
    guide.trigger()
    dialogs = [d for d in QApplication.topLevelWidgets() if isinstance(d, UserGuideDialog)]
    assert dialogs
    d = dialogs[-1]
    qtbot.addWidget(d)
    titles = [d.contents.item(i).text() for i in range(d.contents.count())]
    assert titles == ["Første dag", "Ny husstand", "Innflytting", "Tilsyn", "Brev", "Introduksjonsprogram", "Rapport",
                      "Sikkerhetskopier"]
    d.contents.setCurrentRow(3)
    assert "Registrer uplanlagt tilsyn" in d.browser.toPlainText()
