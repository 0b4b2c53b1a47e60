"""The list queries behind the main window's tables: search, filter, sort and count in SQL.

A list is described by a ``ListSpec``: the FROM clause, the sortable columns,
the expressions a search term is matched against and the filters it knows.
``query_ids`` answers the ids in display order (cheap even for 100,000 rows:
one indexed scan, no row objects); ``fetch_rows`` answers the displayed
values of a page of ids. No Qt here: the GUI's table models wrap these.

Search rule: the text is split on white space and every term must match at
least one of the spec's search expressions (case-insensitive LIKE
``%term%``), so "ali haddad" finds Ali Haddad and "3560" finds an address.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Callable

from peewee import Database

from ..rules.dates import add_months

Filters = dict[str, Any]
#: A filter turns a chosen value into (SQL condition, parameters); None/"" means "all".
FilterFn = Callable[[Any, dt.date], tuple[str, list[Any]]]


@dataclass(frozen=True)
class ListSpec:
    """What one list shows and how it searches, filters and sorts."""

    name: str
    from_sql: str
    columns: dict[str, str]  # key -> SQL expression (selected and sortable)
    search: tuple[str, ...]  # SQL expressions matched by LIKE
    filters: dict[str, FilterFn] = field(default_factory=dict)
    default_sort: str = ""
    id_expr: str = "id"
    extra_search: tuple[str, ...] = ()  # full conditions; every '?' gets the term's pattern (subqueries)
    #: A cheaper FROM (no joins) for id queries whose search, sort column and filters
    #: only use ``light_columns``/``light_filters``; the search must then be light too.
    light_from: str = ""
    light_columns: frozenset[str] = frozenset()
    light_filters: frozenset[str] = frozenset()
    #: Search expressions that only ever hold digits (identity numbers, phone): a term
    #: with a letter cannot match them, and a term of digits cannot match ``letter_fields``
    #: (names), so those LIKEs are skipped (half the work of a keystroke).
    digit_fields: frozenset[str] = frozenset()
    letter_fields: frozenset[str] = frozenset()
    #: For big lists searched in memory (``queries.text_search``): a SELECT of (id, text) for
    #: every row, the text holding every field a term can match, fields separated by
    #: control characters so a term (which never holds one) cannot span two. Empty: the
    #: list is searched in SQL.
    index_sql: str = ""
    #: The same text as an SQL expression over ``from_sql`` (and ``light_from``), read with the
    #: sorted ids in one query (``query_ids_and_texts``); needed with ``index_sql``.
    index_text: str = ""


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(spec: ListSpec, search: str, filters: Filters, today: dt.date) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    for term in search.split():
        pattern = f"%{_escape_like(term)}%"
        has_letter = any(ch.isalpha() for ch in term)
        exprs = [e for e in spec.search
                 if not (has_letter and e in spec.digit_fields) and not (not has_letter and e in spec.letter_fields)]
        ors = [f"{expr} LIKE ? ESCAPE '\\'" for expr in exprs]
        ors += list(spec.extra_search)
        conds.append("(" + " OR ".join(ors) + ")")
        params += [pattern] * (len(exprs) + sum(c.count("?") for c in spec.extra_search))
    for key, value in (filters or {}).items():
        if value in (None, "", "all"):
            continue
        if key not in spec.filters:
            raise KeyError(f"unknown filter {key!r} for list {spec.name}")
        sql, args = spec.filters[key](value, today)
        conds.append(sql)
        params += args
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def query_ids(db: Database, spec: ListSpec, *, search: str = "", filters: Filters | None = None,
              sort: str | None = None, descending: bool = False, today: dt.date | None = None) -> list[int]:
    """The ids matching ``search`` and ``filters``, ordered by column ``sort`` (ties by id)."""
    sql, params = _ids_sql(spec, spec.id_expr, search, filters, sort, descending, today)
    return [r[0] for r in db.execute_sql(sql, params)]  # row by row: no second list of 300,000 tuples at the peak


def query_ids_and_texts(db: Database, spec: ListSpec, *, filters: Filters | None = None, sort: str | None = None,
                        descending: bool = False, today: dt.date | None = None) -> tuple[list[int], list[str]]:
    """``query_ids`` (no search) and each row's lower-cased search text (``spec.index_text``),
    in the same order, from one query.

    Search as you type passes over these texts once per keystroke. Read row by row in list
    order, they lie in memory in that order, and the pass reads memory in sequence: at
    300,000 persons it took a third to a fifth of the time the same pass took over texts
    read in id order and visited in name order (issue 16). For persons the sort costs the
    same with the text as without it; only the rows the filters give are held.
    """
    if not spec.index_text:
        raise ValueError(f"list {spec.name} has no index_text")
    sql, params = _ids_sql(spec, f"{spec.id_expr}, {spec.index_text}", "", filters, sort, descending, today)
    ids: list[int] = []
    texts: list[str] = []
    add_id, add_text = ids.append, texts.append
    for row_id, text in db.execute_sql(sql, params):
        add_id(row_id)
        add_text((text or "").lower())  # str.lower folds Æ, Ø and Å, which SQLite's lower() does not
    return ids, texts


def persons_ever(db: Database) -> int:
    """The highest person id: about how many persons were ever registered (an index look-up, not a count).
    The lists decide by it whether a read is quick enough to do at once (``ui.list_model``)."""
    return int(db.execute_sql("SELECT coalesce(max(id), 0) FROM person").fetchone()[0])


def _ids_sql(spec: ListSpec, select: str, search: str, filters: Filters | None, sort: str | None,
             descending: bool, today: dt.date | None) -> tuple[str, list[Any]]:
    where, params = _where(spec, search, filters or {}, today or dt.date.today())
    key = sort or spec.default_sort
    direction = "DESC" if descending else "ASC"
    order = f"{spec.columns[key]} {direction}, {spec.id_expr} {direction}" if key else spec.id_expr
    return f"SELECT {select} FROM {_from(spec, filters or {}, key)}{where} ORDER BY {order}", params


def _from(spec: ListSpec, filters: Filters, sort: str | None) -> str:
    used = {k for k, v in filters.items() if v not in (None, "", "all")}
    if spec.light_from and (sort is None or sort in spec.light_columns) and used <= spec.light_filters:
        return spec.light_from
    return spec.from_sql


def match_ids(db: Database, spec: ListSpec, *, search: str, filters: Filters | None = None,
              today: dt.date | None = None, within: list[int] | None = None,
              all_count: int | None = None) -> set[int] | None:
    """The ids matching ``search`` and ``filters``, unordered.

    Search as you type narrows a list already sorted by ``query_ids``: the
    model keeps that order and keeps the matching ids, so a keystroke costs
    one scan without a sort (the sort of 75,000 names is what took time).
    ``within`` restricts the scan to earlier matches (typing more letters can
    only narrow the result), which turns a table scan into id lookups.
    Returns None when ``all_count`` ids match (everything the filters give: a
    first letter often matches all), so the caller keeps its list as it is.
    """
    where, params = _where(spec, search, filters or {}, today or dt.date.today())
    if within is not None:
        where += (" AND " if where else " WHERE ") + (f"{spec.id_expr} IN "
                                                      "(SELECT CAST(value AS INTEGER) FROM json_each(?))")
        params.append(json.dumps(list(within)))
    # One text row instead of 45,000 one-column rows: materialising rows was half the cost.
    sql = f"SELECT COUNT(*), group_concat({spec.id_expr}) FROM {_from(spec, filters or {}, None)}{where}"
    n, joined = db.execute_sql(sql, params).fetchone()
    if all_count is not None and n == all_count:
        return None
    return set(map(int, joined.split(","))) if joined else set()


def match_mask(db: Database, spec: ListSpec, *, search: str, filters: Filters | None = None,
               today: dt.date | None = None) -> str:
    """Which rows of the filtered list match ``search``: one character per row the
    ``filters`` give, in id order, "1" where every term matches and "0" where not.

    For a search matching most of a big list (a first letter): the caller maps it
    onto its sorted ids without building a set of 45,000 ids and testing 75,000
    members (that Python work cost as much as the scan itself).
    """
    today = today or dt.date.today()
    search_where, search_params = _where(spec, search, {}, today)
    filter_where, filter_params = _where(spec, "", filters or {}, today)
    matched = search_where.removeprefix(" WHERE ") or "1 = 1"
    # The subquery's ORDER BY is a rowid scan's own order: it costs nothing and fixes
    # the order group_concat sees (SQLite 3.40 has no ORDER BY inside an aggregate).
    sql = (f"SELECT group_concat(m, '') FROM (SELECT CASE WHEN {matched} THEN '1' ELSE '0' END AS m "
           f"FROM {_from(spec, filters or {}, None)}{filter_where} ORDER BY {spec.id_expr}) AS marks")
    if getattr(db, "server_url", None) is not None:  # PostgreSQL: the order inside the aggregate itself
        sql = (f"SELECT string_agg(m, '' ORDER BY i) FROM (SELECT CASE WHEN {matched} THEN '1' ELSE '0' END AS m, "
               f"{spec.id_expr} AS i FROM {_from(spec, filters or {}, None)}{filter_where}) AS marks")
    return db.execute_sql(sql, search_params + filter_params).fetchone()[0] or ""


def count(db: Database, spec: ListSpec, *, search: str = "", filters: Filters | None = None,
          today: dt.date | None = None) -> int:
    """How many rows match (for the count label when the ids are not needed)."""
    where, params = _where(spec, search, filters or {}, today or dt.date.today())
    return int(db.execute_sql(f"SELECT COUNT(*) FROM {spec.from_sql}{where}", params).fetchone()[0])


def fetch_rows(db: Database, spec: ListSpec, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Column values (raw: dates as ISO text, codes as codes) for the given ids."""
    if not ids:
        return {}
    out: dict[int, dict[str, Any]] = {}
    keys = list(spec.columns)
    select = ", ".join(f"{spec.columns[k]}" for k in keys)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {spec.id_expr}, {select} FROM {spec.from_sql} WHERE {spec.id_expr} IN ({marks})"
        for row in db.execute_sql(sql, chunk).fetchall():
            out[row[0]] = dict(zip(keys, row[1:], strict=True))
    return out


def _eq(expr: str) -> FilterFn:
    return lambda value, today: (f"{expr} = ?", [value])


def _iso(day: dt.date) -> str:
    return day.isoformat()


# ----- persons -----

_SETTLED = "COALESCE(p.arrival_date, h.settlement_date)"
_CURRENT_HOME = ("(SELECT u.address FROM tenancy t JOIN housing_unit u ON u.id = t.unit_id "
                 "WHERE t.household_id = h.id AND t.end_date IS NULL ORDER BY t.start_date DESC LIMIT 1)")


def _person_state(value: str, today: dt.date) -> tuple[str, list[Any]]:
    if value == "active":
        return "p.moved_out_date IS NULL", []
    if value == "moved":
        return "p.moved_out_date IS NOT NULL", []
    if value == "followed":  # settled within the last five years and still here
        settled = "COALESCE(p.arrival_date, (SELECT hh.settlement_date FROM household hh WHERE hh.id = p.household_id))"
        return (f"p.moved_out_date IS NULL AND {settled} > ? AND {settled} <= ?",
                [_iso(add_months(today, -60)), _iso(today)])
    raise KeyError(value)


PERSONS = ListSpec(
    name="persons",
    from_sql="person p JOIN household h ON h.id = p.household_id JOIN municipality m ON m.id = h.municipality_id",
    id_expr="p.id",
    columns={
        "name": "p.last_name || ', ' || p.first_name",
        "birth_date": "p.birth_date",
        "role": "p.role",
        "household": "h.name",
        "municipality": "m.name",
        "settled": _SETTLED,
        "legal_basis": "COALESCE(p.legal_basis, h.legal_basis)",
        "phone": "p.phone",
        "moved_out_date": "p.moved_out_date",
    },
    # Names, identity and DUF numbers, phone, the household's name, address note and phone
    # and the current home's address, kept in one column by triggers (schema_v2.sql): one
    # LIKE per person instead of five LIKEs and two subqueries.
    search=("p.search_text",),
    index_sql="SELECT p.id, p.search_text FROM person p",
    index_text="p.search_text",
    light_from="person p NOT INDEXED",  # a full scan beats index + row lookups at 75 % selectivity
    light_columns=frozenset({"name", "birth_date", "role", "phone", "moved_out_date"}),
    light_filters=frozenset({"state", "household", "municipality"}),
    filters={
        "municipality": lambda value, today: (
            "p.household_id IN (SELECT hh.id FROM household hh JOIN municipality mm ON mm.id = hh.municipality_id "
            "WHERE mm.code = ?)", [value]),
        "state": _person_state,
        "year": lambda value, today: (f"{_SETTLED} >= ? AND {_SETTLED} < ?",
                                      [f"{int(value):04d}-01-01", f"{int(value) + 1:04d}-01-01"]),
        "legal_basis": _eq("COALESCE(p.legal_basis, h.legal_basis)"),
        "household": _eq("p.household_id"),
    },
    default_sort="name",
)


def settlement_years(db: Database) -> list[int]:
    """The years households were settled in, newest first (for the year filter)."""
    rows = db.execute_sql("SELECT DISTINCT CAST(strftime('%Y', settlement_date) AS INTEGER) FROM household "
                          "WHERE settlement_date IS NOT NULL ORDER BY 1 DESC").fetchall()
    return [r[0] for r in rows]


# ----- households -----

def _household_state(value: str, today: dt.date) -> tuple[str, list[Any]]:
    if value == "active":
        return "h.moved_out_date IS NULL", []
    if value == "moved":
        return "h.moved_out_date IS NOT NULL", []
    raise KeyError(value)


#: Members living here; a household that moved away counts all it had (they left together).
_MEMBERS = ("(SELECT COUNT(*) FROM person pp WHERE pp.household_id = h.id "
            "AND (pp.moved_out_date IS NULL OR h.moved_out_date IS NOT NULL))")

HOUSEHOLDS = ListSpec(
    name="households",
    from_sql="household h JOIN municipality m ON m.id = h.municipality_id",
    id_expr="h.id",
    columns={
        "name": "h.name",
        "municipality": "m.name",
        "settled": "h.settlement_date",
        "members": _MEMBERS,
        "home": _CURRENT_HOME,
        "legal_basis": "h.legal_basis",
        "moved_out_date": "h.moved_out_date",
    },
    search=("h.name", "h.case_reference"),
    # A member's name, identity or DUF number, phone or the current home's address finds the
    # household: the persons' trigger-kept search column holds all of them (schema_v2.sql).
    extra_search=("h.id IN (SELECT ps.household_id FROM person ps WHERE ps.search_text LIKE ? ESCAPE '\\')",),
    # One pass over the persons grouped by household (a subquery per household took 2-3 times as long).
    index_sql=("SELECT h.id, h.name || char(30) || COALESCE(h.case_reference, '') || char(30) || COALESCE(m.t, '') "
               "FROM household h LEFT JOIN (SELECT household_id, group_concat(search_text, char(30)) AS t "
               "FROM person GROUP BY household_id) m ON m.household_id = h.id"),
    # With the sorted ids (query_ids_and_texts): a subquery per listed household (at 300,000
    # persons ~0.4 s with the sort, where the grouped join above reads every person: ~1 s).
    index_text=("h.name || char(30) || COALESCE(h.case_reference, '') || char(30) || COALESCE("
                "(SELECT group_concat(ps.search_text, char(30)) FROM person ps WHERE ps.household_id = h.id), '')"),
    filters={
        "municipality": _eq("m.code"),
        "state": _household_state,
        "year": lambda value, today: ("h.settlement_date >= ? AND h.settlement_date < ?",
                                      [f"{int(value):04d}-01-01", f"{int(value) + 1:04d}-01-01"]),
        "legal_basis": _eq("h.legal_basis"),
    },
    default_sort="name",
)


# ----- housing units -----

_OCCUPANTS = ("(SELECT GROUP_CONCAT(hh.name, ', ') FROM tenancy t JOIN household hh ON hh.id = t.household_id "
              "WHERE t.unit_id = u.id AND t.end_date IS NULL)")


def _open_tenancies(today: dt.date) -> tuple[str, list[Any]]:
    return ("(SELECT COUNT(*) FROM tenancy t WHERE t.unit_id = u.id AND t.start_date <= ? "
            "AND (t.end_date IS NULL OR t.end_date >= ?))", [_iso(today), _iso(today)])


def _let_to_others(today: dt.date) -> tuple[str, list[Any]]:
    return ("EXISTS(SELECT 1 FROM other_letting o WHERE o.unit_id = u.id AND o.start_date <= ? "
            "AND (o.end_date IS NULL OR o.end_date >= ?))", [_iso(today), _iso(today)])


def _occupancy(value: str, today: dt.date) -> tuple[str, list[Any]]:
    sub, args = _open_tenancies(today)
    others, others_args = _let_to_others(today)
    if value == "vacant":
        return f"u.active AND {sub} = 0 AND NOT {others}", args + others_args
    if value == "occupied":
        return f"{sub} > 0", args
    if value == "others":
        return f"{sub} = 0 AND {others}", args + others_args
    raise KeyError(value)


UNITS = ListSpec(
    name="units",
    from_sql="housing_unit u JOIN municipality m ON m.id = u.municipality_id",
    id_expr="u.id",
    columns={
        "address": "u.address",
        "place": "u.place",
        "municipality": "m.name",
        "ownership": "u.ownership",
        "bedrooms": "u.bedrooms",
        "capacity": "u.capacity",
        "occupants": _OCCUPANTS,
        "living": ("(SELECT COUNT(*) FROM tenancy t WHERE t.unit_id = u.id AND t.end_date IS NULL)"),
        # refugees | others | vacant (services.unit_letting.unit_state; open tenancies and lettings)
        "state": ("(CASE WHEN EXISTS(SELECT 1 FROM tenancy t WHERE t.unit_id = u.id AND t.end_date IS NULL) "
                  "THEN 'refugees' WHEN EXISTS(SELECT 1 FROM other_letting o WHERE o.unit_id = u.id "
                  "AND o.end_date IS NULL) THEN 'others' ELSE 'vacant' END)"),
        "active": "u.active",
    },
    search=("u.address", "u.postal_code", "u.place"),
    extra_search=("u.id IN (SELECT t.unit_id FROM tenancy t JOIN household hh ON hh.id = t.household_id "
                  "WHERE t.end_date IS NULL AND hh.name LIKE ? ESCAPE '\\')",
                  "u.id IN (SELECT l.unit_id FROM lease l JOIN landlord ll ON ll.id = l.landlord_id "
                  "WHERE ll.name LIKE ? ESCAPE '\\')"),
    filters={
        "municipality": _eq("m.code"),
        "ownership": _eq("u.ownership"),
        "occupancy": _occupancy,
        "active": lambda value, today: ("u.active = ?", [value in (True, "yes", 1)]),
    },
    default_sort="address",
)


# ----- leases -----

_LEASE_END = "COALESCE(l.terminated_date, l.end_date)"


def _lease_state(value: str, today: dt.date) -> tuple[str, list[Any]]:
    if value == "current":
        return f"l.start_date <= ? AND ({_LEASE_END} IS NULL OR {_LEASE_END} >= ?)", [_iso(today), _iso(today)]
    if value == "ending":
        return f"{_LEASE_END} >= ? AND {_LEASE_END} <= ?", [_iso(today), _iso(add_months(today, 3))]
    if value == "ended":
        return f"{_LEASE_END} < ?", [_iso(today)]
    if value == "future":
        return "l.start_date > ?", [_iso(today)]
    raise KeyError(value)


LEASES = ListSpec(
    name="leases",
    from_sql=("lease l JOIN housing_unit u ON u.id = l.unit_id JOIN landlord ll ON ll.id = l.landlord_id "
              "JOIN municipality m ON m.id = u.municipality_id"),
    id_expr="l.id",
    columns={
        "address": "u.address",
        "landlord": "ll.name",
        "monthly_rent": "l.monthly_rent",
        "guarantee": "l.guarantee",
        "deposit": "l.deposit",
        "start_date": "l.start_date",
        "end_date": _LEASE_END,
        "notice_months": "l.notice_months",
        "municipality": "m.name",
    },
    search=("u.address", "u.place", "ll.name", "ll.org_nr", "ll.phone"),
    filters={"municipality": _eq("m.code"), "state": _lease_state, "landlord": _eq("ll.id")},
    default_sort="address",
)


LANDLORDS = ListSpec(
    name="landlords",
    from_sql="landlord ll",
    id_expr="ll.id",
    columns={
        "name": "ll.name",
        "org_nr": "ll.org_nr",
        "phone": "ll.phone",
        "email": "ll.email",
        "leases": "(SELECT COUNT(*) FROM lease l WHERE l.landlord_id = ll.id)",
    },
    search=("ll.name", "ll.org_nr", "ll.phone", "ll.email", "ll.address"),
    extra_search=("ll.id IN (SELECT l.landlord_id FROM lease l JOIN housing_unit u ON u.id = l.unit_id "
                  "WHERE u.address LIKE ? ESCAPE '\\')",),
    default_sort="name",
)
