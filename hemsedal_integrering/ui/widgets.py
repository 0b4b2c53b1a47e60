"""Small widgets every dialog and area uses, so they look and read the same everywhere."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from ..i18n import _


def dialog_buttons(accept_text: str, on_accept: Callable[[], object], on_reject: Callable[[], object], *,
                   standard: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
                   parent: QWidget | None = None) -> QDialogButtonBox:
    """An accept button named for what it does ("Lagre", "Logg inn" …) and "Avbryt"."""
    box = QDialogButtonBox(standard | QDialogButtonBox.StandardButton.Cancel, parent)
    box.button(standard).setText(accept_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    box.accepted.connect(on_accept)
    box.rejected.connect(on_reject)
    return box


ERROR_STYLE = "color: #b3261e;"


def error_label() -> QLabel:
    """A red, word-wrapped message label, hidden until it has something to say."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def heading(text: str) -> QLabel:
    """The large title at the top of an area."""
    label = QLabel(text)
    label.setStyleSheet("font-size: 16pt; font-weight: 600;")
    return label
