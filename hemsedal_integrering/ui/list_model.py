"""A table model over a SQL list query: ids in display order plus a small row cache.

Search, filter and sort run in SQL (``queries.lists``); the model only holds
the matching ids and fetches the displayed values a page at a time when the
view asks for them, so 100,000 persons cost one id list, not 100,000 rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import compress, repeat
from operator import contains, itemgetter
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor

from ..queries import lists, text_search

PAGE = 200
MAX_CACHE = 5_000
#: An earlier match this small is narrowed by id lookups; a bigger one (a first letter
#: matches most of the list) is answered by one scan as a match mask (``lists.match_mask``).
WITHIN_LIMIT = 20_000
#: Typing on narrows the earlier matches (a lookup of each one's text) while they are at most
#: this share of the list (1/4); beyond it a sequential pass over all texts is quicker.
NARROW_SHARE = 4
_BITS = bytes.maketrans(b"01", b"\x00\x01")


def _mask_picker(ids: list[int]) -> Callable[[bytes], Sequence[int]]:
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
    """Rows of one ``ListSpec``. ``highlight(row) -> QColor | None`` colours whole rows."""

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
        self.ids: list[int] = []
        self._base: list[int] | None = None  # all ids for the current filters and sort, sorted
        self._base_max = 0
        self._pick: Callable[[bytes], Sequence[int]] = _mask_picker([])  # match mask (id order) -> base order
        self._matches: dict[str, list[int] | None] = {}  # search text -> matching ids in order (None: all)
        self._cache: dict[int, dict[str, Any]] = {}
        self._shown: dict[int, tuple[list[str], QBrush | None]] = {}
        # Lists with ``spec.index_sql`` search texts held in memory (``text_search.search_index``):
        # {id: text} for every row, read when the event loop is idle after the list is
        # shown or changed, so the first keystroke does not pay for it.
        self._index: text_search.SearchTexts | None = None
        self._texts: list[str] | None = None  # the index's texts in base order
        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.timeout.connect(self._prepare_search)

    # ----- querying -----

    def refresh(self, *, keep_base: bool = False, data_changed: bool = True) -> None:
        """Re-run the queries. The sorted id list for the filters and sort order (the
        base) is kept while only the search text changes; a search then narrows it,
        and the rows already read and formatted stay cached (their values did not
        change). ``data_changed=False`` says only the filters or the sort changed."""
        self.beginResetModel()
        if not keep_base or self._base is None:
            self._base = lists.query_ids(self.db, self.spec, filters=self.filters, sort=self.sort_key,
                                         descending=self.descending, today=self.today())
            self._base_max = max(self._base, default=0)
            self._matches.clear()
            self._texts = None
            if self.spec.index_sql:
                if data_changed:
                    self._index = None
                self._index_timer.start(0)  # texts in the new base order (and the index, if dropped)
            else:
                self._pick = _mask_picker(self._base)  # now, not in the first keystroke
            self._cache.clear()
            self._shown.clear()
        if self.search.strip():
            matched = self._match(" ".join(self.search.split()))
            self.ids = list(self._base) if matched is None else list(matched)
        else:
            self.ids = list(self._base)
        self.endResetModel()

    def _ensure_index(self) -> text_search.SearchTexts:
        if self._index is None:
            self._index_timer.stop()
            self._index = text_search.search_index(self.db, self.spec)
            self._texts = None
        if self._base:
            self._index.cover(self._base_max)
        return self._index

    def _prepare_search(self) -> None:
        """Idle work after a re-query: the search texts, in the order of the new base."""
        index = self._ensure_index()
        if self._texts is None and self._base is not None:
            self._texts = list(map(index.lookup, self._base))

    def _match_in_memory(self, text: str, prefix: str | None, earlier: list[int] | None) -> list[int] | None:
        """Like ``_match``, over the texts in memory: a full pass over the base, or a
        pass over the earlier matches of ``prefix`` when typing on narrows them (only
        the terms ``prefix`` did not already have need testing)."""
        index = self._ensure_index()
        base = self._base or []
        if earlier is not None and len(earlier) * NARROW_SHARE <= len(base):
            had = set(text_search.terms_of(prefix or ""))
            found = text_search.narrow(earlier, index.lookup,
                                       [t for t in text_search.terms_of(text) if t not in had])
            return earlier if found is None else found
        # A pass over every text in list order: sequential, it beats looking up a big earlier
        # result's texts one by one (at 300,000 persons, "h" then "ha": 60 against 140 ms).
        # The longest term first: it is the likeliest to leave few rows for the others.
        self._prepare_search()
        terms = sorted(set(text_search.terms_of(text)), key=len, reverse=True)
        first = list(compress(base, map(contains, self._texts or [], repeat(terms[0]))))
        found = text_search.narrow(first, index.lookup, terms[1:]) if terms[1:] else first
        return None if len(found) == len(base) else found

    def _match(self, text: str) -> list[int] | None:
        """Ids matching ``text`` in display order (None: all of the base): remembered per
        text (Backspace is free), and narrowed from the longest earlier text it extends
        (typing on only narrows)."""
        if text in self._matches:
            return self._matches[text]
        prefix = max((t for t in self._matches if text.startswith(t)), key=len, default=None)
        earlier = self._matches[prefix] if prefix is not None else None  # None: everything matched
        if self.spec.index_sql:
            matched: list[int] | None = self._match_in_memory(text, prefix, earlier)
        elif earlier is not None and len(earlier) <= WITHIN_LIMIT:
            found = lists.match_ids(self.db, self.spec, search=text, filters=self.filters, today=self.today(),
                                    within=earlier)
            matched = list(filter(found.__contains__, earlier))
        else:
            matched = self._match_all(text)
        # keep only the matches Backspace can return to (the prefixes of this text): each of a
        # first letter's matches is a list of up to 300,000 ids, and 50 of them held ~100 MB
        for old in [t for t in self._matches if not text.startswith(t)]:
            del self._matches[old]
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
        self._index = None
        self._texts = None

    def refresh_rows(self, ids: set[int]) -> None:
        """Repaint after an edit (not a new row). ``ids`` may be of a related entity (a
        household's edit shows in its persons' rows), so the small page cache is dropped whole.
        A renamed row must be found by its new name: the search texts are read again."""
        self._cache.clear()
        self._shown.clear()
        self._matches.clear()
        if self.spec.index_sql:
            self._index = None
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

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
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

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
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
