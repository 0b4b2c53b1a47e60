"""Qt's own texts — the right-click menu of a field, standard buttons, month names — are Norwegian."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from hemsedal_integrering.ui.qt_texts import setup_language


def test_context_menu_buttons_and_months_speak_bokmal(qtbot):
    app = QApplication.instance()
    translator = setup_language(app)
    try:
        field = QLineEdit()
        qtbot.addWidget(field)
        menu = field.createStandardContextMenu()
        texts = [action.text().split("\t")[0] for action in menu.actions() if action.text()]
        assert texts == ["&Angre", "&Gjør om", "Klipp &ut", "&Kopier", "&Lim inn", "Slett", "Merk alt"]
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
        qtbot.addWidget(box)
        assert sorted(button.text() for button in box.buttons()) == ["&Ja", "&Nei"]
        assert QLocale().monthName(11) == "november" and QLocale().dayName(1) == "mandag"
        # and every Qt text not in our catalog stays Qt's own (not blanked)
        assert QKeySequence("Ctrl+Z").toString(QKeySequence.SequenceFormat.NativeText) == "Ctrl+Z"
        assert QCoreApplication.translate("QFileDialog", "Go back") == "Go back"
        # and Qt's own file dialog (Linux) is Norwegian where an officer reads it
        assert QCoreApplication.translate("QFileDialog", "File &name:") == "Fil&navn:"
        assert QCoreApplication.translate("QFileSystemModel", "Date Modified") == "Endret"
    finally:
        app.removeTranslator(translator)
        QLocale.setDefault(QLocale.c())
