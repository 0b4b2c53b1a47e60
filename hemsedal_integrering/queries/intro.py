"""What the introduction programme's screens show, as plain values (the UI never touches models).

Reads only; every change goes through ``services.introduction`` and
``services.intro_absence``. The eligibility and warnings come from the same
service functions the letters and rules use, so the screens say what the law
checks say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .. import vocab
from ..i18n import _
from ..models import (Absence, Household, IntegrationPlan, IntroProgramme, Municipality, Person, Placement,
                      PlanMeasure, PlanRevision, ProgrammePeriod)
from ..rules import introduction as rules
from ..rules.dates import age_on


#: One line of the participants list: (id, name, municipality, start, planned end, result ('' = ongoing)).
#: A plain tuple, not an object: at 300,000 persons the list holds ~94,000 of them, and plain tuples of
#: plain values are left alone by Python's cycle collector (objects made its full passes take 0.1-0.2 s,
#: holding the window each time).
ProgrammeRow = tuple[int, str, str, dt.date, dt.date | None, str]


@dataclass(frozen=True)
class ProgrammeFacts:
    """The selected programme as the detail panels need it."""

    id: int
    person_id: int
    name: str
    start: dt.date
    planned_end: dt.date | None
    actual_end: dt.date | None
    sole_carer: bool
    lives_with_parents: bool | None
    under_25: bool  # on the start date: the benefit depends on living with a parent
    permit_date: dt.date | None
    settlement: dt.date | None
    eligibility: str  # rules.ELIGIBILITY key, '' before settlement
    notes: tuple[str, ...] = ()  # how eligibility was judged (user language)


@dataclass(frozen=True)
class MeasureRow:
    kind: str
    title: str
    start: dt.date
    end: dt.date
    hours: Decimal
    placement_id: int | None


@dataclass(frozen=True)
class PlanView:
    """The integration plan of a programme (None when there is none yet)."""

    id: int
    end_goal: str
    has_upper_secondary: bool
    self_study: bool
    revision: int
    signed_on: dt.date | None
    revisions: tuple[tuple[int, dt.date, str], ...]
    measures: tuple[MeasureRow, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AbsenceRow:
    id: int
    day: dt.date
    kind: str
    hours: Decimal | None  # None = whole day
    note: str


@dataclass(frozen=True)
class PeriodRow:
    kind: str
    start: dt.date
    end: dt.date | None
    reason: str


def programme_rows() -> list[ProgrammeRow]:
    """Every programme, newest start first (one query of plain values: 8 s as model objects at 300,000 persons)."""
    q = (IntroProgramme.select(IntroProgramme.id, Person.first_name, Person.last_name, Municipality.name,
                               IntroProgramme.start_date, IntroProgramme.planned_end_date, IntroProgramme.result)
         .join(Person).join(Household).join(Municipality).order_by(IntroProgramme.start_date.desc()).tuples())
    short = vocab.short_municipality
    return [(pid, f"{first} {last}".strip(), short(municipality), start, end, result)
            for pid, first, last, municipality, start, end, result in q]


def programme_facts(programme_id: int) -> ProgrammeFacts | None:
    """The programme with its participant's eligibility (None when it no longer exists)."""
    from ..services.introduction import eligibility_notes, eligibility_of

    p = IntroProgramme.get_or_none(IntroProgramme.id == programme_id)
    if p is None:
        return None
    person = p.person
    elig = eligibility_of(person)
    under_25 = person.birth_date is not None and age_on(person.birth_date, p.start_date) < rules.YOUNG_AGE
    return ProgrammeFacts(id=p.id, person_id=person.id, name=person.full_name, start=p.start_date,
                          planned_end=p.planned_end_date, actual_end=p.actual_end_date, sole_carer=p.sole_carer,
                          lives_with_parents=p.lives_with_parents, under_25=under_25,
                          permit_date=person.permit_date, settlement=person.effective_settlement_date(),
                          eligibility=elig.programme if elig else "",
                          notes=tuple(eligibility_notes(person, elig)) if elig else ())


def person_eligibility(person_id: int) -> tuple[str, str, tuple[str, ...]] | None:
    """(programme, Norwegian, notes) for a person's page; None before settlement or for an unknown id."""
    from ..services.introduction import eligibility_notes, eligibility_of

    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        return None
    elig = eligibility_of(person)
    if elig is None:
        return None
    return elig.programme, elig.norwegian, tuple(eligibility_notes(person, elig))


def plan_view(programme_id: int) -> PlanView | None:
    plan = IntegrationPlan.get_or_none(IntegrationPlan.programme == programme_id)
    if plan is None:
        return None
    revisions = tuple((r.revision, r.revised_on, r.reason) for r in
                      PlanRevision.select().where(PlanRevision.plan == plan.id).order_by(PlanRevision.revision))
    measures = tuple(MeasureRow(kind=m.kind, title=m.title, start=m.start_date, end=m.end_date,
                                hours=Decimal(m.hours_per_week), placement_id=m.placement_id)
                     for m in plan.measures.order_by(PlanMeasure.start_date, PlanMeasure.id))
    return PlanView(id=plan.id, end_goal=plan.end_goal, has_upper_secondary=plan.has_upper_secondary,
                    self_study=plan.self_study, revision=plan.revision, signed_on=plan.signed_on,
                    revisions=revisions, measures=measures)


def plan_warnings(programme_id: int) -> list[str]:
    """What the county governor would ask about (``services.introduction.plan_warnings``), plus the note
    that the lengths follow § 13 as before Prop. 81 L (2024–2025)."""
    from ..services.introduction import plan_warnings as warnings

    p = IntroProgramme.get_or_none(IntroProgramme.id == programme_id)
    return warnings(p) + [_(rules.LENGTH_NOTE)] if p is not None else []


def placement_choices(programme_id: int) -> list[tuple[str, dt.date, int]]:
    """The participant's placements from the placements register: (workplace, start, id)."""
    p = IntroProgramme.get_or_none(IntroProgramme.id == programme_id)
    if p is None:
        return []
    return [(pl.workplace.display_name, pl.start_date, pl.id)
            for pl in Placement.select().where(Placement.person == p.person_id).order_by(Placement.start_date)]


def absences(programme_id: int) -> list[AbsenceRow]:
    """The programme's absence, newest first."""
    return [AbsenceRow(id=a.id, day=a.day, kind=a.kind, hours=None if a.hours is None else Decimal(a.hours),
                       note=a.note)
            for a in Absence.select().where(Absence.programme == programme_id).order_by(Absence.day.desc())]


def periods(programme_id: int) -> list[PeriodRow]:
    return [PeriodRow(kind=p.kind, start=p.start_date, end=p.end_date, reason=p.reason)
            for p in ProgrammePeriod.select().where(ProgrammePeriod.programme == programme_id)
            .order_by(ProgrammePeriod.start_date)]
