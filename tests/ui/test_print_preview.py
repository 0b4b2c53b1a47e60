"""The preview dialog shows the PDF, prints it and saves it; saving records it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

pytest.importorskip("PySide6.QtPdf")

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from hemsedal_integrering.models import PrintedDocument
from hemsedal_integrering.services import printing
from hemsedal_integrering.ui.batch_print import BatchPrint
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.letter_menu import LetterOptionsDialog, letter_menu, open_document
from hemsedal_integrering.ui.print_preview import preview_documents


def _welcome(world):
    return printing.welcome_letter(world.ctx, household_id=world.household_id, language="uk")


def test_preview_opens_the_pdf(qtbot, world):
    # given a two-page letter / when previewed
    dialog = preview_documents(None, world.ctx, None, [_welcome(world)], show=False)
    qtbot.addWidget(dialog)
    # then the QPdfDocument has loaded both pages and the buttons are there
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() == 2
    assert dialog.print_button.text() == "Skriv ut…" and dialog.save_button.text() == "Lagre som PDF…"
    assert "2 sider" in dialog.info.text()


def test_save_as_pdf_writes_the_file_and_records_it(qtbot, world, tmp_path):
    bus = ChangeBus()
    dialog = preview_documents(None, world.ctx, bus, [_welcome(world)], show=False)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(bus.changed) as blocker:
        assert dialog.save_pdf(str(tmp_path / "velkommen"))
    saved = tmp_path / "velkommen.pdf"
    assert len(PdfReader(saved).pages) == 2
    assert PrintedDocument.select().count() == 1
    assert "printed_document" in blocker.args[0].entities()


def test_print_renders_every_page_to_the_printer(qtbot, world, tmp_path):
    dialog = preview_documents(None, world.ctx, None, [_welcome(world)], show=False)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == 2
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 2


def test_letter_menu_offers_the_items_documents(qtbot, world):
    menu = letter_menu(None, world.ctx, None, placement_id=world.placement_id)
    assert [a.data() for a in menu.actions()] == ["placement_confirmation", "placement_agreement"]


def test_invitation_options_show_errors_and_build(qtbot, world):
    dialog = LetterOptionsDialog("meeting_invitation", default_language="uk", interpreter="uk",
                                 today=world.ctx.today())
    qtbot.addWidget(dialog)
    dialog.your_ref.setText(" NAV-7 ")
    values = dialog.values()
    assert values["your_ref"] == "NAV-7"
    assert values["language"] == "uk" and values["interpreter_language"] == "uk"
    assert str(values["meeting_date"]) == "2026-11-30"
    # a form without a place: the service's message is shown in the dialog
    from hemsedal_integrering.errors import ValidationError
    with pytest.raises(ValidationError) as exc:
        printing.meeting_invitation(world.ctx, person_id=world.person_id, **values)
    dialog.show_errors(exc.value.errors)
    assert "Møtested må fylles ut" in dialog.errors.text()


def test_a_document_without_the_item_it_is_built_from_is_refused(qtbot, world):
    from hemsedal_integrering.errors import NotFound
    from hemsedal_integrering.ui.letter_menu import build_document
    with pytest.raises(NotFound, match="husstanden er ikke valgt"):
        build_document(world.ctx, "welcome", {"household_id": None}, {})
    with pytest.raises(NotFound, match="praksisplassen er ikke valgt"):
        build_document(world.ctx, "placement_agreement", {"person_id": world.person_id}, {})


def test_open_document_with_options_previews_without_asking(qtbot, world):
    dialog = open_document(None, world.ctx, None, "placement_agreement", {"placement_id": world.placement_id},
                           options={}, ask=False)
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() == 2  # a municipal health placement: police certificate, confidentiality


def test_open_document_passes_deres_ref_to_the_letter(qtbot, world):
    from hemsedal_integrering.ui.letter_menu import build_document
    doc = build_document(world.ctx, "welcome", {"household_id": world.household_id},
                         {"language": "en", "your_ref": "NAV-7"})
    assert doc.header.your_ref == "NAV-7" and doc.language == "en"


def test_batch_builds_one_pdf_off_the_gui_thread(qtbot, world, monkeypatch):
    from functools import partial
    builders = [partial(printing.meeting_invitation, world.ctx, person_id=world.person_id, meeting_date="07.12.2026",
                        meeting_time="10:00", place="Rådhuset", language="uk") for _ in range(6)]
    builders.append(partial(printing.meeting_invitation, world.ctx, person_id=world.person_id,
                            meeting_date="01.01.2020", meeting_time="10:00", place="Rådhuset"))  # refused: past
    batch = BatchPrint(None, world.ctx, None, builders, title="Innkallinger")
    from hemsedal_integrering.ui import batch_print
    shown = []
    monkeypatch.setattr(batch_print.QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    with qtbot.waitSignal(batch.done, timeout=30000) as blocker:
        batch.start()
    preview = blocker.args[0]
    qtbot.addWidget(preview)
    assert len(batch.documents) == 6 and len(batch.skipped) == 1
    assert preview.document.pageCount() == len(PdfReader(io.BytesIO(preview.pdf_bytes)).pages) >= 6
    assert "tilbake i tid" in shown[0]
    assert not batch.render_thread.isRunning()


def test_batch_can_be_cancelled_while_rendering(qtbot, world):
    from functools import partial
    builders = [partial(_welcome, world) for _ in range(150)]
    batch = BatchPrint(None, world.ctx, None, builders, title="Velkomstbrev")
    with qtbot.waitSignal(batch.done, timeout=60000) as blocker:
        batch.start()
        from PySide6.QtWidgets import QPushButton
        batch.progress.findChild(QPushButton).click()  # the user presses Avbryt while the worker renders
    assert blocker.args[0] is None
    assert PrintedDocument.select().count() == 0


def test_short_notice_asks_and_prints_when_the_user_confirms(qtbot, world, monkeypatch):
    import datetime as dt

    from PySide6.QtWidgets import QMessageBox

    from hemsedal_integrering.models import Inspection
    # given an inspection four days ahead
    Inspection.update(planned_at=dt.datetime(2026, 11, 27, 10, 0)).execute()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    # when the user says no, nothing opens
    assert open_document(None, world.ctx, None, "inspection_notice", {"inspection_id": world.inspection_id},
                         options={"language": "nb"}) is None
    assert "minst én uke" in asked[0]
    # when the user confirms (the tenant agreed), the preview opens with the letter
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    preview = open_document(None, world.ctx, None, "inspection_notice", {"inspection_id": world.inspection_id},
                            options={"language": "nb"})
    assert preview is not None
    qtbot.addWidget(preview)
