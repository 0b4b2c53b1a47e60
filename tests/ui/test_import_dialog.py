"""GUI: the import wizard on the messy workbook — preview rejects the bad rows with reasons, the good rows
are saved, a second import of the same file adds nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from hemsedal_integrering.models import AuditEntry, Household, Person
from hemsedal_integrering.reports import tasks
from hemsedal_integrering.services import people
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.import_dialog import ImportDialog
from tests.ui.gui_helpers import on_next_dialog

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
MESSY = DATA / "messy_households.xlsx"
sys.path.insert(0, str(DATA))
import build_messy as messy  # noqa: E402


@pytest.fixture
def wizard(qtbot, ctx):
    """A shown import dialog (closed by pytest-qt at the end)."""
    made = []

    def make(bus=None):
        dialog = ImportDialog(ctx, bus or ChangeBus())
        qtbot.addWidget(dialog)
        dialog.show()
        made.append(dialog)
        return dialog
    return make


def click_yes(box: QMessageBox) -> None:
    ok = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    ok.click()


def walk_to_preview(qtbot, dialog: ImportDialog, *, each: bool = True) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData("households"))
    dialog.path.setText(str(MESSY))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.page() == "sheet"
    assert [dialog.sheets.item(i).text() for i in range(dialog.sheets.count())] == ["Bosatte", "Notater"]
    assert "rad 3" in dialog.sheet_info.text() and dialog.sample.horizontalHeaderItem(3).text() == "Fødselsdato"
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.page() == "mapping"
    fields = {dialog.mapping_table.item(i, 0).text(): box.currentData() for i, box in enumerate(dialog.field_boxes)}
    assert fields["Etternavn, Fornavn"] == "full_name" and fields["Fødselsnr"] == "national_id"
    assert fields["Bosettingsdato"] == "settlement_date" and fields["Adresse"] == "address_note"
    assert dialog.done_before.text() == "23.11.2026" and dialog.back_register.isChecked()
    if each:
        dialog.mode_each.setChecked(True)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page() == "preview", timeout=20_000)


def test_messy_workbook_preview_import_and_again(qtbot, ctx, wizard):
    people.register_household(ctx, municipality="hemsedal", name="Familien Yusuf", legal_basis="family",
                              settlement_date="2022-06-01", done_before="23.11.2026",
                              members=[dict(first_name="Amina", last_name="Yusuf", role="adult",
                                            national_id=messy.AMINA)])
    bus = ChangeBus()
    dialog = wizard(bus)
    walk_to_preview(qtbot, dialog)
    # the preview: bad rows rejected with the services' reasons, nothing saved yet
    rows = {o.number: o for o in dialog.preview_model.all}
    assert rows[11].status == "rejected" and "Kontrollsifrene" in rows[11].message
    assert rows[12].status == "rejected" and "gyldig dato" in rows[12].message
    assert rows[15].status == "rejected" and "Oslo" in rows[15].message
    assert rows[13].status == "duplicate" and rows[14].status == "duplicate"
    assert "5 nye" in dialog.preview_summary.text() and "3 avvist" in dialog.preview_summary.text()
    assert Household.select().count() == 1
    dialog.only_problems.setChecked(True)
    assert [o.number for o in dialog.preview_model.rows] == [10, 11, 12, 15]
    assert dialog.next_button.isEnabled() and dialog.next_button.text() == "&Importer"
    copied = dialog.copy_problems(dialog.preview).splitlines()
    assert copied[0].split("\t") == ["Rad", "Status", "Hvem / hva", "Begrunnelse eller merknad"]
    assert [line.split("\t")[0] for line in copied[1:]] == ["10", "11", "12", "15"]
    # when the officer imports (and confirms)
    on_next_dialog(click_yes, QMessageBox)
    with qtbot.waitSignal(bus.changed, timeout=20_000):
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page() == "result", timeout=20_000)
    assert "Importen er lagret" in dialog.result_summary.text()
    assert {h.name for h in Household.select()} == {"Familien Yusuf", "Familien Kovalenko", "Familien Haddad"}
    assert Person.select().count() == 6
    imported = [h.id for h in Household.select().where(Household.name != "Familien Yusuf")]
    assert not [r for r in tasks.list_tasks(ctx) if r.household_id in imported and r.bucket == "overdue"]
    assert AuditEntry.select().where(AuditEntry.action == "import").count() == 1
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)  # Lukk
    assert dialog.result() == dialog.DialogCode.Accepted

    # a second import of the same file adds nothing
    again = wizard(bus)
    walk_to_preview(qtbot, again)
    assert again.preview.counts["new"] == 0 and again.preview.counts["added"] == 0
    assert "ikke noe nytt" in again.preview_summary.text()
    assert not again.next_button.isEnabled()
    assert Person.select().count() == 6


def test_all_or_nothing_preview_cannot_be_saved(qtbot, ctx, wizard):
    dialog = wizard()
    walk_to_preview(qtbot, dialog, each=False)
    assert "alt eller ingenting" in dialog.preview_summary.text()
    assert not dialog.next_button.isEnabled()
    assert Household.select().count() == 0


def test_missing_file_and_missing_name_column_are_explained_beside_the_fields(qtbot, ctx, tmp_path, wizard):
    dialog = wizard()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.page() == "file" and "Velg filen" in dialog.error.text()
    dialog.path.setText(str(tmp_path / "finnes-ikke.xlsx"))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.page() == "file" and "Finner ikke filen" in dialog.error.text()
    dialog.path.setText(str(MESSY))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    name_box = dialog.field_boxes[1]
    name_box.setCurrentIndex(0)  # "Importeres ikke" for the name column
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.mapping_error.isHidden(), timeout=20_000)
    assert dialog.page() == "mapping" and "Velg kolonnen for" in dialog.mapping_error.text()
    dialog.field_boxes[1].setCurrentIndex(dialog.field_boxes[1].findData("full_name"))
    dialog.done_before.setText("01.01.2030")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.done_before_error.isHidden(), timeout=20_000)
    assert "etter i dag" in dialog.done_before_error.text()


def test_escape_asks_before_throwing_away_the_choices(qtbot, ctx, wizard):
    dialog = wizard()
    dialog.path.setText(str(MESSY))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.page() == "mapping"

    def keep(box: QMessageBox) -> None:
        next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole).click()
    on_next_dialog(keep, QMessageBox)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.page() == "mapping"
    on_next_dialog(click_yes, QMessageBox)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected


def test_file_menu_offers_the_import_by_role(qtbot, ctx):
    from hemsedal_integrering.models import User
    from hemsedal_integrering.services import accounts
    from hemsedal_integrering.ui.import_dialog import allowed_kinds
    from hemsedal_integrering.ui.main_window import MainWindow
    for name, role in (("ola", "officer"), ("bo", "housing"), ("adm", "admin")):
        accounts.create_user(ctx, username=name, full_name=name, role=role, password="langt-passord-123")
    officer, housing, admin = (ctx.as_user(User.get(User.username == n)) for n in ("ola", "bo", "adm"))
    assert allowed_kinds(officer) == ["households", "units", "leases", "placements"]
    assert allowed_kinds(housing) == ["units", "leases"]  # housing staff: no persons, no placements
    assert allowed_kinds(admin) == []  # an administrator alone may not register persons (see services.access)
    window = MainWindow(officer)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    entry = next(a for a in file_menu.actions() if a.text() == "&Importer fra regneark …")
    assert entry.shortcut().toString() == "Ctrl+I"
    dialog_window = MainWindow(admin)
    qtbot.addWidget(dialog_window)
    texts = [a.text() for a in dialog_window.menuBar().actions()[0].menu().actions()]
    assert "&Importer fra regneark …" not in texts


def test_the_menu_knows_every_import_permission_without_loading_the_import():
    """The File menu decides on the import entry from ``admin_menu.IMPORT_PERMISSIONS`` (the wizard
    and openpyxl load on first use): it must name exactly the permissions the import kinds need."""
    from hemsedal_integrering.services import importing
    from hemsedal_integrering.ui import admin_menu
    assert set(admin_menu.IMPORT_PERMISSIONS) == set(importing.KIND_PERMISSIONS.values())


def test_the_menu_entry_opens_the_import_wizard(qtbot, ctx, monkeypatch):
    from hemsedal_integrering.models import User
    from hemsedal_integrering.services import accounts
    from hemsedal_integrering.ui import import_dialog
    from hemsedal_integrering.ui.main_window import MainWindow
    accounts.create_user(ctx, username="ola", full_name="ola", role="officer", password="langt-passord-123")
    window = MainWindow(ctx.as_user(User.get(User.username == "ola")))
    qtbot.addWidget(window)
    opened = []
    monkeypatch.setattr(import_dialog.ImportDialog, "exec", lambda self: opened.append(self) or 0)
    entry = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Importer fra regneark …")
    entry.trigger()
    assert len(opened) == 1 and opened[0].ctx.user.username == "ola"
