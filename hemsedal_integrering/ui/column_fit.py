"""A table's columns fitted to its width, so the column that says most is never squeezed to nothing.

With Qt's own «stretch» the growing column took only what the others left: at 1366×768 the task list's
«Oppgave» was 75 pixels wide («Årlig stat…»), at 1280 pixels (1920×1080 at 150 %) 25. Here every column
has a preferred and a smallest width. When there is room, the growing column takes what is left over;
when there is not, the columns with room to give shrink in proportion down to their smallest, and only
below the sum of the smallest widths does the table scroll sideways. A column the user drags keeps its
width from then on (the table no longer fits itself).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


def fitted(preferred: Sequence[int], smallest: Sequence[int], grow: int, room: int) -> list[int]:
    """The widths of columns with ``preferred`` and ``smallest`` widths in ``room`` pixels (pure: tested)."""
    widths = list(preferred)
    short = sum(preferred) - room
    if short <= 0:
        widths[grow] += -short
        return widths
    give = [max(0, p - s) for p, s in zip(preferred, smallest, strict=True)]
    scale = min(1.0, short / sum(give)) if sum(give) else 0.0
    return [p - round(g * scale) for p, g in zip(preferred, give, strict=True)]


class ColumnFit(QObject):
    """Keeps ``table``'s columns fitted to its width (see the module). ``widths`` is a (preferred,
    smallest) pair per column; hidden columns are left out of the sharing."""

    def __init__(self, table: QTableView, widths: Sequence[tuple[int, int]], grow: int) -> None:
        super().__init__(table)
        self.table, self.widths, self.grow = table, list(widths), grow
        self.user_sized = False
        self._fitting = False
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._resized)
        table.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and not self.user_sized:
            self.fit()
        return False

    def _resized(self, _index: int, _old: int, _new: int) -> None:
        if not self._fitting:
            self.user_sized = True

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        shown = [c for c in range(len(self.widths)) if not header.isSectionHidden(c)]
        if self.grow not in shown:
            return
        widths = fitted([self.widths[c][0] for c in shown], [self.widths[c][1] for c in shown],
                        shown.index(self.grow), self.table.viewport().width())
        self._fitting = True
        try:
            for column, width in zip(shown, widths, strict=True):
                if header.sectionSize(column) != width:
                    self.table.setColumnWidth(column, width)
        finally:
            self._fitting = False
