"""The letter dialog says plainly whether the chosen translation has been checked."""

from __future__ import annotations

from hemsedal_integrering.ui.letter_menu import LetterOptionsDialog


def test_an_unchecked_translation_is_shown_clearly(qtbot):
    dialog = LetterOptionsDialog("welcome", default_language="ti")
    qtbot.addWidget(dialog)
    assert "IKKE kontrollert" in dialog.translation_status.text() and "tigrinja" in dialog.translation_status.text()
    assert "font-weight: bold" in dialog.translation_status.styleSheet()
    dialog.language.setCurrentIndex(dialog.language.findData("nb"))
    assert dialog.translation_status.isHidden()
    for code in ("en", "uk", "ar", "fr", "ti"):
        assert dialog.language.findData(code) >= 0
