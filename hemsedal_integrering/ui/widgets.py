"""Small widgets every dialog and area uses, so they look and read the same everywhere."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QLayout, QWidget

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


#: The narrowest a drop-down in an area gives way to (about ten characters).
COMBO_MIN_WIDTH = 110


def give_way_on_narrow_screens(root: QWidget) -> None:
    """Let what is under ``root`` (an area) give way when the window is narrow, instead of widening it.

    - A drop-down keeps the width of its longest choice while there is room and gives way to
      ``COMBO_MIN_WIDTH`` when there is not (the choice is shortened, the open list shows it whole);
      one with a minimum width of its own is left alone.
    - A form puts a field under its label when the two do not fit side by side (``WrapLongRows``).

    Without this a row of filters was as wide as all its longest choices together: opening the persons
    area widened the window past a 1366-pixel screen, and a 1920×1080 laptop at 150 % (1280 pixels)
    could not show it at all; the introduction programme's start form needed 688 pixels in a pane of 347.
    """
    changed = False
    for combo in root.findChildren(QComboBox):
        if combo.minimumWidth() == 0 and combo.minimumSizeHint().width() > COMBO_MIN_WIDTH:
            combo.setMinimumWidth(COMBO_MIN_WIDTH)
            changed = True
    for form in root.findChildren(QFormLayout):
        if form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.DontWrapRows:
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            changed = True
    if changed:  # a widget not shown yet does not tell its layouts: they would keep the old minimum
        for widget in [root, *root.findChildren(QWidget)]:
            layout = widget.layout()
            if layout is not None:
                _invalidate(layout)


def _invalidate(layout: QLayout) -> None:
    """Forget the sizes ``layout`` and the layouts nested in it have worked out."""
    layout.invalidate()
    for i in range(layout.count()):
        item = layout.itemAt(i)
        inner = item.layout() if item is not None else None
        if inner is not None:
            _invalidate(inner)


#: Room a window needs around its inside on the screen: frame (2 × 8) and title bar (~32).
FRAME = (16, 40)


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` (a dialog) to ``width``×``height``, but never beyond the screen it opens on.

    Qt neither shrinks a window to the screen nor lets the window manager do it on Windows: it keeps a
    dialog inside the screen by moving it, so the print preview (960 pixels tall) opened on a 1366×768
    laptop with its bottom, and its buttons, below the task bar.
    """
    parent = window.parentWidget()
    screen = (parent.screen() if parent is not None else None) or window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - FRAME[0]), min(height, room.height() - FRAME[1])
    window.resize(width, height)
