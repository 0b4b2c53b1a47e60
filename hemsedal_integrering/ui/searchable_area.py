"""The shared body of the areas whose list is re-read as a whole (Oppgaver, Boligoppgaver, Tilsyn).

Such an area has one search field whose typing waits for a short pause before the list is
read again, a few check boxes and drop-downs that re-read it at once, and a list of row
objects (``model.rows``) shown in a ``QTableView``. This base holds that wiring once:
the debounced search, ``on_changes`` (re-read when a change touches one of
``refresh_on``), ``activated`` (re-read: counts depend on today), ``focus_search``
(Ctrl+F), the table model over a list of row objects and finding/selecting a row. Lists
with an id query and a row cache are ``ui.list_panel.ListPanel`` instead.

Reading is split in three so that a typed search does not hold the window (issue 16: the
task list took ~0.5 s at 100,000 follow-up items): ``query()`` takes the search and filters
from the widgets, ``read_rows(query)`` reads (in a ``BackgroundJob`` worker with its own
connection while the user types; a newer keystroke supersedes it), ``show_rows`` puts the
result in the view. Everything else — a change, a filter, the area shown — reads at once.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from ..context import Context
from ..services.base import Changes
from .area import Area
from .background import BackgroundJob, reraise
from .bus import ChangeBus
from .row_model import RowTableModel  # noqa: F401 (re-exported for the areas)
from .widgets import heading

#: How long typing in the search field waits for a pause before the list is read again.
SEARCH_PAUSE_MS = 200


class SearchableArea(Area):
    """An area with a debounced search field over a list that ``refresh()`` reads again.

    Subclasses start with ``begin_layout``, place ``self.search`` (``make_search``), call
    ``wire_refresh`` once their filters exist, set ``refresh_on`` (the change kinds that can
    alter the list) and implement ``query``, ``read_rows`` and ``show_rows``.
    """

    #: Entity kinds (``Changes.ids`` keys) whose change re-reads the list.
    refresh_on: tuple[str, ...] = ()

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.summary = QLabel()
        self.job: BackgroundJob | None = None  # made on the first typed search

    def begin_layout(self, title: str) -> QVBoxLayout:
        """The area's layout with its heading and the summary line under it."""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(heading(title))
        lay.addWidget(self.summary)
        return lay

    def make_search(self, placeholder: str) -> QLineEdit:
        """The search field, with its placeholder (which names Ctrl+F)."""
        self.search.setPlaceholderText(placeholder)
        return self.search

    def wire_refresh(self, *, checks: tuple[QCheckBox, ...] = (), combos: tuple[QComboBox, ...] = ()) -> None:
        """Typing re-reads after a pause; a check box or drop-down re-reads at once."""
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_PAUSE_MS)
        self._debounce.timeout.connect(self.refresh_typed)
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

    # ----- reading the list -----
    def query(self) -> Any:
        """The search and filters to read the list for, from the widgets (GUI thread)."""
        raise NotImplementedError

    def read_rows(self, query: Any) -> Any:
        """The rows for ``query``. Runs in a worker while the user types: no widgets here."""
        raise NotImplementedError

    def show_rows(self, rows: Any, query: Any) -> None:
        """Put the rows read for ``query`` in the view (GUI thread)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Read the list again now; a typed search still being read is dropped."""
        if self.job is not None:
            self._debounce.stop()
            self.job.cancel()
        query = self.query()
        self.show_rows(self.read_rows(query), query)

    def refresh_typed(self) -> None:
        """After a pause in typing: read in the worker, show when it arrives (the newest request wins)."""
        if self.job is None:
            self.job = BackgroundJob(self.ctx.db, self)
            self.job.done.connect(self._typed_rows_read)
        query = self._typed_query = self.query()
        self.job.start(lambda: self.read_rows(query))

    def _typed_rows_read(self, rows: Any, error: BaseException | None) -> None:
        if error is not None:
            reraise(error)  # never swallowed: the error dialog shows it
            return
        self.show_rows(rows, self._typed_query)


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
