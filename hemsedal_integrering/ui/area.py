"""The contract every side-bar area of the main window follows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..context import Context
from ..services.base import Changes
from .bus import ChangeBus


class Area(QWidget):
    """A side-bar area (Oversikt, Husstander og personer, Boliger, Oppgaver, Rapporter …).

    Subclasses set ``title`` (the Norwegian side-bar label) and ``key`` (a
    stable English id used to remember the last view), build their widgets in
    ``__init__``, and react to ``on_changes``. The main window routes the
    keyboard shortcuts Ctrl+F, Ctrl+N and Ctrl+P to the current area.
    """

    title = ""
    key = ""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        bus.changed.connect(self.on_changes)

    def on_changes(self, changes: Changes) -> None:
        """Refresh what ``changes`` touched. Default: nothing."""

    def activated(self) -> None:
        """Called when the area becomes visible (refresh counts that depend on today)."""

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the area's search field, if any."""

    def new_item(self) -> None:
        """Ctrl+N: start creating a new item of the area's kind, if any."""

    def print_current(self) -> None:
        """Ctrl+P: print the selected item, if the area has something printable."""

    def closeEvent(self, event) -> None:  # noqa: N802
        """An area closed on its own (a test, a window of its own) stops its workers and waits for them,
        so none reports to widgets that are going away. In the main window ``stop_background_work`` does it."""
        from .background import BackgroundJob
        for job in self.findChildren(BackgroundJob):
            job.shutdown()
        super().closeEvent(event)
