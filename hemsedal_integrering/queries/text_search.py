"""Search as you type over texts held in memory, for the lists too big for a LIKE per keystroke.

A ``ListSpec`` with ``index_sql`` (persons, households) is searched here: its
rows' search texts are read once (``search_index``) and every keystroke is a
substring test per row (``match_texts``), with the same rule as the SQL search
in ``queries.lists``: every white-space separated term must occur. No Qt here.
"""

from __future__ import annotations

from itertools import compress

from peewee import Database

from .lists import ListSpec


def search_index(db: Database, spec: ListSpec) -> dict[int, str]:
    """{id: lower-cased search text} for every row of a list, whatever its filters.

    Search as you type on 100,000 persons: a first letter matches most rows, and
    one LIKE scan in SQLite took 20-27 ms per keystroke; ``in`` over texts held in
    memory takes 2-6 ms. Read once (about 60 ms) and again after a change.
    ``str.lower`` also folds Æ, Ø and Å, which SQLite's LIKE does not.
    """
    if not spec.index_sql:
        raise ValueError(f"list {spec.name} has no index_sql")
    # row by row, not fetchall(): at 300,000 persons the list of rows held ~60 MB next to the dict
    return {row_id: (text or "").lower() for row_id, text in db.execute_sql(spec.index_sql)}


def match_texts(texts: list[str], search: str) -> list[int] | None:
    """Positions in ``texts`` (lower-cased, from ``search_index``) where every term of
    ``search`` occurs; None when every text matches (keep the list as it is)."""
    terms = search.lower().split()
    if not terms:
        return None
    first, rest = terms[0], terms[1:]
    positions = list(compress(range(len(texts)), [first in text for text in texts]))
    for term in rest:
        positions = [i for i in positions if term in texts[i]]
    return None if len(positions) == len(texts) else positions
