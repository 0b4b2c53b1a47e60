"""Municipalities, households, persons and their status history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    AutoField,
    Check,
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    TextField,
)

from ..ids import HouseholdId, MunicipalityId, PersonId, ProgrammeId
from .base import BaseModel, id_field

if TYPE_CHECKING:
    from peewee import ModelSelect

    from .housing import Tenancy
    from .introduction import Absence, IntegrationPlan, ProgrammePeriod
    from .placements import Placement


class Municipality(BaseModel):
    """Hemsedal or Gol, with the letterhead details an administrator edits."""

    id: AutoField[MunicipalityId] = id_field(MunicipalityId)
    code = CharField(unique=True)  # 'hemsedal' | 'gol'
    name = CharField()
    org_nr = CharField(default="")
    service_name = CharField(default="Integreringstjenesten")
    visiting_address = CharField(default="")
    postal_address = CharField(default="")
    phone = CharField(default="")
    email = CharField(default="")
    website = CharField(default="")


class Household(BaseModel):
    """A household settled by the service. Every household belongs to one municipality.

    ``settlement_date`` is the household's bosettingsdato; a member who
    arrives later (family reunification) has their own ``Person.arrival_date``.
    """

    id: AutoField[HouseholdId] = id_field(HouseholdId)
    municipality = ForeignKeyField(Municipality, backref="households", on_delete="RESTRICT")
    municipality_id: MunicipalityId
    name = CharField()  # e.g. "Familien Haddad"
    settlement_date = DateField(null=True, index=True)
    legal_basis = CharField(null=True)
    case_reference = CharField(default="")
    contact_phone = CharField(default="")
    address_note = CharField(default="")  # where they live when not in a unit the service runs
    notes = TextField(default="")  # case notes: sensitive
    moved_out_date = DateField(null=True, index=True)
    moved_to = CharField(default="")
    move_reason = CharField(null=True)
    # reverse relations (peewee backrefs), declared for the type checker
    members: ModelSelect[Person]
    tenancies: ModelSelect[Tenancy]


class Person(BaseModel):
    """A member of a household.

    Birth date is its own field: a D-number's date digits need not be the
    birth date, and gender or age are never derived from an identity number.
    """

    id: AutoField[PersonId] = id_field(PersonId)
    household = ForeignKeyField(Household, backref="members", on_delete="RESTRICT")
    household_id: HouseholdId
    first_name = CharField(index=True)
    last_name = CharField(index=True)
    role = CharField()  # 'adult' | 'child'
    birth_date = DateField(null=True)
    national_id = CharField(null=True, unique=True)  # fødselsnummer or D-nummer, 11 digits
    duf_number = CharField(null=True, unique=True)  # 12 digits
    gender = CharField(null=True)
    country = CharField(null=True)  # ISO 3166 alpha-2
    languages = CharField(default="")  # comma separated ISO 639-1 codes, first = preferred
    interpreter_language = CharField(null=True)  # None = no interpreter needed
    legal_basis = CharField(null=True)  # None = the household's
    phone = CharField(default="", index=True)
    email = CharField(default="")
    arrival_date = DateField(null=True)  # None = the household's settlement date
    permit_date = DateField(null=True)  # residence permit granted (schema 10; integreringsloven § 8 judges age on it)
    born_in_norway = BooleanField(default=False)
    #: Unaccompanied minor (enslig mindreårig) as UDI/IMDi decided at settlement: a status,
    #: not "a household without adults"; the year-1 grant and the special grant follow it.
    unaccompanied_minor = BooleanField(default=False)
    moved_out_date = DateField(null=True, index=True)
    moved_to = CharField(default="")
    move_reason = CharField(null=True)
    health_note = TextField(default="")  # special category: never shown to housing staff
    case_note = TextField(default="")  # sensitive
    #: What the person list's search scans (names, numbers, phone, household, current
    #: address). Written only by the database's triggers (schema_v2.sql), never by code.
    search_text = TextField(default="")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def effective_settlement_date(self):
        """The date years 1–5 count from for this person."""
        if self.arrival_date is not None:
            return self.arrival_date
        return self.household.settlement_date
    # reverse relations (peewee backrefs), declared for the type checker
    statuses: ModelSelect[StatusPeriod]
    programmes: ModelSelect[IntroProgramme]
    placements: ModelSelect[Placement]


class StatusPeriod(BaseModel):
    """What a person does in a period (introduksjonsprogram, work, education …).

    ``end_date`` None means ongoing. Periods of one person do not overlap;
    the service closes the open period when a new one starts.
    """

    person = ForeignKeyField(Person, backref="statuses", on_delete="CASCADE")
    person_id: PersonId
    status = CharField()
    start_date = DateField()
    end_date = DateField(null=True, constraints=[Check("end_date IS NULL OR end_date >= start_date")])
    note = TextField(default="")


class IntroProgramme(BaseModel):
    """The introduction programme of one person (start, planned and actual end).

    Schema 3: ``request_date`` (a request starts the three months of § 12 for
    collective protection or a later request), ``decision_date`` (the
    enkeltvedtak), ``result`` (how it ended, ``rules.introduction.RESULTS``)
    and ``sole_carer`` (alone with the care of children: double child-sickness days).
    Schema 10: ``lives_with_parents`` (under 25: a third of the benefit instead of two
    thirds, § 20; None = not registered).
    """

    id: AutoField[ProgrammeId] = id_field(ProgrammeId)
    person = ForeignKeyField(Person, backref="programmes", on_delete="CASCADE")
    person_id: PersonId
    start_date = DateField()
    planned_end_date = DateField(null=True)
    actual_end_date = DateField(null=True)
    end_reason = CharField(default="")
    request_date = DateField(null=True)
    decision_date = DateField(null=True)
    result = CharField(default="")
    sole_carer = BooleanField(default=False)
    lives_with_parents = BooleanField(null=True)
    # reverse relations (peewee backrefs), declared for the type checker
    periods: ModelSelect[ProgrammePeriod]
    plans: ModelSelect[IntegrationPlan]
    absences: ModelSelect[Absence]


MODELS = [Municipality, Household, Person, StatusPeriod, IntroProgramme]
