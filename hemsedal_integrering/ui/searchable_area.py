"""The shared body of the areas whose list is re-read as a whole (Oppgaver, Boligoppgaver, Tilsyn).

Such an area has one search field whose typing waits for a short pause before the list is
read again, a few check boxes and drop-downs that re-read it at once, and a list of row
objects (``model.rows``) shown in a ``QTableView``. This base holds that wiring once:
the debounced search, ``on_changes`` (re-read when a change touches one of
``refresh_on``), ``activated`` (re-read: counts depend on today), ``focus_search``
(Ctrl+F), the table model over a list of row objects and finding/selecting a row. Lists
with an id query and a row cache are ``ui.list_panel.ListPanel`` instead.

Reading is split in three so that the window never waits for the list (issue 16: the task
list took 0.1-0.6 s at 100,000-300,000 persons): ``query()`` takes the search and filters
from the widgets, ``read_rows(query)`` reads in a ``BackgroundJob`` worker with its own
connection, ``show_rows`` puts the result in the view. Every read goes that way — the first
show, a filter, a change, typing (after a pause) — and a newer request supersedes an older
one (its rows are dropped). The rows shown stay until the new ones arrive, the selected row
is kept by id, and a "Henter …" indicator shows when a read takes a moment
(``ui.busy``). ``refreshed`` is emitted once the newest rows are shown; ``wait()`` waits
for them (tests).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from ..context import Context
from ..services.base import Changes
from .area import Area
from .background import BackgroundJob, reraise
from .bus import ChangeBus
from .busy import BusyIndicator
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
    #: Emitted when the rows read for the newest request are shown.
    refreshed = Signal()

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # a long summary must not widen the window
        self.busy = BusyIndicator()
        self.job = BackgroundJob(ctx.db, self)
        self.job.done.connect(self._rows_read)
        self.busy.watch(self.job)
        self.filter_widgets: tuple[QWidget, ...] = ()
        self._pending: Any = None  # the query of the newest request
        self._shown_once = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_PAUSE_MS)
        self._debounce.timeout.connect(self.refresh)

    def begin_layout(self, title: str) -> QVBoxLayout:
        """The area's layout with its heading and the summary line (with the busy indicator) under it."""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(heading(title))
        line = QHBoxLayout()
        line.addWidget(self.summary, 1)
        line.addWidget(self.busy)
        lay.addLayout(line)
        return lay

    def make_search(self, placeholder: str) -> QLineEdit:
        """The search field, with its placeholder (which names Ctrl+F)."""
        self.search.setPlaceholderText(placeholder)
        return self.search

    def wire_refresh(self, *, checks: tuple[QCheckBox, ...] = (), combos: tuple[QComboBox, ...] = ()) -> None:
        """Typing re-reads after a pause; a check box or drop-down re-reads at once."""
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in combos:
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for check in checks:
            check.toggled.connect(lambda _b: self.refresh())
        self.filter_widgets = (*combos, *checks)

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
        """The rows for ``query``. Runs in a worker: no widgets here."""
        raise NotImplementedError

    def show_rows(self, rows: Any, query: Any) -> None:
        """Put the rows read for ``query`` in the view (GUI thread)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Read the list again in the worker and show it when it arrives (the newest request wins:
        a read still running for an older search or filter is stopped and its rows dropped)."""
        self._debounce.stop()
        query = self._pending = self.query()
        read = self.read_rows
        self.job.start(lambda: read(query))
        if not self._shown_once:
            self.busy.show_now()  # the first read: an empty list would look like "no tasks"

    def wait(self, timeout: float = 60.0) -> bool:
        """Until the newest rows are shown (tests, and callers that need the list now); False on timeout."""
        if self._debounce.isActive():
            self.refresh()
        return self.job.wait(timeout)

    def _rows_read(self, rows: Any, error: BaseException | None) -> None:
        if error is not None:
            reraise(error)  # never swallowed: the error dialog shows it
            return
        self._shown_once = True
        self.show_rows(rows, self._pending)
        self.refreshed.emit()


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
