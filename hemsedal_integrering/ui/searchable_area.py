"""The shared body of the areas whose list is re-read as a whole (Oppgaver, Boligoppgaver, Tilsyn).

Such an area has one search field whose typing waits for a short pause before the list is
read again, a few check boxes and drop-downs that re-read it at once, and a list of row
objects (``model.rows``) shown in a ``QTableView``. This base holds that wiring once:
the debounced search, ``on_changes`` (re-read when a change touches one of
``refresh_on``), ``activated`` (re-read: counts depend on today), ``focus_search``
(Ctrl+F) and finding/selecting a row. Lists with an id query and a row cache are
``ui.list_panel.ListPanel`` instead.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QTableView, QWidget

from ..context import Context
from ..services.base import Changes
from .area import Area
from .bus import ChangeBus

#: How long typing in the search field waits for a pause before the list is read again.
SEARCH_PAUSE_MS = 200


class SearchableArea(Area):
    """An area with a debounced search field over a list that ``refresh()`` reads again.

    Subclasses build ``self.search`` with ``make_search``, call ``wire_refresh`` once their
    filters exist, set ``refresh_on`` (the change kinds that can alter the list) and
    implement ``refresh``.
    """

    #: Entity kinds (``Changes.ids`` keys) whose change re-reads the list.
    refresh_on: tuple[str, ...] = ()

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)

    def make_search(self, placeholder: str) -> QLineEdit:
        """The search field, with its placeholder (which names Ctrl+F)."""
        self.search.setPlaceholderText(placeholder)
        return self.search

    def wire_refresh(self, *, checks: tuple[QCheckBox, ...] = (), combos: tuple[QComboBox, ...] = ()) -> None:
        """Typing re-reads after a pause; a check box or drop-down re-reads at once."""
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_PAUSE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in combos:
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for check in checks:
            check.toggled.connect(lambda _b: self.refresh())

    # ----- Area contract -----
    def on_changes(self, changes: Changes) -> None:
        if any(changes.ids(kind) for kind in self.refresh_on):
            self.refresh()

    def activated(self) -> None:
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        """Read the list again with the current search and filters."""
        raise NotImplementedError


def current_of(view: QTableView, rows: list[Any]) -> Any | None:
    """The row object under the view's current index (None when nothing is current)."""
    idx = view.currentIndex()
    if not idx.isValid() or idx.row() >= len(rows):
        return None
    return rows[idx.row()]


def select_first(view: QTableView, rows: list[Any], match: Callable[[Any], bool]) -> bool:
    """Select the first row that ``match`` accepts; False when none does."""
    for i, r in enumerate(rows):
        if match(r):
            view.selectRow(i)
            return True
    return False
