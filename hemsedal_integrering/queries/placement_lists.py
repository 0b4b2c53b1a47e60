"""The placements register's lists (workplaces, placements) and the council's department overview.

The same ``ListSpec`` machinery as the persons, households and housing lists (``queries.lists``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import Database

from .. import vocab
from .lists import ListSpec, _eq

WORKPLACES = ListSpec(
    name="workplaces",
    from_sql="workplace w LEFT JOIN municipality m ON m.id = w.municipality_id",
    id_expr="w.id",
    columns={
        "employer": "w.employer",
        "department": "w.department",
        "is_municipal": "w.is_municipal",
        "sector": "w.sector",
        "contact": "w.contact_name",
        "active_placements": "(SELECT COUNT(*) FROM placement pl WHERE pl.workplace_id = w.id AND NOT pl.ended)",
        "municipality": "m.name",
    },
    search=("w.employer", "w.department", "w.contact_name", "w.contact_phone", "w.address"),
    filters={
        "kind": lambda value, today: ("w.is_municipal = ?", [1 if value == "municipal" else 0]),
        "active": lambda value, today: ("w.active = ?", [value in (True, "yes", 1)]),
        "municipality": _eq("m.code"),
    },
    default_sort="employer",
)


def _placement_state(value: str, today: dt.date) -> tuple[str, list[Any]]:
    if value == "active":
        return "NOT pl.ended", []
    if value == "ended":
        return "pl.ended", []
    raise KeyError(value)


PLACEMENTS = ListSpec(
    name="placements",
    from_sql=("placement pl JOIN person p ON p.id = pl.person_id JOIN household h ON h.id = p.household_id "
              "JOIN municipality m ON m.id = h.municipality_id JOIN workplace w ON w.id = pl.workplace_id"),
    id_expr="pl.id",
    columns={
        "person": "p.first_name || ' ' || p.last_name",
        "workplace": "w.employer || CASE WHEN w.department <> '' THEN ', ' || w.department ELSE '' END",
        "type": "pl.type",
        "start_date": "pl.start_date",
        "end_date": "pl.end_date",
        "hours_per_week": "pl.hours_per_week",
        "outcome": "pl.outcome",
        "ended": "pl.ended",
    },
    search=("p.first_name", "p.last_name", "w.employer", "w.department", "pl.supervisor_name"),
    filters={"municipality": _eq("m.code"), "state": _placement_state, "type": _eq("pl.type"),
             "workplace": _eq("w.id"), "person": _eq("p.id")},
    default_sort="start_date",
)


@dataclass(frozen=True)
class DepartmentOffer:
    """A municipal department and the placements it has had running in a year."""

    workplace_id: int
    name: str
    municipality: str
    sector: str
    placements: int
    active_now: int


def flyktningeloftet(db: Database, year: int, today: dt.date) -> list[DepartmentOffer]:
    """Every active municipal department (council decision 2/2025) with the number of
    placements that ran some day in ``year`` and how many run today; most first."""
    first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
    rows = db.execute_sql(
        "SELECT w.id, w.employer || CASE WHEN w.department <> '' THEN ', ' || w.department ELSE '' END, "
        "COALESCE(m.name, ''), w.sector, "
        "(SELECT COUNT(*) FROM placement pl WHERE pl.workplace_id = w.id AND pl.start_date <= ? "
        " AND (pl.end_date IS NULL OR pl.end_date >= ?)), "
        "(SELECT COUNT(*) FROM placement pl WHERE pl.workplace_id = w.id AND NOT pl.ended AND pl.start_date <= ?) "
        "FROM workplace w LEFT JOIN municipality m ON m.id = w.municipality_id "
        "WHERE w.is_municipal AND w.active ORDER BY 5 DESC, 2",
        [last, first, today.isoformat()]).fetchall()
    return [DepartmentOffer(r[0], r[1], vocab.short_municipality(r[2]), r[3], int(r[4]), int(r[5])) for r in rows]
