"""What every report shares: the generic result shape, filters and the person query.

Each report module computes its own dataclass and turns it into a
``ReportResult`` (tables, charts, definition text). The Excel export, the PDF
council report, the JSON output of the command line and the Rapporter area
all read that one shape, so a report is written once.

Rules used by several reports (stated here once):

- A person's settlement date is ``Person.arrival_date`` if set, else the
  household's ``settlement_date`` (``settlement_sql``).
- Persons with ``born_in_norway`` are household members but not settled
  refugees: they never count as arrivals, in the KPI or for grants.
- A person lives in the municipality on day D when settled on or before D
  and not moved away on or before D (``moved_out_date`` is the moving day).
- A person who moved away and came back is registered again (a new person
  row in a new household); each registration is its own settlement, and the
  old registration counts as moved away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from collections.abc import Sequence
from typing import Any, Callable

from peewee import fn

from .. import vocab
from ..context import Context
from ..errors import ValidationError
from ..i18n import _
from ..models import Household, Municipality, Person
from ..services.access import require

#: Column kinds a table cell may hold; exports format by kind.
KINDS = ("text", "int", "year", "percent", "money", "date", "month", "float")


@dataclass
class Column:
    """A table column: Norwegian heading and the kind of its values."""

    label: str
    kind: str = "int"
    width: int = 0  # Excel width in characters; 0 = from the heading


@dataclass
class Table:
    """One table of a report: title, columns, rows of plain Python values.

    ``percent`` cells hold fractions (0.5 = 50 %); ``date`` cells hold
    ``datetime.date``; ``money`` cells hold whole kroner (int) or None.
    """

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    note: str = ""
    total_row: bool = False  # the last row sums up the others (printed bold)


@dataclass
class Chart:
    """A chart to draw from a table-like series.

    ``kind``: 'bar' (grouped bars), 'pie', or 'kpi' (bars of shares with a
    horizontal ``target`` line, values are fractions).
    """

    key: str
    title: str
    kind: str
    categories: list[str]
    series: Sequence[tuple[str, Sequence[float | None]]]  # None: a council chart's hidden bar
    target: float | None = None
    target_label: str = ""


@dataclass
class ReportResult:
    """The generic, export-ready form of any report."""

    name: str
    title: str
    subtitle: str
    definition: list[str]
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    headline: list[tuple[str, str]] = field(default_factory=list)  # (label, formatted value)

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO text)."""
        def conv(v: Any) -> Any:
            if isinstance(v, (dt.date, dt.datetime)):
                return v.isoformat()
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            if isinstance(v, (list, tuple)):
                return [conv(x) for x in v]
            return v
        return conv(asdict(self))


def check_access(ctx: Context) -> None:
    """Reports show figures about persons: only roles with 'reports.read'."""
    require(ctx, "reports.read")


def check_municipality(code: str | None) -> str | None:
    """None (both) or a known municipality code; anything else is refused."""
    if code in (None, "", "all", "begge"):
        return None
    if code not in vocab.MUNICIPALITIES:
        raise ValidationError({"municipality": _("Unknown municipality «{code}» (use hemsedal or gol).").format(
            code=code)})
    return code


def municipality_label(code: str | None) -> str:
    return vocab.MUNICIPALITIES.get(code or "", _("Hemsedal and Gol"))


def check_span(year_from: int, year_to: int) -> None:
    if year_from > year_to:
        raise ValidationError({"year_from": _("The from year cannot be after the to year.")})
    if year_to - year_from > 60 or year_from < 1950 or year_to > 2100:
        raise ValidationError({"year_from": _("Choose a period between 1950 and 2100, at most 60 years.")})


def settlement_sql():
    """SQL expression: the person's effective settlement date (arrival date or the household's)."""
    return fn.COALESCE(Person.arrival_date, Household.settlement_date)


@dataclass
class PersonRow:
    """The facts about one person registration that the reports need."""

    id: int
    household_id: int
    municipality: str
    settled: dt.date
    birth_date: dt.date | None
    role: str
    gender: str | None
    country: str | None
    legal_basis: str | None
    born_in_norway: bool
    moved_out: dt.date | None
    move_reason: str | None
    household_size: int = 0

    def lives_on(self, day: dt.date) -> bool:
        return self.settled <= day and (self.moved_out is None or self.moved_out > day)


def _as_date(v: Any) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def person_rows(ctx: Context, municipality: str | None = None, *, settled_until: dt.date | None = None,
                include_born: bool = False) -> list[PersonRow]:
    """Every settled person registration (settlement date known) in ``ctx``'s database, filtered in SQL.

    ``settled_until``: only persons settled on or before that day. The caller has checked access.
    """
    settled = settlement_sql()
    q = (Person.select(Person.id, Person.household, Municipality.code, settled.alias("settled"), Person.birth_date,
                       Person.role, Person.gender, Person.country,
                       fn.COALESCE(Person.legal_basis, Household.legal_basis).alias("basis"),
                       Person.born_in_norway, Person.moved_out_date, Person.move_reason)
         .join(Household).join(Municipality)
         .where(settled.is_null(False)))
    if municipality:
        q = q.where(Municipality.code == municipality)
    if settled_until is not None:
        q = q.where(settled <= settled_until)
    if not include_born:
        q = q.where(Person.born_in_norway == False)  # noqa: E712
    sizes: dict[int, int] = dict(Person.select(Person.household, fn.COUNT(Person.id))
                                 .where(Person.born_in_norway == False)  # noqa: E712
                                 .group_by(Person.household).tuples().bind(ctx.db))
    out = []
    for (pid, hid, code, s, birth, role, gender, country, basis, born, moved, reason) in (
            q.order_by(Person.id).tuples().bind(ctx.db)):
        settled_on = _as_date(s)
        if settled_on is None:  # (the query asks for a settlement date)
            continue
        out.append(PersonRow(id=pid, household_id=hid, municipality=code, settled=settled_on,
                             birth_date=_as_date(birth), role=role, gender=gender, country=country,
                             legal_basis=basis, born_in_norway=bool(born), moved_out=_as_date(moved),
                             move_reason=reason, household_size=int(sizes.get(hid, 0))))
    return out


def first_day(pred: Callable[[dt.date], bool], near: dt.date, span: int = 5) -> dt.date:
    """The first day around ``near`` on which ``pred`` (false before, true after) turns true.

    Turns a Python date rule (``age_on``, ``add_years``, ``add_months``: clamped month ends,
    29 February) into an exact bound that SQL compares dates with, so a report filters and
    counts in the database and still follows the very same rule. ``pred`` must be monotone
    and turn within ``span`` days of ``near``.
    """
    day = near - dt.timedelta(days=span)
    end = near + dt.timedelta(days=span)
    if pred(day) or not pred(end):
        raise ValueError(f"the rule does not turn within {span} days of {near}")
    while not pred(day):
        day += dt.timedelta(days=1)
    return day


def birth_bounds(day: dt.date, low: int, high: int) -> tuple[dt.date, dt.date]:
    """(earliest, latest) birth date of a person aged ``low``–``high`` on ``day`` (``age_on``'s rule)."""
    from ..rules.dates import add_years, age_on
    latest = first_day(lambda b: age_on(b, day) < low, add_years(day, -low)) - dt.timedelta(days=1)
    earliest = first_day(lambda b: age_on(b, day) <= high, add_years(day, -high - 1))
    return earliest, latest


def date_value(value: Any) -> dt.date | None:
    """A date read from a raw SQL row (SQLite gives ISO text, PostgreSQL a date)."""
    return _as_date(value)


def required_date(value: Any) -> dt.date:
    """``date_value`` of a column that is never NULL (a start date, a date the query asked to be there)."""
    day = _as_date(value)
    if day is None:
        raise ValueError("a date column that is never empty was empty")
    return day


def share(part: float, whole: float) -> float | None:
    """part / whole, None when there is no base (never divide by zero)."""
    return part / whole if whole else None
