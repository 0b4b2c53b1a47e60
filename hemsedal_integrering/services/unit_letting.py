"""Municipal units let to others than refugees (e.g. employees), and a unit's state on a day.

Rule: on a day a unit is *let to refugees* (a tenancy covers the day), *let to
others* (an ``OtherLetting`` covers it) or *vacant*. Only municipal units are
let to others (a unit the service rents from a private landlord is rented for
refugees). A letting to others never overlaps a refugee tenancy or another
letting of the same unit; ``move_in`` refuses a period the unit is let to
others (``check_not_let_to_others``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import vocab
from ..context import Context
from ..i18n import N_, _, short_date
from ..models import HousingUnit, OtherLetting, Tenancy
from ..queries import contact
from ..rules.dates import overlaps
from .access import require
from .base import Changes, Errors, get_or_404
from .entity import (Entity, Scope, choice_field, create_entity, date_field, delete_row, end_day, end_not_before_start,
                     save_fields, text_field)


def unit_state(unit_id: int, day: dt.date) -> str:
    """'refugees' | 'others' | 'vacant' for a unit on ``day``."""
    covers = lambda model: ((model.unit == unit_id) & (model.start_date <= day)  # noqa: E731
                            & (model.end_date.is_null() | (model.end_date >= day)))
    if Tenancy.select().where(covers(Tenancy)).exists():
        return "refugees"
    if OtherLetting.select().where(covers(OtherLetting)).exists():
        return "others"
    return "vacant"


def let_on(unit_id: int, day: dt.date) -> OtherLetting | None:
    """The letting to others that covers ``day``, if any."""
    return (OtherLetting.select().where((OtherLetting.unit == unit_id) & (OtherLetting.start_date <= day)
                                        & (OtherLetting.end_date.is_null() | (OtherLetting.end_date >= day)))
            .first())


def let_to_others_on(day: dt.date) -> set[int]:
    """Ids of the units let to others on ``day``."""
    return {u for (u,) in OtherLetting.select(OtherLetting.unit).where(
        (OtherLetting.start_date <= day) & (OtherLetting.end_date.is_null() | (OtherLetting.end_date >= day))).tuples()}


def check_not_let_to_others(errors: Errors, unit: HousingUnit, start: dt.date, end: dt.date | None,
                            field: str = "unit") -> None:
    """Add an error when the unit is let to others on any day of [start, end]."""
    for o in OtherLetting.select().where(OtherLetting.unit == unit.id):
        if overlaps(start, end, o.start_date, o.end_date):
            errors.add(field, _("The unit is let to others ({group}) from {start}{until}. End that letting first.")
                       .format(group=vocab.label(vocab.TENANT_GROUPS, o.tenant_group).lower(),
                               start=short_date(o.start_date),
                               until=_(" until {date}").format(date=short_date(o.end_date)) if o.end_date else ""))
            return


def _check_period(errors: Errors, unit: HousingUnit, start: dt.date, end: dt.date | None,
                  exclude_id: int | None = None) -> None:
    if unit.ownership != "municipal":
        errors.add("unit", _("Only municipal units can be let to others."))
    if not unit.active:
        errors.add("unit", _("The housing unit is archived."))
    for t in Tenancy.select().where(Tenancy.unit == unit.id):
        if overlaps(start, end, t.start_date, t.end_date):
            errors.add("start_date", _("A refugee household ({household}) lives in the unit in this period.")
                       .format(household=contact.household(t.household_id).name))  # (a housing login's columns)
            break
    for o in OtherLetting.select().where((OtherLetting.unit == unit.id) & (OtherLetting.id != (exclude_id or 0))):
        if overlaps(start, end, o.start_date, o.end_date):
            errors.add("start_date", _("The unit is already let to others in this period."))
            break


OTHER_LETTING = Entity(OtherLetting, N_("the letting"), "housing.write", (
    date_field("start_date", N_("From"), required=True),
    date_field("end_date", N_("To")),
    choice_field("tenant_group", N_("Let to"), vocab.TENANT_GROUPS),
    text_field("note", N_("Note"), max_length=500, sensitive=True),
))


def let_to_others(ctx: Context, *, unit_id: int, start_date: Any, end_date: Any = None,
                  tenant_group: str = "employees", note: str = "") -> Changes:
    """Record that a municipal unit is let to others than refugees from ``start_date`` (open end allowed)."""
    require(ctx, OTHER_LETTING.permission)
    unit = get_or_404(HousingUnit, unit_id, _("the housing unit"))

    def check(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
        end_not_before_start(errors, clean)
        if clean["start_date"] and not errors:
            _check_period(errors, unit, clean["start_date"], clean["end_date"])
    return create_entity(ctx, OTHER_LETTING, dict(start_date=start_date, end_date=end_date, tenant_group=tenant_group,
                                                  note=note), extra={"unit": unit}, check=check,
                         after=lambda row, changes: changes.add("updated", "housing_unit", unit.id))


def end_letting(ctx: Context, *, letting_id: int, end_date: Any) -> Changes:
    """End a letting to others: the last day the others have the unit."""
    require(ctx, OTHER_LETTING.permission)
    o = get_or_404(OtherLetting, letting_id, _("the letting"))
    errors = Errors()
    day = end_day(errors, o, end_date, label=_("To"), before_start=_("The end date cannot be before the start date."))
    errors.raise_if_any()
    return save_fields(ctx, o, {"end_date": day}, entity=OTHER_LETTING,
                       after=lambda row, changes: changes.add("updated", "housing_unit", row.unit_id))


def delete_letting(ctx: Context, *, letting_id: int) -> Changes:
    """Remove a letting registered by mistake."""
    require(ctx, "housing.write")
    o = get_or_404(OtherLetting, letting_id, _("the letting"))
    return delete_row(ctx, o, {"start_date": o.start_date},
                      after=lambda changes: changes.add("updated", "housing_unit", o.unit_id))


def has_lettings(unit_id: int) -> bool:
    return OtherLetting.select().where(OtherLetting.unit == unit_id).exists()

