"""Workplaces, practice placements and evaluations."""

from __future__ import annotations

from typing import Any

from .. import vocab
from ..context import Context
from ..errors import ValidationError
from ..i18n import _, short_date
from ..models import Municipality, Person, Placement, PlacementEvaluation, Workplace
from .access import require
from .base import (
    MAX_LONG_TEXT,
    Changes,
    Errors,
    apply_fields,
    audit,
    choice,
    create_audited,
    get_or_404,
    parse_date,
    parse_float,
    parse_int,
    reject_unknown,
    save_audited,
    text,
    transaction,
)

MAX_HOURS_PER_WEEK = 60

_WORKPLACE_FIELDS = ("employer", "department", "is_municipal", "municipality", "sector", "address", "contact_name",
                     "contact_phone", "contact_email", "notes")


def _clean_workplace(errors: Errors, v: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "employer" in v:
        out["employer"] = text(errors, "employer", v["employer"], required=True, label=_("Employer"))
    if "department" in v:
        out["department"] = text(errors, "department", v["department"], label=_("Department"))
    if "is_municipal" in v:
        out["is_municipal"] = bool(v["is_municipal"])
    if "municipality" in v:
        code = v["municipality"]
        m = Municipality.get_or_none(Municipality.code == code) if code else None
        if code and m is None:
            errors.add("municipality", _("Unknown municipality «{code}».").format(code=code))
        out["municipality"] = m
    if "sector" in v:
        out["sector"] = choice(errors, "sector", v["sector"], vocab.SECTORS, label=_("Sector"))
    for name, label in (("address", _("Address")), ("contact_name", _("Contact person")),
                        ("contact_phone", _("Phone")), ("contact_email", _("Email"))):
        if name in v:
            out[name] = text(errors, name, v[name], label=label)
    if out.get("contact_email") and "@" not in out["contact_email"]:
        errors.add("contact_email", _("The email address does not look right."))
    if "notes" in v:
        out["notes"] = text(errors, "notes", v["notes"], label=_("Note"), max_length=MAX_LONG_TEXT)
    municipal = out.get("is_municipal", v.get("is_municipal"))
    if municipal and "municipality" in out and out["municipality"] is None and "municipality" not in errors.errors:
        errors.add("municipality", _("A municipal department must belong to Hemsedal or Gol."))
    return out


def create_workplace(ctx: Context, *, employer: str, department: str = "", is_municipal: bool = False,
                     municipality: str | None = None, sector: str = "other", address: str = "",
                     contact_name: str = "", contact_phone: str = "", contact_email: str = "",
                     notes: str = "") -> Changes:
    """Register an employer's department that takes participants in practice."""
    require(ctx, "placements.write")
    errors = Errors()
    clean = _clean_workplace(errors, dict(employer=employer, department=department, is_municipal=is_municipal,
                                          municipality=municipality, sector=sector, address=address,
                                          contact_name=contact_name, contact_phone=contact_phone,
                                          contact_email=contact_email, notes=notes))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        create_audited(ctx, Workplace, clean, changes)
    return changes


def update_workplace(ctx: Context, *, workplace_id: int, **values: Any) -> Changes:
    """Edit a workplace."""
    require(ctx, "placements.write")
    row = get_or_404(Workplace, workplace_id, _("the workplace"))
    reject_unknown(values, _WORKPLACE_FIELDS, "workplace")
    errors = Errors()
    merged = {"is_municipal": row.is_municipal, **values}
    clean = _clean_workplace(errors, merged)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        save_audited(ctx, row, clean, changes)
    return changes


def set_workplace_active(ctx: Context, *, workplace_id: int, active: bool) -> Changes:
    """Archive or reactivate a workplace (history is kept)."""
    require(ctx, "placements.write")
    row = get_or_404(Workplace, workplace_id, _("the workplace"))
    if not active and Placement.select().where((Placement.workplace == row) & (Placement.ended == False)).exists():  # noqa: E712
        raise ValidationError(_("The workplace has an ongoing placement. End it before the workplace is archived."))
    changes = Changes()
    with transaction(ctx):
        if row.active != active:
            row.active = active
            row.save()
            audit(ctx, "update", "workplace", row.id, {"active": (not active, active)}, changes)
    return changes


def _clean_placement(errors: Errors, v: dict[str, Any], person: Person | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["type"] = choice(errors, "type", v.get("type"), vocab.PLACEMENT_TYPES, label=_("Type of placement"))
    out["start_date"] = parse_date(errors, "start_date", v.get("start_date"), required=True, label=_("Start date"))
    out["end_date"] = parse_date(errors, "end_date", v.get("end_date"), label=_("End date"))
    out["hours_per_week"] = parse_float(errors, "hours_per_week", v.get("hours_per_week"), required=True,
                                        label=_("Hours per week"), minimum=0, maximum=MAX_HOURS_PER_WEEK)
    out["supervisor_name"] = text(errors, "supervisor_name", v.get("supervisor_name", ""), label=_("Supervisor"))
    out["supervisor_phone"] = text(errors, "supervisor_phone", v.get("supervisor_phone", ""), label=_("Phone"),
                                   max_length=30)
    out["nav_measure"] = text(errors, "nav_measure", v.get("nav_measure", ""), label=_("Nav measure"))
    out["notes"] = text(errors, "notes", v.get("notes", ""), label=_("Note"), max_length=MAX_LONG_TEXT)
    start, end = out["start_date"], out["end_date"]
    if start and end and end < start:
        errors.add("end_date", _("The end date cannot be before the start date."))
    if person is not None and start:
        settled = person.effective_settlement_date()
        if settled is None:
            errors.add("person", _("{name} is not settled yet. Record the settlement date first.").format(
                name=person.full_name))
        elif start < settled:
            errors.add("start_date", _("A placement cannot start before the settlement date ({date}).").format(
                date=short_date(settled)))
        if person.moved_out_date and start > person.moved_out_date:
            errors.add("start_date", _("{name} moved away from the municipality on {date}.").format(
                name=person.full_name, date=short_date(person.moved_out_date)))
    return out


def start_placement(ctx: Context, *, person_id: int, workplace_id: int, type: str, start_date: Any,
                    hours_per_week: Any, end_date: Any = None, supervisor_name: str = "",
                    supervisor_phone: str = "", nav_measure: str = "", notes: str = "") -> Changes:
    """Start a practice placement. Not before the person is settled, not after moving away,
    0–60 hours a week, end not before start, only at an active workplace."""
    require(ctx, "placements.write")
    errors = Errors()
    person = Person.get_or_none(Person.id == person_id)
    workplace = Workplace.get_or_none(Workplace.id == workplace_id)
    if person is None:
        errors.add("person", _("Choose a participant."))
    if workplace is None:
        errors.add("workplace", _("Choose a workplace."))
    elif not workplace.active:
        errors.add("workplace", _("The workplace is archived."))
    clean = _clean_placement(errors, dict(type=type, start_date=start_date, end_date=end_date,
                                          hours_per_week=hours_per_week, supervisor_name=supervisor_name,
                                          supervisor_phone=supervisor_phone, nav_measure=nav_measure, notes=notes),
                             person)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        create_audited(ctx, Placement, clean, changes, person=person, workplace=workplace)
    return changes


def update_placement(ctx: Context, *, placement_id: int, **values: Any) -> Changes:
    """Edit a placement's terms."""
    require(ctx, "placements.write")
    row = get_or_404(Placement, placement_id, _("the placement"))
    keys = ("type", "start_date", "end_date", "hours_per_week", "supervisor_name", "supervisor_phone",
            "nav_measure", "notes")
    reject_unknown(values, keys, "placement")
    errors = Errors()
    clean = _clean_placement(errors, {**{k: getattr(row, k) for k in keys}, **values}, row.person)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        save_audited(ctx, row, clean, changes)
    return changes


def end_placement(ctx: Context, *, placement_id: int, end_date: Any, outcome: str) -> Changes:
    """End a placement with its outcome (fast jobb, midlertidig jobb, utdanning, avbrutt …)."""
    require(ctx, "placements.write")
    row = get_or_404(Placement, placement_id, _("the placement"))
    errors = Errors()
    day = parse_date(errors, "end_date", end_date, required=True, label=_("End date"))
    code = choice(errors, "outcome", outcome, vocab.PLACEMENT_OUTCOMES, label=_("Result"))
    if day and day < row.start_date:
        errors.add("end_date", _("The end date cannot be before the start date ({date}).").format(
            date=short_date(row.start_date)))
    if row.ended:
        errors.add("", _("The placement has already ended."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        diff = apply_fields(row, {"end_date": day, "outcome": code, "ended": True})
        row.save()
        audit(ctx, "update", "placement", row.id, diff, changes)
    return changes


def add_evaluation(ctx: Context, *, placement_id: int, date: Any, text_: str = "", evaluator: str = "",
                   rating: Any = None) -> Changes:
    """Record an evaluation meeting for a placement (rating 1–5 optional)."""
    require(ctx, "placements.write")
    row = get_or_404(Placement, placement_id, _("the placement"))
    errors = Errors()
    day = parse_date(errors, "date", date, required=True, label=_("Date"))
    body = text(errors, "text", text_, required=True, label=_("Evaluation"), max_length=MAX_LONG_TEXT)
    who = text(errors, "evaluator", evaluator, label=_("Evaluated by"))
    score = parse_int(errors, "rating", rating, label=_("Rating"), minimum=1, maximum=5)
    if day and day < row.start_date:
        errors.add("date", _("The evaluation cannot be before the placement started."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        ev = PlacementEvaluation.create(placement=row, date=day, text=body, evaluator=who, rating=score)
        audit(ctx, "create", "placement_evaluation", ev.id, {"placement": (None, row.id), "date": (None, day)},
              changes)
    return changes
