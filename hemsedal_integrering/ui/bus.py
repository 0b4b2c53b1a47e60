"""The change bus: every service call made from the GUI announces what it changed.

Views listen and refresh just the touched rows (Anki's operations + change
signal), instead of reloading everything after each save.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..services.base import Changes


class ChangeBus(QObject):
    """Emits ``changed(Changes)`` after a successful service call."""

    changed = Signal(object)

    def publish(self, changes: Changes) -> None:
        if changes.entities():
            self.changed.emit(changes)
