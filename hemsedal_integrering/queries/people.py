"""What the people views and forms show: a person's detail pane, a household's, their members.

Plain values only (``Record`` snapshots and small dataclasses). The permission check and
the audit log's read entry for a person's record stay with ``services.records.
read_person_record``, which the detail pane calls first, as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..context import Context
from ..models import (Household, HousingUnit, IntroProgramme, Municipality, Person, Placement, PrintedDocument,
                      StatusPeriod, Tenancy, Workplace)
from .records import Record, as_record


@dataclass(frozen=True)
class Home:
    """The unit a household lives in today (through the service)."""

    tenancy_id: int
    address: str
    place: str
    ownership: str
    start_date: dt.date


@dataclass(frozen=True)
class PlacementLine:
    """A person's work placement with the workplace's name."""

    start_date: dt.date
    end_date: dt.date | None
    workplace: str
    type: str
    outcome: str | None
    ended: bool


@dataclass(frozen=True)
class PrintedLine:
    """A letter or form printed for a household, and by whom."""

    printed_at: dt.datetime
    title: str
    recipient: str
    printed_by: str


@dataclass(frozen=True)
class HouseholdDetail:
    """A household, its municipality's name, where it lives today and its members (by role, then age)."""

    household: Record
    municipality_name: str
    municipality_code: str
    home: Home | None
    members: list[Record]


@dataclass(frozen=True)
class PersonDetail:
    """Everything the person's detail pane shows."""

    person: Record
    settled: dt.date | None
    household: HouseholdDetail
    statuses: list[Record]
    programmes: list[Record]
    placements: list[PlacementLine]
    printed: list[PrintedLine]


def household_of(ctx: Context, person_id: int) -> int:
    """The household a person belongs to (a missing person raises ``DoesNotExist``)."""
    found = Person.select(Person.household).where(Person.id == person_id).scalar(ctx.db)
    if found is None:
        raise Person.DoesNotExist(f"person {person_id} does not exist")  # type: ignore[attr-defined]
    return found


def home_of(ctx: Context, household_id: int, today: dt.date) -> Home | None:
    """The household's tenancy running on ``today`` (the first found, as the panes always showed)."""
    row = (Tenancy.select(Tenancy.id, HousingUnit.address, HousingUnit.place, HousingUnit.ownership, Tenancy.start_date)
           .join(HousingUnit)
           .where((Tenancy.household == household_id) & (Tenancy.start_date <= today)
                  & (Tenancy.end_date.is_null() | (Tenancy.end_date >= today)))
           .tuples().bind(ctx.db).first())
    return Home(*row) if row else None


def household_detail(ctx: Context, household_id: int) -> HouseholdDetail | None:
    """The household's detail pane and form, or None when the household is gone."""
    h = Household.select().where(Household.id == household_id).bind(ctx.db).first()
    if h is None:
        return None
    name, code = (Municipality.select(Municipality.name, Municipality.code)
                  .where(Municipality.id == h.municipality_id).tuples().bind(ctx.db).first() or ("", ""))
    members = [as_record(m) for m in Person.select().where(Person.household == household_id)
               .order_by(Person.role, Person.birth_date).bind(ctx.db)]
    return HouseholdDetail(as_record(h), name, code, home_of(ctx, household_id, ctx.today()), members)


def members_in_order(ctx: Context, household_id: int) -> list[Record]:
    """The household's persons in the order they were registered (the household form's table)."""
    return [as_record(p) for p in Person.select().where(Person.household == household_id)
            .order_by(Person.id).bind(ctx.db)]


def person_detail(ctx: Context, person_id: int) -> PersonDetail | None:
    """The person's detail pane, or None when the person is gone."""
    p = Person.select().where(Person.id == person_id).bind(ctx.db).first()
    if p is None:
        return None
    household = household_detail(ctx, p.household_id)
    assert household is not None  # a person always has a household (foreign key)
    statuses = [as_record(s) for s in StatusPeriod.select().where(StatusPeriod.person == person_id)
                .order_by(StatusPeriod.start_date.desc()).bind(ctx.db)]
    programmes = [as_record(r) for r in IntroProgramme.select().where(IntroProgramme.person == person_id)
                  .order_by(IntroProgramme.start_date).bind(ctx.db)]
    placements = [PlacementLine(pl.start_date, pl.end_date, pl.workplace.display_name, pl.type, pl.outcome,
                                bool(pl.ended))
                  for pl in Placement.select(Placement, Workplace).join(Workplace)
                  .where(Placement.person == person_id).order_by(Placement.start_date.desc()).bind(ctx.db)]
    printed = [PrintedLine(d.printed_at, d.title, d.recipient, getattr(d.user, "full_name", "") or "")
               for d in PrintedDocument.select()
               .where(PrintedDocument.household == p.household_id)
               .order_by(PrintedDocument.printed_at.desc()).limit(30).bind(ctx.db)]
    return PersonDetail(as_record(p), p.effective_settlement_date(), household, statuses, programmes, placements,
                        printed)


@dataclass(frozen=True)
class IntroFacts:
    """Eligibility (None before settlement) with its notes, and the best test results."""

    programme: str | None
    norwegian: str | None
    notes: tuple[str, ...]
    levels: dict[str, str]


def intro_facts(ctx: Context, person_id: int) -> IntroFacts:
    """The introduction facts the person pane shows (the Introduksjonsprogram area has the rest)."""
    from ..services.intro_absence import best_levels
    from .intro import person_eligibility
    elig = person_eligibility(person_id)
    programme, norwegian, notes = elig if elig is not None else (None, None, ())
    return IntroFacts(programme, norwegian, tuple(notes), best_levels(person_id))


def households_with_adults_here(ctx: Context) -> list[int]:
    """Households with an adult who still lives here (each once; the self-test prints a letter to one)."""
    return [hid for (hid,) in Household.select(Household.id).join(Person, on=(Person.household == Household.id))
            .where(Person.moved_out_date.is_null(), Person.role == "adult").distinct().tuples().bind(ctx.db)]


def letter_language(ctx: Context, person_id: int) -> str:
    """The language a person's letters are offered in (``services.printing.preferred_language``'s rule;
    Norwegian for an unknown person)."""
    from ..services.printing import preferred_language
    return preferred_language(Person.select().where(Person.id == person_id).bind(ctx.db).first())
