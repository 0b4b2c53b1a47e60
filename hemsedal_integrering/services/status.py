"""A person's status history (work, education, programme …) and introduction programme."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import vocab
from ..context import Context
from ..i18n import _, short_date
from ..models import IntroProgramme, Person, StatusPeriod
from ..rules.dates import overlaps
from .access import require
from .base import Changes, Errors, apply_fields, audit, choice, get_or_404, parse_date, text, transaction


def add_status(ctx: Context, *, person_id: int, status: str, start_date: Any, end_date: Any = None,
               note: str = "") -> Changes:
    """Add a status period. An open period that began earlier is closed the day before;
    any other overlap is refused."""
    require(ctx, "persons.write")
    person = get_or_404(Person, person_id, _("the person"))
    errors = Errors()
    code = choice(errors, "status", status, vocab.STATUSES, label=_("Status"))
    start = parse_date(errors, "start_date", start_date, required=True, label=_("From date"))
    end = parse_date(errors, "end_date", end_date, label=_("To date"))
    note_s = text(errors, "note", note, label=_("Remark"), max_length=2000)
    if start and end and end < start:
        errors.add("end_date", _("The to date cannot be before the from date."))
    settled = person.effective_settlement_date()
    if start and settled and start < settled:
        errors.add("start_date", _("The status cannot start before the settlement date ({date}).").format(
            date=short_date(settled)))
    to_close = None
    if start and not errors:
        for other in person.statuses:
            if other.end_date is None and other.start_date < start:
                to_close = other
                continue
            if overlaps(start, end, other.start_date, other.end_date):
                errors.add("start_date", _("The period overlaps with «{status}» from {date}.").format(
                    status=vocab.label(vocab.STATUSES, other.status), date=short_date(other.start_date)))
                break
    errors.raise_if_any()
    assert start is not None  # required: raise_if_any has refused it missing
    changes = Changes()
    with transaction(ctx):
        if to_close is not None:
            old = to_close.end_date
            to_close.end_date = start - dt.timedelta(days=1)
            to_close.save()
            audit(ctx, "update", "status_period", to_close.id, {"end_date": (old, to_close.end_date)}, changes)
        row = StatusPeriod.create(person=person, status=code, start_date=start, end_date=end, note=note_s)
        audit(ctx, "create", "status_period", row.id,
              {"person": (None, person.id), "status": (None, code), "start_date": (None, start),
               "end_date": (None, end)}, changes)
    return changes


def delete_status(ctx: Context, *, status_id: int) -> Changes:
    """Remove a status period entered by mistake."""
    require(ctx, "persons.write")
    row = get_or_404(StatusPeriod, status_id, _("the status period"))
    changes = Changes()
    with transaction(ctx):
        audit(ctx, "delete", "status_period", row.id, {"status": (row.status, None)}, changes)
        row.delete_instance()
    return changes


def record_programme(ctx: Context, *, person_id: int, start_date: Any, planned_end_date: Any = None,
                     actual_end_date: Any = None, end_reason: str = "", programme_id: int | None = None,
                     discretionary: bool = False) -> Changes:
    """Create or edit a person's introduction programme (start, planned end, actual end, reason).

    The person page's short form (and past programmes for the KPI). A new programme goes
    through the same § 8 rules as ``introduction.start_programme``
    (``introduction.programme_refusals``): a right to the programme or the municipality's
    discretionary offer, and less than two years in a municipality at the start. Not before
    settlement; planned and actual end not before start. The decision, plan, absence and
    ending with a result belong to the Introduksjonsprogram area.
    """
    from .introduction import programme_refusals

    require(ctx, "persons.write")
    person = get_or_404(Person, person_id, _("the person"))
    errors = Errors()
    start = parse_date(errors, "start_date", start_date, required=True, label=_("Start date"))
    planned = parse_date(errors, "planned_end_date", planned_end_date, label=_("Planned end"))
    actual = parse_date(errors, "actual_end_date", actual_end_date, label=_("Actual end"))
    reason = text(errors, "end_reason", end_reason, label=_("Reason for ending"))
    settled = person.effective_settlement_date()
    if start and settled and start < settled:
        errors.add("start_date", _("The programme cannot start before the settlement date ({date}).").format(
            date=short_date(settled)))
    for name, value in (("planned_end_date", planned), ("actual_end_date", actual)):
        if start and value and value < start:
            errors.add(name, _("The end date cannot be before the start date."))
    if programme_id is None and start:
        for field, message in programme_refusals(person, decided=start, discretionary=discretionary).items():
            errors.add("start_date" if field == "decision_date" else field, message)
    errors.raise_if_any()
    values = dict(start_date=start, planned_end_date=planned, actual_end_date=actual, end_reason=reason)
    changes = Changes()
    with transaction(ctx):
        if programme_id is None:
            row = IntroProgramme.create(person=person, **values)
            audit(ctx, "create", "intro_programme", row.id, {k: (None, v) for k, v in values.items()}, changes)
        else:
            row = get_or_404(IntroProgramme, programme_id, _("the introduction programme"))
            diff = apply_fields(row, values)
            if diff:
                row.save()
                audit(ctx, "update", "intro_programme", row.id, diff, changes)
    return changes
