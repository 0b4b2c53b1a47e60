"""The start page's numbers (Oversikt): what matters today, as plain values.

``CARDS`` is the registry of start-page cards. Each entry is a function
``(ctx) -> Card``; other areas (follow-up: overdue tasks) append their own
function here and the start page shows it without further wiring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .. import vocab
from ..context import Context
from ..i18n import _, ngettext
from ..rules.dates import add_months


@dataclass(frozen=True)
class Card:
    """One start-page card: a big number, a title and an explanatory line.

    ``area`` is the key of the side-bar area that opens when the card is clicked
    ('' = none) and ``filters`` the list filters it opens with; ``alert`` marks a
    number that needs attention.
    """

    title: str
    value: str
    detail: str = ""
    area: str = ""
    alert: bool = False
    filters: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class FollowedCount:
    """Households and persons followed now in one municipality."""

    municipality: str
    households: int
    persons: int


def followed_now(ctx: Context) -> list[FollowedCount]:
    """Per municipality: households settled within the last five years (settlement date in
    (today − 60 months, today]) and not moved away; their persons still living here."""
    today = ctx.today()
    since = add_months(today, -60).isoformat()
    rows = ctx.db.execute_sql(
        "SELECT m.name, COUNT(DISTINCT h.id), COUNT(p.id) FROM municipality m "
        "LEFT JOIN household h ON h.municipality_id = m.id AND h.moved_out_date IS NULL "
        "AND h.settlement_date > ? AND h.settlement_date <= ? "
        "LEFT JOIN person p ON p.household_id = h.id AND p.moved_out_date IS NULL "
        "GROUP BY m.id ORDER BY m.id", [since, today.isoformat()]).fetchall()
    # the stored name "Hemsedal kommune" is shown without its suffix
    return [FollowedCount(vocab.short_municipality(name), int(hh), int(pp)) for name, hh, pp in rows]


def units_occupancy(ctx: Context, ownership: str) -> tuple[int, int]:
    """(occupied today, active units) of one ownership ('municipal' | 'private')."""
    day = ctx.today().isoformat()
    total, occupied = ctx.db.execute_sql(
        "SELECT COUNT(*), SUM(CASE WHEN EXISTS(SELECT 1 FROM tenancy t WHERE t.unit_id = u.id AND t.start_date <= ? "
        "AND (t.end_date IS NULL OR t.end_date >= ?)) THEN 1 ELSE 0 END) FROM housing_unit u "
        "WHERE u.active AND u.ownership = ?",  # CASE: PostgreSQL does not sum booleans
        [day, day, ownership]).fetchone()
    return int(occupied or 0), int(total or 0)


def municipal_unit_states(ctx: Context) -> tuple[int, int, int]:
    """(let to refugees, let to others, active units) of the municipal units today."""
    day = ctx.today().isoformat()
    total, refugees, others = ctx.db.execute_sql(
        "SELECT COUNT(*), SUM(CASE WHEN EXISTS(SELECT 1 FROM tenancy t WHERE t.unit_id = u.id AND t.start_date <= ? "
        "AND (t.end_date IS NULL OR t.end_date >= ?)) THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN NOT EXISTS(SELECT 1 FROM tenancy t WHERE t.unit_id = u.id AND t.start_date <= ? "
        "AND (t.end_date IS NULL OR t.end_date >= ?)) AND EXISTS(SELECT 1 FROM other_letting o "
        "WHERE o.unit_id = u.id AND o.start_date <= ? AND (o.end_date IS NULL OR o.end_date >= ?)) "
        "THEN 1 ELSE 0 END) "
        "FROM housing_unit u WHERE u.active AND u.ownership = 'municipal'", [day] * 6).fetchone()
    return int(refugees or 0), int(others or 0), int(total or 0)


def leases_ending_soon(ctx: Context, months: int = 3) -> int:
    """Leases whose end (or early termination) falls between today and ``months`` ahead."""
    today = ctx.today()
    return int(ctx.db.execute_sql(
        "SELECT COUNT(*) FROM lease WHERE COALESCE(terminated_date, end_date) BETWEEN ? AND ?",
        [today.isoformat(), add_months(today, months).isoformat()]).fetchone()[0])


def active_placements(ctx: Context) -> int:
    """Placements not ended whose start date has come."""
    return int(ctx.db.execute_sql("SELECT COUNT(*) FROM placement WHERE NOT ended AND start_date <= ?",
                                  [ctx.today().isoformat()]).fetchone()[0])


def _households(n: int) -> str:
    return ngettext("{n} household", "{n} households", n).format(n=n)


def _persons(n: int) -> str:
    return ngettext("{n} person", "{n} persons", n).format(n=n)


def card_followed(ctx: Context) -> Card:
    rows = followed_now(ctx)
    households = sum(r.households for r in rows)
    persons = sum(r.persons for r in rows)
    detail = " · ".join(_("{municipality}: {households}, {persons}").format(
        municipality=r.municipality, households=_households(r.households), persons=_persons(r.persons)) for r in rows)
    return Card(_("Followed up now"), _persons(persons),
                ngettext("{n} household settled in the last five years\n{details}",
                         "{n} households settled in the last five years\n{details}", households)
                .format(n=households, details=detail), "people",
                filters=(("state", "followed"),))


def card_municipal_units(ctx: Context) -> Card:
    refugees, others, total = municipal_unit_states(ctx)
    vacant = total - refugees - others
    return Card(_("Municipal dwellings"), _("{occupied} of {total}").format(occupied=refugees, total=total),
                ngettext("let to refugees today · {others} let to others · {n} vacant",
                         "let to refugees today · {others} let to others · {n} vacant", vacant)
                .format(n=vacant, others=others), "housing",
                filters=(("ownership", "municipal"), ("occupancy", None)))


def card_private_units(ctx: Context) -> Card:
    occupied, total = units_occupancy(ctx, "private")
    vacant = total - occupied
    return Card(_("Leased dwellings"), _("{occupied} of {total}").format(occupied=occupied, total=total),
                ngettext("in use today · {n} vacant", "in use today · {n} vacant", vacant).format(n=vacant),
                "housing", alert=vacant > 0, filters=(("ownership", "private"), ("occupancy", None)))


def card_leases(ctx: Context) -> Card:
    n = leases_ending_soon(ctx)
    return Card(_("Leases expiring"), str(n), _("within three months"), "leases", alert=n > 0,
                filters=(("state", "ending"),))


def card_placements(ctx: Context) -> Card:
    n = active_placements(ctx)
    return Card(_("Ongoing placements"), str(n),
                ngettext("{n} participant in a placement now", "{n} participants in a placement now", n).format(n=n),
                "placements", filters=(("state", "active"),))


#: Start-page cards in display order. Append ``(ctx) -> Card`` functions to add one.
def card_overdue(ctx: Context) -> Card:
    from ..reports.tasks import overdue_count
    n = overdue_count(ctx)
    return Card(_("Overdue tasks"), str(n), _("in the follow-up plans"), "tasks", alert=n > 0)


def card_housing_tasks(ctx: Context) -> Card:
    from ..reports.housing_tasks import overdue_housing_count
    n = overdue_housing_count(ctx)
    return Card(_("Overdue housing tasks"), str(n), _("measures from inspections and housing duties"),
                "housing_tasks", alert=n > 0)


def card_inspections_due(ctx: Context) -> Card:
    from ..reports.inspections import due_count
    n = due_count(ctx)
    return Card(_("Dwellings due for inspection"), str(n), _("this half-year, not planned yet"), "inspections",
                alert=n > 0)


CARDS: list[Callable[[Context], Card]] = [
    card_followed, card_overdue, card_municipal_units, card_private_units, card_leases, card_inspections_due,
    card_placements, card_housing_tasks,
]


#: The permission needed to see a card, by the area it opens (housing staff see no person counts).
CARD_PERMISSIONS = {"tasks": "followup.read", "housing_tasks": "followup.read_housing", "people": "persons.read",
                    "inspections": "inspections.read", "placements": "placements.read", "housing": "housing.read",
                    "leases": "housing.read"}


#: The area each card above opens, known before it is computed: a card the user may not see is not computed at all
#: (on a server a housing login's group may not read the placements, persons or plans it counts, and a refused
#: statement is an error in the server's log).
CARD_AREAS: dict[Callable[[Context], Card], str] = {
    card_followed: "people", card_overdue: "tasks", card_municipal_units: "housing", card_private_units: "housing",
    card_leases: "leases", card_inspections_due: "inspections", card_placements: "placements",
    card_housing_tasks: "housing_tasks"}


def all_cards(ctx: Context) -> list[Card]:
    """Every registered card the acting user may see, computed now."""
    from ..services.access import can
    cards = []
    for make in CARDS:
        if make in CARD_AREAS and not can(ctx, CARD_PERMISSIONS.get(CARD_AREAS[make], "reports.read")):
            continue
        try:
            cards.append(make(ctx))
        except Exception as exc:  # a server login whose group may not read the card's tables (housing): no card
            seen: BaseException | None = exc
            while seen is not None and getattr(seen, "sqlstate", None) != "42501":  # insufficient_privilege
                seen = seen.__cause__ or seen.__context__
            if seen is None:
                raise
    return [c for c in cards if can(ctx, CARD_PERMISSIONS.get(c.area, "reports.read"))]


__all__ = ["CARDS", "Card", "FollowedCount", "active_placements", "all_cards", "followed_now",
           "leases_ending_soon", "municipal_unit_states", "units_occupancy"]
