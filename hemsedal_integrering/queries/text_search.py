"""Search as you type over texts held in memory, for the lists too big for a LIKE per keystroke.

A ``ListSpec`` with ``index_sql`` (persons, households) is searched here: its
rows' search texts are read once (``search_index``) and every keystroke is a
substring test per row (``match_texts``), with the same rule as the SQL search
in ``queries.lists``: every white-space separated term must occur. No Qt here.
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import contains
from typing import Sequence

from peewee import Database

from .lists import ListSpec


class SearchTexts:
    """Every row's lower-cased search text, found by the row's id.

    Memory at 300,000 persons (issue 16: both big lists under 150 MB): the texts sit in a
    list at their row's id (the tables' keys are SQLite's dense rowids), not in a dict, so
    a row costs one list slot instead of a dict entry plus an int object (~60 bytes). (Bytes
    instead of str would save 16 bytes a row more, but ``in`` on bytes took twice as long.)
    Sparse or negative ids (not made by this program) fall back to a dict. ``lookup(id)`` is the C-level
    accessor for ``map``; ids beyond the last row read need ``cover`` first.
    """

    def __init__(self, rows) -> None:
        texts: list[str] = []
        by_id: dict[int, str] | None = None
        count = 0
        for row_id, text in rows:
            value = (text or "").lower()
            count += 1
            if by_id is not None:
                by_id[row_id] = value
            elif row_id == len(texts):
                texts.append(value)
            elif 0 <= row_id < len(texts):
                texts[row_id] = value
            elif 0 <= row_id <= 4 * count + 100_000:
                texts.extend(repeat("", row_id - len(texts)))
                texts.append(value)
            else:
                by_id = {i: t for i, t in enumerate(texts) if t}
                by_id[row_id] = value
                texts = []
        self._texts = texts
        self._by_id = by_id
        self.count = count

    def __len__(self) -> int:
        return self.count

    def cover(self, max_id: int) -> None:
        """Make ``lookup`` answer "" (matches nothing) for ids up to ``max_id`` not read."""
        if self._by_id is None and max_id >= len(self._texts):
            self._texts.extend(repeat("", max_id + 1 - len(self._texts)))

    @property
    def lookup(self):
        if self._by_id is not None:
            by_id = self._by_id
            return lambda row_id: by_id.get(row_id, "")
        return self._texts.__getitem__

    def get(self, row_id: int) -> str:
        if self._by_id is not None:
            return self._by_id.get(row_id, "")
        return self._texts[row_id] if 0 <= row_id < len(self._texts) else ""


def search_index(db: Database, spec: ListSpec) -> SearchTexts:
    """The lower-cased search text of every row of a list, whatever its filters.

    Search as you type on 100,000 persons: a first letter matches most rows, and
    one LIKE scan in SQLite took 20-27 ms per keystroke; ``in`` over texts held in
    memory takes 2-6 ms. Read once (about 60 ms) and again after a change.
    ``str.lower`` also folds Æ, Ø and Å, which SQLite's LIKE does not.
    """
    if not spec.index_sql:
        raise ValueError(f"list {spec.name} has no index_sql")
    # row by row, not fetchall(): at 300,000 persons the list of rows held ~60 MB next to the texts
    return SearchTexts(db.execute_sql(spec.index_sql))


def terms_of(search: str) -> list[str]:
    """The terms of a search as ``SearchTexts`` holds texts: lower-cased."""
    return search.lower().split()


def match_texts(texts: Sequence[str], search: str) -> list[int] | None:
    """Positions in ``texts`` (lower-cased, from ``search_index``) where every term of
    ``search`` occurs; None when every text matches (keep the list as it is)."""
    found = narrow(range(len(texts)), texts.__getitem__, search.lower().split())
    return None if found is None or len(found) == len(texts) else found


def narrow(keys, text_of, terms: list[str], *default: str) -> list | None:
    """The ``keys`` whose text (``text_of(key)``, lower-cased) holds every one of ``terms``
    (lower-cased); None when there are no terms. ``default``, if given, is passed to
    ``text_of`` as its second argument (``dict.get``).

    Each pass runs in C (``map``/``compress`` over ``operator.contains``): at 300,000
    persons a Python-level ``[term in t for t in texts]`` took 100-170 ms per keystroke on
    a loaded machine, this a fraction of it.
    """
    if not terms:
        return None
    found = keys
    for term in terms:
        found = list(compress(found, map(contains, map(text_of, found, *map(repeat, default)), repeat(term))))
        if not found:
            break
    return found



def scan(texts: Sequence[str], terms: list[str]) -> bytes:
    """A match mask over ``texts`` (lower-cased, in list order): byte 1 where every one of
    ``terms`` (lower-cased, at least one) occurs, else 0.

    One pass per term, in C (``map`` over ``operator.contains``); the longest term first (the
    likeliest to rule rows out). When it leaves few rows, the other terms test only those.
    """
    ordered = sorted(set(terms), key=len, reverse=True)
    mask = bytes(map(contains, texts, repeat(ordered[0])))
    rest = ordered[1:]
    if not rest:
        return mask
    if mask.count(1) * 8 <= len(texts):
        kept = narrow(list(compress(range(len(texts)), mask)), texts.__getitem__, rest) or []
        out = bytearray(len(texts))
        for position in kept:
            out[position] = 1
        return bytes(out)
    number = int.from_bytes(mask, "little")
    for term in rest:  # each byte is 0 or 1: AND of the integers is AND of the masks
        number &= int.from_bytes(bytes(map(contains, texts, repeat(term))), "little")
    return number.to_bytes(len(texts), "little")
