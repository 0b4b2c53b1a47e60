"""One spreadsheet row as field values, and what every row handler shares.

``convert`` applies a field's conversion (``FieldSpec.convert``) to a cell;
``RowData`` is a row after the mapping; ``RowOutcome`` is what the preview
shows for it. A handler turns groups of rows into service calls and tells,
per row, whether it is new, already registered, or rejected and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ...errors import NotFound, PermissionDenied, ValidationError
from ...i18n import _
from ...ids import HouseholdId, PersonId
from ...models import Household, Person
from . import values
from .fields import FieldSpec

#: Row states, in the order the preview sorts them.
NEW, ADDED, DUPLICATE, REJECTED, NOT_SAVED = "new", "added", "duplicate", "rejected", "not_saved"


@dataclass
class RowData:
    """One data row: its number in the sheet and its mapped, converted values."""

    number: int
    values: dict[str, Any]
    raw: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None or value == "" else value


@dataclass
class RowOutcome:
    """What happened (or, in the preview, would happen) to one row."""

    number: int
    status: str  # new | added | duplicate | rejected | not_saved
    label: str  # who or what the row is ("Olena Kovalenko", "Trøimsvegen 12")
    message: str = ""


def convert(spec: FieldSpec, cell: Any, *, today: dt.date) -> Any:
    """A cell as the value the service takes for ``spec`` (see ``values``)."""
    kind = spec.convert
    if kind == "date":
        return values.as_date(cell, today=today)
    if kind == "id11":
        return values.as_number_text(cell, 11)
    if kind == "id12":
        return values.as_number_text(cell, 12)
    if kind.startswith("code:"):
        return values.as_code(kind[5:], cell)
    if kind == "languages":
        return values.as_languages(cell)
    if kind == "bool":
        return values.as_bool(cell)
    if kind == "digits":
        return values.as_text(cell).replace(" ", "")
    if kind == "number":
        return cell if isinstance(cell, (int, float)) and not isinstance(cell, bool) else values.as_text(cell)
    return values.as_text(cell)


def map_row(number: int, cells: list[Any], mapping: dict[int, str], specs: dict[str, FieldSpec], *,
            today: dt.date) -> RowData:
    """Apply the column mapping and conversions to one row; a name column fills first/last name."""
    out: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    for column, name in mapping.items():
        if not name or column >= len(cells):
            continue
        raw[name] = cells[column]
        out[name] = convert(specs[name], cells[column], today=today)
    if out.get("full_name"):
        first, last = values.split_name(out.pop("full_name"))
        if not out.get("first_name"):
            out["first_name"] = first
        if not out.get("last_name"):
            out["last_name"] = last
    out.pop("full_name", None)
    return RowData(number=number, values=out, raw=raw)


def error_text(exc: Exception, columns: dict[str, str] | None = None) -> str:
    """A service's refusal as one line the preview can show; a field's message names its column."""
    if isinstance(exc, ValidationError):
        return " ".join(dict.fromkeys(with_column(k, m, columns) for k, m in exc.errors.items() if m))
    if isinstance(exc, (PermissionDenied, NotFound)):
        return str(exc)
    raise exc


def with_column(field_name: str, message: str, columns: dict[str, str] | None) -> str:
    """"Fødselsnr: Kontrollsifrene stemmer ikke." when the field came from a column of the sheet."""
    name = field_name.rsplit(".", 1)[-1]
    column = (columns or {}).get(name)
    if column is None and name in ("first_name", "last_name"):
        column = (columns or {}).get("full_name")
    if not column or values.fold(column) in values.fold(message):
        return message  # the message names the field already
    return _("{column}: {message}").format(column=column, message=message)


def person_label(row: RowData) -> str:
    name = f"{row.get('first_name', '')} {row.get('last_name', '')}".strip()
    return name or _("(no name)")


@dataclass(frozen=True)
class Match:
    """A registered person a row is about."""

    person_id: PersonId
    household_id: HouseholdId
    household_name: str
    full_name: str


class PersonIndex:
    """The persons registered before the run, read once (a 2,000-row import makes no 2,000 lookups).

    Persons the run itself creates are found through the run's own "same as row N" check.
    """

    def __init__(self) -> None:
        households = {h_id: name for h_id, name in Household.select(Household.id, Household.name).tuples()}
        self.by_number: dict[str, Match] = {}
        self.by_name: dict[tuple, list[Match]] = {}
        for pid, hid, first, last, born, nid, duf in Person.select(
                Person.id, Person.household, Person.first_name, Person.last_name, Person.birth_date,
                Person.national_id, Person.duf_number).tuples():
            match = Match(pid, hid, households.get(hid, ""), f"{first} {last}".strip())
            for number in (nid, duf):
                if number:
                    self.by_number[number] = match
            self.by_name.setdefault((str(first).lower(), str(last).lower(), born), []).append(match)

    def find(self, row: RowData) -> Match | None:
        """By national ID, DUF number, or name and date of birth (a unique match only)."""
        for name in ("national_id", "duf_number"):
            if row.get(name) and str(row.get(name)) in self.by_number:
                return self.by_number[str(row.get(name))]
        first, last, born = row.get("first_name"), row.get("last_name"), row.get("birth_date")
        if not (first and last):
            return None
        if not isinstance(born, dt.date):
            if row.get("national_id") or row.get("duf_number"):
                return None  # a number that matched nobody: a different person with the same name
            born = None
        found = self.by_name.get((str(first).lower(), str(last).lower(), born), [])
        return found[0] if len(found) == 1 else None


def find_person(row: RowData, state: dict[str, Any]) -> Match | None:
    """A registered person the row is about (see ``PersonIndex``; the index is kept in the run's state)."""
    index = state.get("person_index")
    if index is None:
        index = state["person_index"] = PersonIndex()
    return index.find(row)


def person_key(row: RowData) -> tuple:
    """What makes two rows the same person within one file."""
    if row.get("national_id"):
        return ("fnr", row.get("national_id"))
    if row.get("duf_number"):
        return ("duf", row.get("duf_number"))
    born = row.get("birth_date")
    return ("name", str(row.get("first_name", "")).lower(), str(row.get("last_name", "")).lower(),
            born.isoformat() if isinstance(born, dt.date) else str(born or ""))
