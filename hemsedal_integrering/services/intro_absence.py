"""Absence from the introduction programme, Norwegian/social studies tests and the G table.

Absence follows ``rules.intro_absence`` (integreringsloven § 17, § 21,
integreringsforskriften kap. 3): a self-certification refused by the rules is
refused here with the reason, so the officer registers a doctor's note or
unexcused absence instead. The number of children for child's sickness is the
household's children who have not moved out and are within the age limit on the
day (``rules.intro_absence.child_within_age``: to and including the year the child
turns 12, 18 when the officer confirms a chronically ill or disabled child);
``IntroProgramme.sole_carer`` doubles the days.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..context import Context
from ..i18n import _, short_date
from ..models import Absence, BaseAmount, IntroProgramme, LanguageTest, Person
from ..rules import intro_absence as arules
from ..rules import intro_codes as codes
from .access import require
from .base import Changes, Errors, audit, choice, create_audited, get_or_404, parse_date, parse_float, text, transaction


def _children(programme: IntroProgramme) -> list[dt.date | None]:
    """Birth dates of the household's children who have not moved out."""
    household = programme.person.household
    return [p.birth_date for p in Person.select(Person.birth_date).where(
        (Person.household == household.id) & (Person.role == "child") & Person.moved_out_date.is_null())]


def register_absence(ctx: Context, *, programme_id: int, first_day: Any, kind: str, last_day: Any = None,
                     hours: Any = None, note: str = "", chronic_child: bool = False) -> Changes:
    """Register absence on the weekdays from ``first_day`` to ``last_day`` (default: one day).

    ``hours`` (part of a day) only for a single day. Every day inside the
    programme; no day registered twice; the self-certification and
    child-sickness limits are checked for the whole spell. ``chronic_child``:
    the officer confirms a chronically ill or disabled child (age limit 18).
    """
    require(ctx, "persons.write")
    programme = get_or_404(IntroProgramme, programme_id, _("the introduction programme"))
    errors = Errors()
    first = parse_date(errors, "first_day", first_day, required=True, label=_("From"))
    last = parse_date(errors, "last_day", last_day, label=_("To")) or first
    k = choice(errors, "kind", kind, arules.ABSENCE_TYPES, label=_("Kind of absence"))
    part = parse_float(errors, "hours", hours, label=_("Hours"), minimum=0.5, maximum=7.5)
    note_clean = text(errors, "note", note, max_length=2000, label=_("Note"))
    days: list[dt.date] = []
    if first and last:
        if last < first:
            errors.add("last_day", _("The end date cannot be before the start date."))
        else:
            days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
            days = [d for d in days if d.weekday() < 5]
            if not days:
                errors.add("first_day", _("Choose at least one weekday."))
    if part is not None and len(days) > 1:
        errors.add("hours", _("Hours can only be given for a single day."))
    end = programme.actual_end_date or programme.planned_end_date
    if days and (days[0] < programme.start_date or (end and days[-1] > end)):
        errors.add("first_day", _("Absence can only be registered inside the programme ({start}–{end}).").format(
            start=short_date(programme.start_date), end=short_date(end) if end else ""))
    # the programme's absences read once (day, kind) for the three checks below
    registered = list(Absence.select(Absence.day, Absence.kind).where(Absence.programme == programme.id).tuples()
                      ) if days else []
    taken = {day for day, _kind in registered} & set(days)
    if taken:
        errors.add("first_day", _("Absence is already registered on {day}.").format(day=short_date(min(taken))))
    if days and not errors and k == "own_sick_self":
        earlier = arules.spells([day for day, kind in registered if kind == "own_sick_self"])
        for spell in arules.spells(days):
            problem = arules.self_certification_problem(programme.start_date, spell, earlier)
            if problem:
                errors.add("kind", problem)
                break
            earlier.append(spell)
    if days and not errors and k == "child_sick":
        used = [day for day, kind in registered if kind == "child_sick"]
        births = _children(programme)
        for day in days:
            children = arules.children_within_age(births, day, chronic=bool(chronic_child))
            problem = arules.child_sickness_problem(day, used, children=children, alone=programme.sole_carer)
            if problem:
                errors.add("kind", problem)
                break
            used.append(day)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        for day in days:
            create_audited(ctx, Absence, dict(day=day, kind=k, note=note_clean,
                                              hours=Decimal(str(part)) if part is not None else None),
                           changes, programme=programme.id)
    return changes


def delete_absence(ctx: Context, *, absence_id: int) -> Changes:
    """Remove an absence registered by mistake."""
    require(ctx, "persons.write")
    row = get_or_404(Absence, absence_id, _("the absence"))
    changes = Changes()
    with transaction(ctx):
        audit(ctx, "delete", "absence", row.id, {"day": (row.day, None), "kind": (row.kind, None)}, changes)
        row.delete_instance()
    return changes


# ----- Norwegian and social studies tests -----

def record_test(ctx: Context, *, person_id: int, test_date: Any, subject: str, level: str,
                skill: str = "") -> Changes:
    """A Norwegian test result per skill (below A1 … C1) or the social studies test (passed / not passed)."""
    require(ctx, "persons.write")
    person = get_or_404(Person, person_id, _("the person"))
    errors = Errors()
    day = parse_date(errors, "test_date", test_date, required=True, label=_("Test date"))
    subj = choice(errors, "subject", subject, codes.TEST_SUBJECTS, label=_("Test"))
    sk = ""
    lvl = None
    if subj == "norwegian":
        sk = choice(errors, "skill", skill, codes.SKILLS, label=_("Skill")) or ""
        lvl = choice(errors, "level", level, codes.NORWEGIAN_LEVELS, label=_("Level"))
    elif subj == "social_studies":
        lvl = choice(errors, "level", level, codes.SOCIAL_STUDIES_RESULTS, label=_("Result"))
    if day and day > ctx.today():
        errors.add("test_date", _("The date cannot be in the future."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        create_audited(ctx, LanguageTest, dict(test_date=day, subject=subj, skill=sk, level=lvl), changes,
                       person=person.id)
    return changes


def best_levels(person_id: int) -> dict[str, str]:
    """The best Norwegian level per skill and the social studies result ('social_studies')."""
    order = list(codes.NORWEGIAN_LEVELS)
    out: dict[str, str] = {}
    for t in LanguageTest.select().where(LanguageTest.person == person_id).order_by(LanguageTest.test_date):
        if t.subject == "social_studies":
            if out.get("social_studies") != "passed":
                out["social_studies"] = t.level
        elif t.skill not in out or order.index(t.level) > order.index(out[t.skill]):
            out[t.skill] = t.level
    return out


# ----- G (grunnbeløp), kept by the administrator -----

def set_base_amount(ctx: Context, *, valid_from: Any, amount: Any) -> Changes:
    """Add or correct the grunnbeløp from a date (G changes every 1 May). Never guessed by the program."""
    require(ctx, "admin.rates")
    errors = Errors()
    day = parse_date(errors, "valid_from", valid_from, required=True, label=_("Valid from"))
    value = parse_float(errors, "amount", amount, required=True, label=_("Amount"), minimum=1, maximum=10_000_000)
    errors.raise_if_any()
    assert day is not None and value is not None  # required: raise_if_any has refused it missing
    amount_dec = Decimal(str(round(value, 2)))
    changes = Changes()
    with transaction(ctx):
        row = BaseAmount.get_or_none(BaseAmount.valid_from == day)
        if row is None:
            create_audited(ctx, BaseAmount, dict(valid_from=day, amount=amount_dec), changes)
        else:
            audit(ctx, "update", "base_amount", row.id, {"amount": (str(row.amount), str(amount_dec))}, changes)
            row.amount = amount_dec
            row.save()
    return changes


def base_amount_table() -> list[tuple[dt.date, Decimal]]:
    """(valid from, amount) rows of the G table, oldest first."""
    return [(r.valid_from, Decimal(r.amount)) for r in BaseAmount.select().order_by(BaseAmount.valid_from)]
