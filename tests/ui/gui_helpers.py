"""GUI test helpers: answering modal dialogs, filling form fields.

The fixtures (``settings``, ``window``) live in tests/ui/conftest.py.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget


def on_next_dialog(callback: Callable[[QWidget], None], cls: type | None = None) -> None:
    """Run ``callback(dialog)`` on the next modal dialog that opens (it blocks in exec())."""
    def poll(tries=[0]):  # noqa: B006
        modal = QApplication.activeModalWidget()
        if modal is not None and (cls is None or isinstance(modal, cls)):
            callback(modal)
            return
        tries[0] += 1
        if tries[0] < 200:
            QTimer.singleShot(10, poll)
    QTimer.singleShot(0, poll)


def type_into(dialog, name: str, text: str) -> None:
    w = dialog.fields[name]
    assert isinstance(w, QLineEdit)
    w.clear()
    w.insert(text)


def choose(dialog, name: str, code) -> None:
    """Choose ``code`` in a drop-down, or the record ``code`` in a picker (as if found and chosen)."""
    from hemsedal_integrering.ui.picker import RecordPicker
    box = dialog.fields[name]
    if isinstance(box, RecordPicker):
        box.set_value(code)
        assert box.value() == code, f"{code!r} not found by {name}"
        return
    idx = box.findData(code)
    assert idx >= 0, f"{code!r} not in {name}"
    box.setCurrentIndex(idx)
