"""A searchable, filterable, sortable list with a detail pane: the body of most areas.

Subclasses set the list spec and columns, the filters, the count text (``count_text``), and
implement ``detail_html(id)`` and ``open_item(id)``; ``panel_actions`` are the
buttons above the detail. The panel listens on the change bus and refreshes
just what a save touched: an edited row is repainted, a new or deleted row
re-runs the id query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from ..context import Context
from ..i18n import _, ngettext
from ..queries import lists
from ..services.base import Changes
from .bus import ChangeBus
from .busy import BusyIndicator
from .detail_html import DETAIL_CSS, facts, grid, period  # noqa: F401 (re-exported for the panels)
from .list_model import Column, SqlListModel

@dataclass
class FilterDef:
    """A drop-down filter: spec filter key, options (value -> label), initial value."""

    key: str
    label: str
    options: dict[Any, str]
    initial: Any = None


@dataclass
class Action:
    """A button over the detail pane; ``needs_selection`` greys it out with nothing selected.

    ``permission``: what the user must hold to use it (None: the panel's
    ``write_permission``; "": anyone who sees the list, e.g. printing). Without
    it the button is disabled and its tooltip says why (the role, or the
    read-only database) — a form that could not be saved is never offered.
    """

    name: str
    text: str
    run: Callable[[int | None], object]
    needs_selection: bool = True
    permission: str | None = None


def opens(make: Callable[[Any, int], Any]) -> Any:
    """A panel method that opens the form ``make(panel, record_id)`` for the selected item, modally
    (nothing happens with nothing selected): ``move_in = opens(lambda p, rid: MoveInDialog(...))``."""
    def open_for(panel: Any, record_id: int | None) -> None:
        if record_id is not None:
            make(panel, record_id).exec()
    return open_for


#: Filter choices shared by the lists (labels from vocab; None = no filter).
MUNICIPALITY_OPTIONS: dict = {None: _("Both municipalities"), **vocab.MUNICIPALITIES}
LEGAL_BASIS_OPTIONS: dict = {None: _("All legal bases"), **vocab.LEGAL_BASES}


#: Actions that only read (printing shows what the list shows).
READ_ACTIONS = frozenset({"print", "open_household"})


class ListPanel(QWidget):
    """List (left) + detail (right) for one ``ListSpec``.

    Panels whose items can be printed implement ``print_ids(record_id)``
    (the ids ``ui.letter_menu`` takes); ``print_item`` then offers the menu
    from the "Skriv ut …" button and Ctrl+P.
    """

    def print_ids(self, record_id: int) -> dict[str, int | None]:
        return {}

    def print_item(self, record_id: int | None) -> None:
        """Pop up the "Skriv ut" menu for the selected row (beside the detail pane)."""
        if record_id is None:
            return
        from .letter_menu import show_letter_menu
        pos = self.detail.mapToGlobal(self.detail.rect().topLeft())
        show_letter_menu(self, self.ctx, self.bus, pos=pos, **self.print_ids(record_id))

    spec: lists.ListSpec
    columns: list[Column] = []
    #: Deprecated: a (singular, plural) pair already in the user's language; override ``count_text`` instead.
    search_hint = _("Search …")
    entities: frozenset[str] = frozenset()  # changes that concern this panel at all
    list_entities: frozenset[str] = frozenset()  # changes that can alter rows (default: all of entities)
    filter_entities: frozenset[str] = frozenset()  # changes that can alter the choices of a filter
    write_permission: str = ""  # what the actions need unless an Action names its own (see Action)
    sort_descending = False

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        if hasattr(self, "new_item"):
            create = self.new_item

            def new_item_if_allowed() -> None:  # Ctrl+N: no form the user could not save
                if self.may_create():
                    create()
            self.new_item = new_item_if_allowed  # type: ignore[method-assign]
        self.model = SqlListModel(ctx.db, self.spec, self.columns, ctx.today, self.highlight, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)  # the window must fit a 1366-pixel laptop screen
        self.search.textChanged.connect(self.apply_search)
        self.search.returnPressed.connect(lambda: self.open_item(self.current_id()))  # Enter opens the hit
        self.search.installEventFilter(self)  # Down arrow moves into the list
        bar.addWidget(self.search, 2)
        self.filter_boxes: dict[str, QComboBox] = {}
        for f in self.filter_defs():
            box = QComboBox()
            box.setObjectName(f"filter_{f.key}")
            box.setToolTip(f.label)
            # As wide as its longest choice: a filter reads whole ("Kommunale og innleide"), the search
            # field gives way instead (issue 15: "Begge kommune", "Kommunale og in").
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            for value, text in f.options.items():
                box.addItem(text, value)
            box.setCurrentIndex(max(0, box.findData(f.initial)))
            box.currentIndexChanged.connect(self.apply_filters)
            self.filter_boxes[f.key] = box
            bar.addWidget(box)
        bar.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.count_label.setStyleSheet("color: #444; font-weight: 600;")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.count_label)
        # a large database's list is read in the worker (ui.list_model): «Henter …» in the count's place
        self.busy = BusyIndicator(partner=self.count_label)
        self.busy.watch(self.model.job)
        bar.addWidget(self.busy)
        outer.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setStyleSheet("color: #1f4e79;")
        self.summary.setWordWrap(True)  # a long summary must not widen the window
        self.summary.hide()
        outer.addWidget(self.summary)
        self.buttons: dict[str, QPushButton] = {}
        self.button_permissions: dict[str, str] = {}
        brow = QHBoxLayout()
        brow.setSpacing(6)
        for action in self.panel_actions():
            self.button_permissions[action.name] = (self.write_permission if action.permission is None
                                                    and action.name not in READ_ACTIONS else action.permission or "")
            b = QPushButton(action.text)
            b.setObjectName(action.name)
            b.clicked.connect(lambda _checked=False, a=action: a.run(self.current_id()))
            b.setProperty("needs_selection", action.needs_selection)
            self.buttons[action.name] = b
            brow.addWidget(b)
        brow.addStretch(1)
        outer.addLayout(brow)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.view = QTableView()
        self.view.setObjectName("list")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        # Fixed row heights: a reset with 75,000 rows then costs no per-row layout.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        # "activated" is Enter and double-click (per platform style): connecting doubleClicked
        # too would open the item twice.
        self.view.activated.connect(lambda idx: self.open_item(self.model.id_at(idx.row())))
        split.addWidget(self.view)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(6, 0, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self.link_clicked)
        rlay.addWidget(self.detail, 1)
        split.addWidget(right)
        # 3:2 — at 1366×768 the detail pane is wide enough for a status, a period and a remark
        # side by side without breaking words (issue 15: "Introduksjonsprogra/m", "13.09.20/26").
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([660, 440])
        outer.addWidget(split, 1)
        self.splitter = split
        self.model.filters = self.current_filters()
        self.model.sort_key = self.spec.default_sort or None
        self._typing = False
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(150)
        self._detail_timer.timeout.connect(self.show_detail)
        self._detail_due = False  # a detail to render when the hidden list is shown again
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self._keep: int | None = None
        self._select_later: int | None = None  # chosen while the list was still being read
        self.model.modelAboutToBeReset.connect(self.before_reset)
        self.model.modelReset.connect(self.after_reset)
        bus.changed.connect(self.on_changes)
        self._sized = False
        sort_col = next((i for i, c in enumerate(self.columns) if c.key == self.spec.default_sort), 0)
        self.view.horizontalHeader().setSortIndicator(
            sort_col, Qt.SortOrder.DescendingOrder if self.sort_descending else Qt.SortOrder.AscendingOrder)
        self.view.horizontalHeader().setResizeContentsPrecision(60)
        self.view.setSortingEnabled(True)  # sorts once by the indicator: the first query
        if self.model.loading:
            self.busy.show_now()  # read in the worker: an empty list would look like "nothing here"

    def hideEvent(self, event) -> None:  # noqa: N802
        """A detail waiting for its turn waits until the list is shown again (never for a closed panel)."""
        if self._detail_timer.isActive():
            self._detail_timer.stop()
            self._detail_due = True
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._detail_due:
            self._detail_due = False
            self._detail_timer.start()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.model.ids):
            self.view.setFocus()
            if self.current_id() is None:
                self.select_id(self.model.ids[0])
            return True
        return super().eventFilter(watched, event)

    # ----- action wiring the panels share -----

    def new_action(self, name: str, text: str) -> Action:
        """The "Ny …" button: the same as Ctrl+N (``new_item``), with or without a selection."""
        return Action(name, text, lambda _record_id: self.new_item(), needs_selection=False)

    def print_action(self) -> Action:
        """The "Skriv ut …" button: the letter menu for the selected item (``print_ids``)."""
        return Action("print", _("Print …"), self.print_item)

    def create_then_select(self, dialog: Any, kind: str, *, clear_search: bool = False) -> None:
        """Run a "new …" form; once it has saved, select the first ``kind`` it created (after clearing
        the search, where the new item may not match it)."""
        if dialog.exec() and dialog.changes and dialog.changes.created.get(kind):
            if clear_search:
                self.search.clear()
            self.select_id(min(dialog.changes.created[kind]))

    # ----- to override -----

    def filter_defs(self) -> list[FilterDef]:
        return []

    def panel_actions(self) -> list[Action]:
        return []

    def refreshed_filter_options(self) -> dict[str, dict[Any, str]]:
        """Filters whose choices come from the data (key -> options), re-read after a
        change to ``filter_entities`` (a household settled in a new year adds that year)."""
        return {}

    def highlight(self, row: dict[str, Any]) -> QColor | None:
        return None

    def detail_html(self, record_id: int) -> str:
        return ""

    def open_item(self, record_id: int | None) -> None:
        """Enter / double-click."""

    def new_item(self) -> None:
        """Ctrl+N."""

    def link_clicked(self, url) -> None:
        """Links in the detail pane (e.g. 'person:12')."""

    def count_text(self, n: int) -> str:
        """The count over the list ("12 households"): override with the panel's own ``ngettext``."""
        return ngettext("{n} row", "{n} rows", n).format(n=n)

    def update_summary(self) -> None:
        """Extra line over the list (e.g. occupancy); hidden by default."""

    # ----- behaviour -----

    def set_filters(self, values: dict[str, Any]) -> None:
        """Choose filter values (e.g. from a start-page card); unknown keys are ignored."""
        for key, value in values.items():
            box = self.filter_boxes.get(key)
            if box is not None and box.findData(value) >= 0:
                box.blockSignals(True)
                box.setCurrentIndex(box.findData(value))
                box.blockSignals(False)
        self.apply_filters()

    def reload_filter_options(self) -> None:
        """Re-read the data-driven filter choices, keeping each box's chosen value; a value
        that is gone falls back to the first choice ("all") and the list follows."""
        lost = False
        for key, options in self.refreshed_filter_options().items():
            box = self.filter_boxes[key]
            if [box.itemData(i) for i in range(box.count())] == list(options):
                continue
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            for value, text in options.items():
                box.addItem(text, value)
            index = box.findData(chosen)
            lost |= index < 0
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)
        if lost:
            self.apply_filters()

    def current_filters(self) -> dict[str, Any]:
        return {k: box.currentData() for k, box in self.filter_boxes.items()}

    def apply_search(self, text: str) -> None:
        # While typing, the detail of the first hit waits for a pause (the list answers at once).
        self._typing = True
        try:
            self.model.set_query(search=text)
        finally:
            self._typing = False

    def apply_filters(self, *_args: Any) -> None:
        self.model.set_query(filters=self.current_filters())

    def before_reset(self) -> None:
        self._keep = self.current_id()

    def after_reset(self) -> None:
        """Count label, first-time column widths, summary line; the selected item stays
        selected if it is still listed, else the first row is selected."""
        n = len(self.model.ids)
        self.count_label.setText(self.count_text(n))
        if not self._sized and n:
            for i, col in enumerate(self.columns):
                if col.width:
                    self.view.setColumnWidth(i, col.width)
                else:
                    self.view.resizeColumnToContents(i)
                    self.view.setColumnWidth(i, min(self.view.columnWidth(i) + 16, 240))
            self._sized = True
        self.update_summary()
        keep, self._select_later = (self._select_later if self._select_later is not None else self._keep), None
        # read in the worker: the detail (~60 ms of queries for a person) follows in a turn of its own
        self._typing = self.model.in_background()
        try:
            self.reselect(keep)
        finally:
            self._typing = False

    def _row_changed(self, *_args: Any) -> None:
        if self._typing and not self.isVisible():
            self._detail_due = True  # rendered when the list is shown (see hideEvent)
        elif self._typing:
            self._detail_timer.start()
        else:
            self._detail_timer.stop()
            self.show_detail()

    def current_id(self) -> int | None:
        idx = self.view.currentIndex()
        return self.model.id_at(idx.row()) if idx.isValid() else None

    def select_id(self, record_id: int | None) -> bool:
        """Select ``record_id``'s row; False when not listed (while being read: selected on arrival)."""
        row = self.model.row_of(record_id) if record_id is not None else -1
        if row < 0:
            if record_id is not None and self.model.loading:
                self._select_later = record_id
            return False
        idx = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(idx)
        return True

    def wait(self, timeout: float = 60.0) -> bool:
        """Until a list being read in the worker is shown (tests); False on timeout."""
        return self.model.wait(timeout)

    def reselect(self, record_id: int | None) -> None:
        """Keep the selected item after a re-query, else select the first row (Enter opens it).
        Selecting renders the detail (currentRowChanged), so it is not rendered twice."""
        if self.select_id(record_id):
            return
        if self.model.ids:
            self.select_id(self.model.ids[0])
            return
        self.show_detail()

    def show_detail(self) -> None:
        record_id = self.current_id()
        for b in self.buttons.values():
            if b.property("needs_selection"):
                b.setEnabled(record_id is not None)
        if record_id is None:
            self.detail.setHtml(DETAIL_CSS + "<p class='muted'>" + self.empty_text() + "</p>")
            self.apply_permissions()
            return
        self.detail.setHtml(DETAIL_CSS + self.detail_html(record_id))
        self.enable_actions(record_id)
        self.apply_permissions()

    def empty_text(self) -> str:
        """What the detail pane says with nothing selected: an empty list says what to do next."""
        if self.model.rowCount() > 0:
            return _("Choose in the list on the left to see details.")
        if self.search.text().strip():
            return _("Nothing matches the search. Change the search or the filters above.")
        new = next((b for n, b in self.buttons.items() if not b.property("needs_selection") and n.startswith("new")
                    and b.isEnabled()), None)
        if new is not None:
            return _("Nothing here yet with these filters. Use «{action}» above to register the first one, "
                     "or change the filters.").format(action=new.text().rstrip(" …").rstrip("…"))
        return _("Nothing here with these filters. Change the filters above.")

    def enable_actions(self, record_id: int) -> None:
        """Grey out actions that do not apply to this item."""

    def apply_permissions(self) -> None:
        """Disable what the user may not do, with the reason as tooltip (after ``enable_actions``)."""
        from ..services.access import why_not
        for name, b in self.buttons.items():
            permission = self.button_permissions.get(name, "")
            reason = why_not(self.ctx, permission) if permission else ""
            if reason:
                b.setEnabled(False)
                b.setToolTip(reason)
            elif b.toolTip() and b.property("permission_tip"):
                b.setToolTip("")
            b.setProperty("permission_tip", bool(reason))

    def may_create(self) -> bool:
        """Whether the user may use this list's "Ny …" action(s)."""
        names = [n for n, b in self.buttons.items() if not b.property("needs_selection") and n.startswith("new")]
        return any(self.may(n) for n in names) if names else self.may("")

    def may(self, action_name: str) -> bool:
        """Whether the user may use an action now (Ctrl+N and the like check this first)."""
        from ..services.access import can
        permission = self.button_permissions.get(action_name, self.write_permission)
        return not permission or can(self.ctx, permission)

    def on_changes(self, changes: Changes) -> None:
        """Refresh after a save: a change to what the rows show (``list_entities``) re-runs
        the id query, since an edit can move a row in or out of the filter (a person who
        moved away leaves "Bor i kommunen"); a change only the detail shows re-renders it."""
        if changes.entities() & self.filter_entities:
            self.reload_filter_options()
        touched = changes.entities() & self.entities
        if not touched:
            return
        if touched & (self.list_entities or self.entities):
            self.model.refresh()
        else:
            self.model.refresh_rows(set())
            self.show_detail()
        self.update_summary()
