"""Workplaces, practice placements and evaluations."""

from __future__ import annotations

from typing import Any

from .. import vocab
from ..context import Context
from ..i18n import N_, _, short_date
from ..ids import PersonId, WorkplaceId
from ..models import Person, Placement, PlacementEvaluation, Workplace
from .access import require
from .base import MAX_LONG_TEXT, Changes, Errors, choice, get_or_404
from .entity import (Entity, Scope, choice_field, create_entity, date_field, end_day, end_not_before_start, flag_field,
                     float_field, int_field, lookup, municipality_field, note_field, save_fields, set_active,
                     text_field, update_entity)

MAX_HOURS_PER_WEEK = 60


def _has_at(errors: Errors, name: str, value: str, scope: Scope) -> None:
    if "@" not in value:
        errors.add(name, _("The email address does not look right."))


WORKPLACE = Entity(Workplace, N_("the workplace"), "placements.write", (
    text_field("employer", N_("Employer"), required=True),
    text_field("department", N_("Department")),
    flag_field("is_municipal", N_("Municipal workplace")),
    municipality_field(required=False),
    choice_field("sector", N_("Sector"), vocab.SECTORS),
    text_field("address", N_("Address")),
    text_field("contact_name", N_("Contact person")),
    text_field("contact_phone", N_("Phone")),
    text_field("contact_email", N_("Email"), check=_has_at),
    note_field(),
))


def _municipal_has_municipality(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
    if clean.get("is_municipal") and "municipality" in clean and clean["municipality"] is None \
            and not errors.has("municipality"):
        errors.add("municipality", _("A municipal department must belong to Hemsedal or Gol."))


def create_workplace(ctx: Context, *, employer: str, department: str = "", is_municipal: bool = False,
                     municipality: str | None = None, sector: str = "other", address: str = "",
                     contact_name: str = "", contact_phone: str = "", contact_email: str = "",
                     notes: str = "") -> Changes:
    """Register an employer's department that takes participants in practice."""
    return create_entity(ctx, WORKPLACE, dict(
        employer=employer, department=department, is_municipal=is_municipal, municipality=municipality,
        sector=sector, address=address, contact_name=contact_name, contact_phone=contact_phone,
        contact_email=contact_email, notes=notes), check=_municipal_has_municipality)


def update_workplace(ctx: Context, *, workplace_id: int, **values: Any) -> Changes:
    """Edit a workplace."""
    return update_entity(ctx, WORKPLACE, workplace_id, values, validate_with=("is_municipal",),
                         check=_municipal_has_municipality)


def set_workplace_active(ctx: Context, *, workplace_id: int, active: bool) -> Changes:
    """Archive or reactivate a workplace (history is kept)."""
    def refuse(row: Workplace) -> str | None:
        if Placement.select().where((Placement.workplace == row) & (Placement.ended == False)).exists():  # noqa: E712
            return _("The workplace has an ongoing placement. End it before the workplace is archived.")
        return None
    return set_active(ctx, WORKPLACE, workplace_id, active, refuse=refuse)


PLACEMENT = Entity(Placement, N_("the placement"), "placements.write", (
    choice_field("type", N_("Type of placement"), vocab.PLACEMENT_TYPES),
    date_field("start_date", N_("Start date"), required=True),
    date_field("end_date", N_("End date")),
    float_field("hours_per_week", N_("Hours per week"), required=True, minimum=0, maximum=MAX_HOURS_PER_WEEK),
    text_field("supervisor_name", N_("Supervisor")),
    text_field("supervisor_phone", N_("Phone"), max_length=30),
    text_field("nav_measure", N_("Nav measure")),
    note_field(),
))


def _placement_rules(person: Person | None) -> Any:
    """End not before start; not before ``person`` is settled, not after they moved away."""
    def check(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
        end_not_before_start(errors, clean)
        start = clean["start_date"]
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
    return check


def start_placement(ctx: Context, *, person_id: PersonId, workplace_id: WorkplaceId, type: str, start_date: Any,
                    hours_per_week: Any, end_date: Any = None, supervisor_name: str = "",
                    supervisor_phone: str = "", nav_measure: str = "", notes: str = "") -> Changes:
    """Start a practice placement. Not before the person is settled, not after moving away,
    0–60 hours a week, end not before start, only at an active workplace."""
    require(ctx, PLACEMENT.permission)
    errors = Errors()
    person = lookup(errors, "person", Person, person_id, _("Choose a participant."))
    workplace = lookup(errors, "workplace", Workplace, workplace_id, _("Choose a workplace."))
    if workplace is not None and not workplace.active:
        errors.add("workplace", _("The workplace is archived."))
    return create_entity(ctx, PLACEMENT, dict(
        type=type, start_date=start_date, end_date=end_date, hours_per_week=hours_per_week,
        supervisor_name=supervisor_name, supervisor_phone=supervisor_phone, nav_measure=nav_measure, notes=notes),
        extra=dict(person=person, workplace=workplace), errors=errors, check=_placement_rules(person))


def update_placement(ctx: Context, *, placement_id: int, **values: Any) -> Changes:
    """Edit a placement's terms."""
    def check(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
        _placement_rules(scope.row.person)(errors, clean, scope)
    return update_entity(ctx, PLACEMENT, placement_id, values, validate_with=PLACEMENT.names, check=check)


def end_placement(ctx: Context, *, placement_id: int, end_date: Any, outcome: str) -> Changes:
    """End a placement with its outcome (fast jobb, midlertidig jobb, utdanning, avbrutt …)."""
    require(ctx, "placements.write")
    row = get_or_404(Placement, placement_id, _("the placement"))
    errors = Errors()
    day = end_day(errors, row, end_date, label=_("End date"), before_start=_(
        "The end date cannot be before the start date ({date}).").format(date=short_date(row.start_date)))
    code = choice(errors, "outcome", outcome, vocab.PLACEMENT_OUTCOMES, label=_("Result"))
    if row.ended:
        errors.add("", _("The placement has already ended."))
    errors.raise_if_any()
    return save_fields(ctx, row, {"end_date": day, "outcome": code, "ended": True}, entity=PLACEMENT)


EVALUATION = Entity(PlacementEvaluation, N_("the evaluation"), "placements.write", (
    date_field("date", N_("Date"), required=True),
    text_field("text", N_("Evaluation"), required=True, max_length=MAX_LONG_TEXT, sensitive=True),
    text_field("evaluator", N_("Evaluated by")),
    int_field("rating", N_("Rating"), minimum=1, maximum=5),
))


def add_evaluation(ctx: Context, *, placement_id: int, date: Any, text_: str = "", evaluator: str = "",
                   rating: Any = None) -> Changes:
    """Record an evaluation meeting for a placement (rating 1–5 optional; the text is masked in the log)."""
    require(ctx, EVALUATION.permission)
    row = get_or_404(Placement, placement_id, _("the placement"))

    def check(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
        if clean["date"] and clean["date"] < row.start_date:
            errors.add("date", _("The evaluation cannot be before the placement started."))
    return create_entity(ctx, EVALUATION, dict(date=date, text=text_, evaluator=evaluator, rating=rating),
                         extra=dict(placement=row), check=check)
