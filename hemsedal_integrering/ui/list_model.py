"""A table model over a SQL list query: ids in display order plus a small row cache.

Search, filter and sort run in SQL (``queries.lists``); the model only holds
the matching ids and fetches the displayed values a page at a time when the
view asks for them, so 100,000 persons cost one id list, not 100,000 rows.

In a large database (``BACKGROUND_FROM`` persons or more) the id list — with the search texts,
0.2-0.6 s at 100,000-300,000 persons — is read in a ``BackgroundJob`` worker whenever it is
read again as a whole (first show, a filter, the sort, a change): the rows shown stay until the
new ones arrive, and a newer read supersedes an older one (issue 16: the window never waits
for a list). In a smaller database the same read takes a few milliseconds and is done at once,
so the view changes in one step with nothing in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor

from ..queries import lists, text_search
from .background import BackgroundJob, reraise

PAGE = 200
MAX_CACHE = 5_000
#: An earlier match this small is narrowed by id lookups; a bigger one (a first letter
#: matches most of the list) is answered by one scan as a match mask (``lists.match_mask``).
WITHIN_LIMIT = 20_000
#: Typing on narrows the earlier matches (a lookup of each one's text) while they are at most
#: this share of the list (1/4); beyond it a sequential pass over all texts is quicker.
NARROW_SHARE = 4
_BITS = bytes.maketrans(b"01", b"\x00\x01")
#: From this many persons ever registered, whole-list reads run in a worker (see the module docstring).
BACKGROUND_FROM = 20_000


def _mask_picker(ids: Sequence[int]) -> Callable[[bytes], Sequence[int]]:
    """A function that reorders a mask over ``ids`` sorted ascending into the order of
    ``ids`` (one ``itemgetter`` call: C speed; built once per base list, ~20 ms for 75,000)."""
    ranks = list(map(dict(zip(sorted(ids), range(len(ids)), strict=True)).__getitem__, ids))
    if len(ranks) < 2:  # itemgetter of one index answers an item, not a tuple
        return lambda bits: [bits[k] for k in ranks]
    return itemgetter(*ranks)


@dataclass(frozen=True)
class Column:
    """One displayed column: spec column key, Norwegian header, value formatter."""

    key: str
    header: str
    format: Callable[[Any], str] = lambda v: "" if v is None else str(v)
    align_right: bool = False
    width: int = 0  # pixels; 0 = fit the contents


class SqlListModel(QAbstractTableModel):
    """Rows of one ``ListSpec``. ``highlight(row) -> QColor | None`` colours whole rows.

    ``loaded`` is emitted when a list read in the worker is shown; ``loading`` says one is on its way.
    """

    loaded = Signal()

    def __init__(self, db, spec: lists.ListSpec, columns: list[Column], today: Callable[[], dt.date],
                 highlight: Callable[[dict[str, Any]], QColor | None] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.spec = spec
        self.columns = columns
        self.today = today
        self.highlight = highlight
        self.search = ""
        self.filters: lists.Filters = {}
        self.sort_key: str | None = spec.default_sort or None
        self.descending = False
        self.ids: Sequence[int] = []
        self._base: Sequence[int] | None = None  # all ids for the current filters and sort, sorted
        self._base_max = 0
        self._pick: Callable[[bytes], Sequence[int]] = _mask_picker([])  # match mask (id order) -> base order
        self._matches: dict[str, list[int] | None] = {}  # search text -> matching ids in order (None: all)
        self._cache: dict[int, dict[str, Any]] = {}
        self._shown: dict[int, tuple[list[str], QBrush | None]] = {}
        # Lists with ``spec.index_sql`` search texts held in memory: the base's rows' texts in
        # base order, read with the base (``lists.query_ids_and_texts``). After an edit they are
        # read again when the event loop is idle, so the next keystroke does not pay for it.
        self._texts: Sequence[str] | None = None
        #: positions in the base of a small earlier result (typing on tests only these)
        self._positions: dict[str, list[int]] = {}
        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.timeout.connect(self._prepare_search)
        self.job = BackgroundJob(db, self)
        self.job.done.connect(self._base_read)
        self._background: bool | None = None  # decided on the first read (``BACKGROUND_FROM``)

    # ----- querying -----

    def refresh(self, *, keep_base: bool = False, data_changed: bool = True) -> None:
        """Re-run the queries. The sorted id list for the filters and sort order (the
        base) is kept while only the search text changes; a search then narrows it,
        and the rows already read and formatted stay cached (their values did not
        change). ``data_changed=False`` says only the filters or the sort changed."""
        if keep_base and self._base is not None and not (self.spec.index_sql and self._texts is None):
            # only the search changed: the rows may be the very ones shown ("0", "00", "000" all
            # match every row), and then the view is not reset (no repaint, the selection stays)
            ids = self._ids_for_search()
            if ids is self.ids:
                return
            self.beginResetModel()
            self.ids = ids
            self.endResetModel()
            return
        if self.in_background():
            if keep_base and self.loading:
                return  # the read on its way is for these filters and sort: it applies the search when it comes
            self._start_read()
            return
        self.beginResetModel()
        self._read_base()
        if not self.spec.index_sql:
            self._pick = _mask_picker(self._base or [])  # now, not in the first keystroke
        self._cache.clear()
        self._shown.clear()
        self.ids = self._ids_for_search()
        self.endResetModel()

    def _ids_for_search(self) -> Sequence[int]:
        """The base's ids the search matches. The lists are never changed in place, so they
        are shared, not copied (300,000 ids per keystroke)."""
        base = self._base if self._base is not None else []
        if self.search.strip():
            matched = self._match(" ".join(self.search.split()))
            return base if matched is None else matched
        return base

    def _read_base(self) -> None:
        """The ids for the filters and sort (and, for lists searched in memory, their texts)."""
        self._index_timer.stop()
        if self.spec.index_sql:
            self._base, self._texts = lists.query_ids_and_texts(
                self.db, self.spec, filters=self.filters, sort=self.sort_key, descending=self.descending,
                today=self.today())
        else:
            self._base = lists.query_ids(self.db, self.spec, filters=self.filters, sort=self.sort_key,
                                         descending=self.descending, today=self.today())
        self._base_max = max(self._base, default=0)
        self._matches.clear()
        self._positions.clear()

    def _prepare_search(self) -> None:
        """Idle work after an edit: the search texts (and the base they belong to) read again."""
        if self.spec.index_sql and self._texts is None and self._base is not None:
            if self.in_background():
                self._start_read()
            else:
                self._read_base()

    # ----- reading in the worker (large databases) -----

    def in_background(self) -> bool:
        """Whether whole-list reads run in the worker: a large database (decided once)."""
        if self._background is None:
            self._background = lists.persons_ever(self.db) >= BACKGROUND_FROM
        return self._background

    @property
    def loading(self) -> bool:
        return self.job.busy

    def wait(self, timeout: float = 60.0) -> bool:
        """Until a list being read in the worker is shown (tests); False on timeout."""
        return self.job.wait(timeout)

    def _start_read(self) -> None:
        """Read the base for the current filters and sort in the worker; ``_base_read`` shows it."""
        self._index_timer.stop()
        db, spec, filters, sort, descending, today = (self.db, self.spec, dict(self.filters), self.sort_key,
                                                      self.descending, self.today())

        def read() -> tuple[Sequence[int], Sequence[str] | None, Callable[[bytes], Sequence[int]] | None]:
            # tuples: Python's cycle collector leaves tuples of plain values alone, where it visits every
            # element of a list at each full pass (at 300,000 persons such passes held the window ~60 ms)
            if spec.index_sql:
                ids, texts = lists.query_ids_and_texts(db, spec, filters=filters, sort=sort, descending=descending,
                                                       today=today)
                return tuple(ids), tuple(texts), None
            found = lists.query_ids(db, spec, filters=filters, sort=sort, descending=descending, today=today)
            return tuple(found), None, _mask_picker(found)
        self.job.start(read)

    def _base_read(self, found: tuple[Sequence[int], Sequence[str] | None,
                                      Callable[[bytes], Sequence[int]] | None] | None,
                   error: BaseException | None) -> None:
        if error is not None:
            reraise(error)  # never swallowed: the error dialog shows it
            return
        if found is None:
            return
        base, texts, pick = found
        same = base == self._base
        self._base, self._texts = base, texts
        self._base_max = max(base, default=0)
        self._matches.clear()
        self._positions.clear()
        if pick is not None:
            self._pick = pick
        ids = self._ids_for_search()
        self._cache.clear()
        self._shown.clear()
        if same and ids == self.ids:
            # the same rows (a change elsewhere, texts read again): repainted, not reset, so the
            # selection and the scroll position stay as they are
            self.ids = ids
            if ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, len(self.columns) - 1))
        else:
            self.beginResetModel()
            self.ids = ids
            self.endResetModel()
        self.loaded.emit()

    def _match_in_memory(self, text: str, prefix: str | None) -> list[int] | None:
        """Like ``_match``, over the texts in memory: a pass over the earlier matches of
        ``prefix`` when that result was small (only the terms ``prefix`` did not already have
        need testing), else one pass over every text (``text_search.scan``)."""
        base = self._base or []
        texts = self._texts or []
        n = len(base)
        earlier = self._positions.get(prefix) if prefix is not None else None
        if earlier is not None:
            had = set(text_search.terms_of(prefix or ""))
            found = text_search.narrow(earlier, texts.__getitem__,
                                       [t for t in text_search.terms_of(text) if t not in had])
            positions = earlier if found is None else found
        else:
            # a sequential pass over texts lying in memory in list order (issue 16: at 300,000
            # persons ~15 ms where looking texts up by id in list order took 50-130 ms)
            mask = text_search.scan(texts, text_search.terms_of(text))
            count = mask.count(1)
            if count == n:
                return None  # a first letter or digit often matches every row: no list to build
            if count * NARROW_SHARE > n:
                return list(compress(base, mask))
            positions = list(compress(range(n), mask))
        self._positions[text] = positions
        return list(map(base.__getitem__, positions))

    def _match(self, text: str) -> list[int] | None:
        """Ids matching ``text`` in display order (None: all of the base): remembered per
        text (Backspace is free), and narrowed from the longest earlier text it extends
        (typing on only narrows)."""
        if text in self._matches:
            return self._matches[text]
        prefix = max((t for t in self._matches if text.startswith(t)), key=len, default=None)
        earlier = self._matches[prefix] if prefix is not None else None  # None: everything matched
        if self.spec.index_sql:
            matched: list[int] | None = self._match_in_memory(text, prefix)
        elif earlier is not None and len(earlier) <= WITHIN_LIMIT:
            found = lists.match_ids(self.db, self.spec, search=text, filters=self.filters, today=self.today(),
                                    within=earlier)
            matched = list(filter(found.__contains__, earlier)) if found is not None else list(earlier)
        else:
            matched = self._match_all(text)
        # keep only the matches Backspace can return to (the prefixes of this text): each of a
        # first letter's matches is a list of up to 300,000 ids, and 50 of them held ~100 MB
        for old in [t for t in self._matches if not text.startswith(t)]:
            del self._matches[old]
            self._positions.pop(old, None)
        self._matches[text] = matched
        return matched

    def _match_all(self, text: str) -> list[int] | None:
        """Ids of the whole base matching ``text``, from a match mask: picking base ids by
        their bits runs in C, where a set of 45,000 ids and 75,000 lookups did not."""
        base = self._base or []
        mask = lists.match_mask(self.db, self.spec, search=text, filters=self.filters, today=self.today())
        if len(mask) != len(base):  # rows came or went since the base was read: fall back to an id set
            found = lists.match_ids(self.db, self.spec, search=text, filters=self.filters, today=self.today(),
                                    all_count=len(base))
            return None if found is None else list(filter(found.__contains__, base))
        if "0" not in mask:
            return None
        return list(compress(base, self._pick(mask.encode("ascii").translate(_BITS))))

    def set_query(self, *, search: str | None = None, filters: lists.Filters | None = None) -> None:
        only_search = filters is None or dict(filters) == self.filters
        if search is not None:
            self.search = search
        if filters is not None:
            self.filters = dict(filters)
        self.refresh(keep_base=only_search, data_changed=False)

    def forget(self) -> None:
        """Drop the remembered base list and matches (rows were added, removed or changed)."""
        self._base = None
        self._matches.clear()
        self._positions.clear()
        self._texts = None

    def refresh_rows(self, ids: set[int]) -> None:
        """Repaint after an edit (not a new row). ``ids`` may be of a related entity (a
        household's edit shows in its persons' rows), so the small page cache is dropped whole.
        A renamed row must be found by its new name: the search texts are read again."""
        self._cache.clear()
        self._shown.clear()
        self._matches.clear()
        self._positions.clear()
        if self.spec.index_sql:
            self._texts = None
            self._index_timer.start(0)
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(self.columns) - 1))

    def row_of(self, record_id: int) -> int:
        try:
            return self.ids.index(record_id)
        except ValueError:
            return -1

    def id_at(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_values(self, row: int) -> dict[str, Any]:
        record_id = self.ids[row]
        values = self._cache.get(record_id)
        if values is None:
            start = max(0, row - PAGE // 4)
            page = [i for i in self.ids[start:start + PAGE] if i not in self._cache]
            if len(self._cache) > MAX_CACHE:
                self._cache.clear()
                self._shown.clear()
            self._cache.update(lists.fetch_rows(self.db, self.spec, page))
            values = self._cache.get(record_id, {})
        return values

    # ----- Qt model interface -----

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def _row(self, row: int) -> tuple[list[str], QBrush | None]:
        """Formatted cells and background of a row, computed once per cached row (paint
        asks for every cell and several roles, so formatting there would repeat)."""
        record_id = self.ids[row]
        shown = self._shown.get(record_id)
        if shown is None:
            values = self.row_values(row)
            colour = self.highlight(values) if self.highlight is not None else None
            shown = ([c.format(values.get(c.key)) for c in self.columns],
                     QBrush(colour) if colour is not None else None)
            self._shown[record_id] = shown
        return shown

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row(index.row())[0][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._row(index.row())[1]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[index.column()].align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self.ids[index.row()]
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sort_key = self.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh(data_changed=False)
