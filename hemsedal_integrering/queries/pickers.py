"""Find-as-you-type for the pickers in forms: a few best matches per keystroke, in SQL.

A form that chooses one record out of many (a participant, a household, a
dwelling, a workplace) asks ``find`` for at most ``limit`` matches of the typed
text instead of loading every row into a drop-down: on 100,000 persons the
drop-down took seconds to fill, a LIMITed query takes milliseconds.

Search rule as in ``queries.lists``: the text is split on white space (commas
count as white space, so the label "Haddad, Biniam" typed back finds itself)
and every term must match one of the picker's search expressions. Labels that
start with the first term come first, then the rest by label. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peewee import Database

from ..i18n import _
from .lists import _escape_like
from .text_search import match_texts


def _with_date(text: str, date_sql: str) -> str:
    """SQL for a translated text with a ``{date}`` field filled from ``date_sql`` (NULL when the date is NULL)."""
    quoted = "'" + text.replace("'", "''") + "'"
    return f"replace({quoted}, '{{date}}', strftime('%d.%m.%Y', {date_sql}))"


@dataclass(frozen=True)
class PickerSpec:
    """Which records one picker offers (``where``), how they read (``label``) and what a term matches."""

    name: str
    from_sql: str
    id_expr: str
    label: str  # SQL expression: the text shown and sorted by
    search: tuple[str, ...]
    where: str = ""  # the records the picker may offer at all
    #: Sort and "begins with" expressions: plain columns, since sorting 60,000 computed
    #: labels took 70 ms where sorting the columns takes 25 (persons). Default: the label.
    order: str = ""
    prefix: str = ""
    #: For pickers over tens of thousands of records (``PickerIndex``): one SQL text per
    #: record holding every search field, separated by char(31) so a term cannot span two.
    index_text: str = ""


#: Adults still living here in a settled household: who a placement can be for.
PLACEMENT_PERSONS = PickerSpec(
    name="placement_persons",
    from_sql="person p JOIN household h ON h.id = p.household_id",
    id_expr="p.id",
    label=("p.last_name || ', ' || p.first_name"
           " || COALESCE(' ' || " + _with_date(_("(born {date})"), "p.birth_date") + ", '')"),
    search=("p.first_name", "p.last_name", "p.national_id", "p.duf_number"),
    where="p.moved_out_date IS NULL AND p.role = 'adult' AND h.settlement_date IS NOT NULL",
    order="p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE",
    prefix="p.last_name",
    index_text=("p.first_name || char(31) || p.last_name || char(31) || COALESCE(p.national_id, '') "
                "|| char(31) || COALESCE(p.duf_number, '')"),
)

#: Households still living in the municipalities.
HOUSEHOLDS_HERE = PickerSpec(
    name="households_here",
    from_sql="household h",
    id_expr="h.id",
    # Two households of the same name read apart: settlement date and case reference (issue 15).
    label="h.name || COALESCE(' ' || " + _with_date(_("(settled {date})"), "h.settlement_date") + ", '')"
          " || CASE WHEN h.case_reference <> '' THEN ' · ' || h.case_reference ELSE '' END",
    search=("h.name", "h.case_reference"),
    where="h.moved_out_date IS NULL",
)

#: Dwellings in use.
ACTIVE_UNITS = PickerSpec(
    name="active_units",
    from_sql="housing_unit u",
    id_expr="u.id",
    label="u.address || CASE WHEN u.place <> '' THEN ', ' || u.place ELSE '' END",
    search=("u.address", "u.place", "u.postal_code"),
    where="u.active",
)

#: Workplaces taking placements now.
ACTIVE_WORKPLACES = PickerSpec(
    name="active_workplaces",
    from_sql="workplace w",
    id_expr="w.id",
    label="w.employer || CASE WHEN w.department <> '' THEN ', ' || w.department ELSE '' END",
    search=("w.employer", "w.department", "w.contact_name"),
    where="w.active",
)


def _terms(text: str) -> list[str]:
    return text.replace(",", " ").split()


def find(db: Database, spec: PickerSpec, text: str, *, limit: int = 20) -> list[tuple[int, str]]:
    """(id, label) of at most ``limit`` records matching every term of ``text``; empty
    text gives the first ``limit`` by label (so the arrow key shows something)."""
    conds = [spec.where] if spec.where else []
    params: list[Any] = []
    terms = _terms(text)
    for term in terms:
        pattern = f"%{_escape_like(term)}%"
        conds.append("(" + " OR ".join(f"{e} LIKE ? ESCAPE '\\'" for e in spec.search) + ")")
        params += [pattern] * len(spec.search)
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    order = f"{spec.order or spec.label + ' COLLATE NOCASE'}, {spec.id_expr}"
    if terms:  # a label beginning with what was typed is the likelier choice
        order = f"{spec.prefix or spec.label} LIKE ? ESCAPE '\\' DESC, " + order
    sql = f"SELECT {spec.id_expr}, {spec.label} FROM {spec.from_sql}{where} ORDER BY {order} LIMIT ?"
    if terms:
        params.append(f"{_escape_like(terms[0])}%")
    params.append(int(limit))
    return [(int(r[0]), r[1]) for r in db.execute_sql(sql, params).fetchall()]


def label_of(db: Database, spec: PickerSpec, record_id: int) -> str | None:
    """The label of one record (a form opened with a preset choice), whether or not
    the picker would offer it now (None when the record does not exist)."""
    row = db.execute_sql(f"SELECT {spec.label} FROM {spec.from_sql} WHERE {spec.id_expr} = ?",
                         [record_id]).fetchone()
    return None if row is None else row[0]


class PickerIndex:
    """Every record a picker offers, in its order, with lower-cased search texts.

    On 100,000 persons ``find`` scanned and sorted in SQL for 25 ms a keystroke
    (47 ms at worst on a busy machine); the 40,000 adults a placement can be for
    are read once (about 60 ms, when the form has opened) and a keystroke is then a
    substring test per record in memory: same rule, same order as ``find``.
    """

    def __init__(self, db: Database, spec: PickerSpec) -> None:
        if not spec.index_text:
            raise ValueError(f"picker {spec.name} has no index_text")
        where = f" WHERE {spec.where}" if spec.where else ""
        order = f"{spec.order or spec.label + ' COLLATE NOCASE'}, {spec.id_expr}"
        rows = db.execute_sql(f"SELECT {spec.id_expr}, {spec.label}, {spec.index_text}, {spec.prefix or spec.label} "
                              f"FROM {spec.from_sql}{where} ORDER BY {order}").fetchall()
        # Tuples, not lists: a tuple of plain values is left alone by Python's cycle collector, which
        # otherwise visits every element of these ~120,000-row lists at each full pass (issue 16: the
        # passes held the window 60-140 ms at 300,000 persons).
        self.ids = tuple(int(r[0]) for r in rows)
        self.labels = tuple(r[1] for r in rows)
        self.texts = tuple((r[2] or "").lower() for r in rows)
        self.prefixes = tuple((r[3] or "").lower() for r in rows)

    def find(self, text: str, *, limit: int = 20) -> list[tuple[int, str]]:
        """As ``find``: records matching every term, those whose prefix field begins
        with the first term first, then the rest in the picker's order."""
        terms = [t.lower() for t in _terms(text)]
        if not terms:
            chosen = list(range(min(limit, len(self.ids))))
        else:
            first = terms[0]
            positions = match_texts(self.texts, " ".join(terms))
            hits = range(len(self.texts)) if positions is None else positions
            prefixes = self.prefixes
            starts = [k for k in hits if prefixes[k].startswith(first)][:limit]
            if len(starts) < limit:
                begun = set(starts)
                starts += [k for k in hits if k not in begun][:limit - len(starts)]
            chosen = starts
        return [(self.ids[k], self.labels[k]) for k in chosen]
