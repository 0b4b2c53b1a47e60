"""Rows of housing units, private leases and work placements, through their services.

One row is one record (and one group). Repeating an import adds nothing:

* a unit is already registered when a unit with the same address (any case)
  exists in the same municipality;
* a lease when the unit already has a lease starting the same day; its
  landlord is found by organisation number or name and created if new, its
  unit found by address and created (as a private unit) if new;
* a placement when the person already has one at that workplace from the
  same day; the person must be registered (national ID, DUF number, or name
  and date of birth), the workplace is found by employer and department and
  created if new.
"""

from __future__ import annotations

from typing import Any

from peewee import fn

from ...context import Context
from ...i18n import _
from ...models import HousingUnit, Landlord, Lease, Municipality, Placement, Workplace
from .. import housing, placements
from .rows import DUPLICATE, NEW, REJECTED, RowData, RowOutcome, error_text, find_person, person_label


def _kwargs(row: RowData, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: row.values[n] for n in names if row.values.get(n) not in (None, "")}


def _refuse(row: RowData, label: str, exc: Exception, state: dict[str, Any]) -> RowOutcome:
    return RowOutcome(row.number, REJECTED, label, error_text(exc, state.get("columns")))


def _unit(row: RowData) -> HousingUnit | None:
    address = str(row.get("address", "")).strip()
    if not address:
        return None
    q = HousingUnit.select().where(fn.LOWER(HousingUnit.address) == address.lower())
    if row.get("municipality"):
        q = q.join(Municipality).where(Municipality.code == row.get("municipality"))
    return q.first()


class SingleRows:
    """Base: one row is one group."""

    kind = ""

    def groups(self, rows: list[RowData]) -> list[list[RowData]]:
        return [[row] for row in rows]

    def apply(self, ctx: Context, group: list[RowData], state: dict[str, Any]) -> list[RowOutcome]:
        return [self.row(ctx, row, state) for row in group]

    def row(self, ctx: Context, row: RowData, state: dict[str, Any]) -> RowOutcome:  # pragma: no cover
        raise NotImplementedError


class UnitRows(SingleRows):
    """Handler for the kind "units" (``housing.create_unit``)."""

    kind = "units"
    FIELDS = ("municipality", "address", "ownership", "bedrooms", "capacity", "postal_code", "place", "size_m2",
              "heating", "has_wood_stove", "has_garden", "notes")

    def row(self, ctx: Context, row: RowData, state: dict[str, Any]) -> RowOutcome:
        label = str(row.get("address", "")) or _("(no address)")
        existing = _unit(row)
        if existing is not None:
            return RowOutcome(row.number, DUPLICATE, label, _("Already registered."))
        args = _kwargs(row, self.FIELDS)
        args.setdefault("municipality", "")
        args.setdefault("address", "")
        args.setdefault("ownership", "")
        try:
            state["changes"].merge(housing.create_unit(ctx, **args))
        except Exception as exc:  # error_text re-raises what is not a refusal
            return _refuse(row, label, exc, state)
        return RowOutcome(row.number, NEW, label, _("New housing unit."))


class LeaseRows(SingleRows):
    """Handler for the kind "leases": landlord and unit found or created, then ``housing.create_lease``."""

    kind = "leases"
    LEASE_FIELDS = ("monthly_rent", "start_date", "end_date", "deposit", "guarantee", "notice_months",
                    "rent_adjustment_date", "notes")

    def row(self, ctx: Context, row: RowData, state: dict[str, Any]) -> RowOutcome:
        label = " – ".join(p for p in (str(row.get("address", "")), str(row.get("landlord", ""))) if p) or _(
            "(no address)")
        unit = _unit(row)
        start = row.get("start_date")
        if unit is not None and start is not None and Lease.select().where(
                (Lease.unit == unit) & (Lease.start_date == start)).exists():
            return RowOutcome(row.number, DUPLICATE, label, _("Already registered."))
        notes: list[str] = []
        try:
            if unit is None:
                args = _kwargs(row, ("municipality", "address", "postal_code", "place"))
                args.setdefault("municipality", "")
                args.setdefault("address", "")
                made = housing.create_unit(ctx, ownership="private", **args)
                state["changes"].merge(made)
                unit_id = made.first_created("housing_unit")
                notes.append(_("new private housing unit"))
            else:
                unit_id = unit.id
            landlord = self._landlord(row)
            if landlord is None:
                landlord_id = housing.create_landlord(
                    ctx, name=str(row.get("landlord", "")), org_nr=str(row.get("landlord_org_nr", "")),
                    phone=str(row.get("landlord_phone", "")), email=str(row.get("landlord_email", ""))
                ).first_created("landlord")
                state["changes"].add("created", "landlord", landlord_id)
                notes.append(_("new landlord"))
            else:
                landlord_id = landlord.id
            args = _kwargs(row, self.LEASE_FIELDS)
            args.setdefault("monthly_rent", None)
            args.setdefault("start_date", None)
            state["changes"].merge(housing.create_lease(ctx, unit_id=unit_id, landlord_id=landlord_id, **args))
        except Exception as exc:  # error_text re-raises what is not a refusal
            return _refuse(row, label, exc, state)
        message = _("New lease.")
        if notes:
            message = _("New lease ({what}).").format(what=", ".join(notes))
        return RowOutcome(row.number, NEW, label, message)

    @staticmethod
    def _landlord(row: RowData) -> Landlord | None:
        org = str(row.get("landlord_org_nr", "")).replace(" ", "")
        if org:
            found = Landlord.get_or_none(Landlord.org_nr == org)
            if found is not None:
                return found
        name = str(row.get("landlord", "")).strip()
        if not name:
            return None
        return Landlord.select().where(fn.LOWER(Landlord.name) == name.lower()).first()


class PlacementRows(SingleRows):
    """Handler for the kind "placements": person found, workplace found or created, then ``start_placement``."""

    kind = "placements"
    FIELDS = ("type", "start_date", "hours_per_week", "end_date", "supervisor_name", "supervisor_phone",
              "nav_measure", "notes")

    def row(self, ctx: Context, row: RowData, state: dict[str, Any]) -> RowOutcome:
        label = person_label(row)
        person = find_person(row, state)
        if person is None:
            return RowOutcome(row.number, REJECTED, label, _(
                "No registered person matches the row (national ID, DUF number, or name and date of birth). "
                "Import or register the household first."))
        employer = str(row.get("employer", "")).strip()
        department = str(row.get("department", "")).strip()
        label = f"{person.full_name} – {employer}" if employer else person.full_name
        person_id = person.person_id
        workplace = Workplace.select().where((fn.LOWER(Workplace.employer) == employer.lower())
                                             & (fn.LOWER(Workplace.department) == department.lower())).first()
        start = row.get("start_date")
        if workplace is not None and start is not None and Placement.select().where(
                (Placement.person == person_id) & (Placement.workplace == workplace)
                & (Placement.start_date == start)).exists():
            return RowOutcome(row.number, DUPLICATE, label, _("Already registered."))
        new_workplace = workplace is None
        try:
            if workplace is None:
                args = _kwargs(row, ("sector", "is_municipal", "municipality"))
                workplace_id = placements.create_workplace(ctx, employer=employer, department=department,
                                                           **args).first_created("workplace")
                state["changes"].add("created", "workplace", workplace_id)
            else:
                workplace_id = workplace.id
            args = _kwargs(row, self.FIELDS)
            args.setdefault("type", "")
            args.setdefault("start_date", None)
            args.setdefault("hours_per_week", None)
            state["changes"].merge(placements.start_placement(ctx, person_id=person_id, workplace_id=workplace_id,
                                                              **args))
        except Exception as exc:  # error_text re-raises what is not a refusal
            return _refuse(row, label, exc, state)
        return RowOutcome(row.number, NEW, label, _("New placement (new workplace).") if new_workplace
                          else _("New placement."))

