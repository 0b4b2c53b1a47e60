"""Housing units, private landlords and leases, and tenancies (who lives where)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    AutoField,
    Check,
    BooleanField,
    CharField,
    DateField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..ids import HouseholdId, LandlordId, LeaseId, MunicipalityId, TenancyId, UnitId
from .base import BaseModel, id_field
from .people import Household, Municipality

if TYPE_CHECKING:
    from peewee import ModelSelect


class Landlord(BaseModel):
    """A private landlord the service rents from."""

    id: AutoField[LandlordId] = id_field(LandlordId)
    name = CharField(index=True)
    org_nr = CharField(default="")
    phone = CharField(default="")
    email = CharField(default="")
    address = CharField(default="")
    notes = TextField(default="")
    # reverse relations (peewee backrefs), declared for the type checker
    leases: ModelSelect[Lease]


class HousingUnit(BaseModel):
    """A dwelling the service runs: municipally owned or rented from a landlord.

    ``capacity`` is how many households may live there at once (usually 1).
    Units are archived (``active`` False), never deleted, once they have history.
    """

    id: AutoField[UnitId] = id_field(UnitId)
    municipality = ForeignKeyField(Municipality, backref="units", on_delete="RESTRICT")
    municipality_id: MunicipalityId
    address = CharField(index=True)
    postal_code = CharField(default="")
    place = CharField(default="")  # Trøim, Ulsåk, Tuv, Svøo …
    ownership = CharField()  # 'municipal' | 'private'
    size_m2 = FloatField(null=True)
    bedrooms = IntegerField(default=1)
    capacity = IntegerField(default=1, constraints=[Check("capacity >= 1")])
    heating = CharField(default="electric")
    has_wood_stove = BooleanField(default=False)
    has_garden = BooleanField(default=False)
    snow_clearing_by = CharField(default="tenant")
    lawn_mowing_by = CharField(default="none")
    notes = TextField(default="")
    active = BooleanField(default=True)
    # reverse relations (peewee backrefs), declared for the type checker
    leases: ModelSelect[Lease]
    tenancies: ModelSelect[Tenancy]
    other_lettings: ModelSelect[OtherLetting]


class Lease(BaseModel):
    """The service's lease of a private unit from a landlord.

    Amounts are whole kroner. ``end_date`` None is an open-ended lease.
    """

    id: AutoField[LeaseId] = id_field(LeaseId)
    unit = ForeignKeyField(HousingUnit, backref="leases", on_delete="RESTRICT")
    unit_id: UnitId
    landlord = ForeignKeyField(Landlord, backref="leases", on_delete="RESTRICT")
    landlord_id: LandlordId
    monthly_rent = IntegerField(constraints=[Check("monthly_rent >= 0")])
    deposit = IntegerField(default=0, constraints=[Check("deposit >= 0")])
    guarantee = CharField(default="deposit")  # 'deposit' | 'nav_guarantee' | 'none'
    start_date = DateField()
    end_date = DateField(null=True)
    notice_months = IntegerField(default=3)
    rent_adjustment_date = DateField(null=True)
    terminated_date = DateField(null=True)  # ended early
    notes = TextField(default="")


class Tenancy(BaseModel):
    """A household living in a unit from ``start_date`` to ``end_date`` (None = now)."""

    id: AutoField[TenancyId] = id_field(TenancyId)
    unit = ForeignKeyField(HousingUnit, backref="tenancies", on_delete="RESTRICT")
    unit_id: UnitId
    household = ForeignKeyField(Household, backref="tenancies", on_delete="RESTRICT")
    household_id: HouseholdId
    start_date = DateField()
    end_date = DateField(null=True, constraints=[Check("end_date IS NULL OR end_date >= start_date")])
    monthly_rent = IntegerField(null=True)  # what the household pays
    notes = TextField(default="")


class OtherLetting(BaseModel):
    """A municipal unit let to others than refugees (``tenant_group``: employees | other) for a period.

    On a day a unit is let to a refugee household (a Tenancy covers it), let to
    others (an OtherLetting covers it) or vacant; the two never overlap
    (``services.unit_letting``).
    """

    unit = ForeignKeyField(HousingUnit, backref="other_lettings", on_delete="RESTRICT")
    unit_id: UnitId
    start_date = DateField()
    end_date = DateField(null=True, constraints=[Check("end_date IS NULL OR end_date >= start_date")])
    tenant_group = CharField(default="employees")
    note = TextField(default="")


MODELS = [Landlord, HousingUnit, Lease, Tenancy, OtherLetting]
