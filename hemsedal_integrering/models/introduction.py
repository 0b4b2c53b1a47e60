"""The introduction programme's records: mapping, integration plan, periods, absence, tests, G.

The programme itself is ``people.IntroProgramme`` (start, planned end, actual
end); schema 3 adds its decision, request, result and care facts. Rules live in
``rules.introduction`` and ``rules.intro_absence``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import BooleanField, CharField, DateField, DecimalField, ForeignKeyField, IntegerField, TextField

from .accounts import User
from ..ids import PersonId, PlacementId, ProgrammeId, UserId
from .base import BaseModel
from .people import IntroProgramme, Person
from .placements import Placement

if TYPE_CHECKING:
    from peewee import ModelSelect


class CompetenceMapping(BaseModel):
    """Kompetansekartlegging (integreringsloven §§ 6, 10), once per person.

    ``health_limits`` is special-category data: shown to integration officers only.
    """

    person = ForeignKeyField(Person, unique=True, backref="competence_mappings", on_delete="CASCADE")
    person_id: PersonId
    mapped_on = DateField()
    mapped_by = CharField(default="municipality")  # municipality | imdi
    education_years = IntegerField(null=True)
    highest_education = CharField(default="unknown")
    education_country = CharField(default="")
    education_documents = TextField(default="")
    work_experience = TextField(default="")
    languages = TextField(default="")  # one "language: level" a line
    driving_licence = CharField(default="")
    digital_skills = CharField(default="unknown")
    health_limits = TextField(default="")
    goals = TextField(default="")


class IntegrationPlan(BaseModel):
    """Integreringsplan (§ 15) of one programme: end goal (§ 13), planned length, revisions."""

    programme = ForeignKeyField(IntroProgramme, unique=True, backref="plans", on_delete="CASCADE")
    programme_id: ProgrammeId
    end_goal = CharField()
    has_upper_secondary = BooleanField(default=False)
    self_study = BooleanField(default=False)  # measures need much own work: 30 h/week is full time
    revision = IntegerField(default=1)
    signed_on = DateField(null=True)
    # reverse relations (peewee backrefs), declared for the type checker
    measures: ModelSelect[PlanMeasure]
    revisions: ModelSelect[PlanRevision]


class PlanMeasure(BaseModel):
    """A measure of the plan: Norwegian, social studies, placement, course, work … with dates and hours."""

    plan = ForeignKeyField(IntegrationPlan, backref="measures", on_delete="CASCADE")
    plan_id: int
    kind = CharField()
    title = CharField(default="")
    start_date = DateField()
    end_date = DateField()
    hours_per_week = DecimalField(max_digits=5, decimal_places=1)
    placement = ForeignKeyField(Placement, null=True, backref="+", on_delete="SET NULL")
    placement_id: PlacementId | None


class PlanRevision(BaseModel):
    """One revision of a plan: when, why and by whom (the first is the plan itself)."""

    plan = ForeignKeyField(IntegrationPlan, backref="revisions", on_delete="CASCADE")
    plan_id: int
    revision = IntegerField()
    revised_on = DateField()
    reason = TextField(default="")
    user = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    user_id: UserId | None


class ProgrammePeriod(BaseModel):
    """Leave (permisjon), stop (stans, § 18) or extension (forlengelse, § 13) of a programme."""

    programme = ForeignKeyField(IntroProgramme, backref="periods", on_delete="CASCADE")
    programme_id: ProgrammeId
    kind = CharField()  # leave | stop | extension
    start_date = DateField()
    end_date = DateField(null=True)
    reason = TextField(default="")


class Absence(BaseModel):
    """Absence on one day; ``hours`` None = the whole day, else part of it."""

    programme = ForeignKeyField(IntroProgramme, backref="absences", on_delete="CASCADE")
    programme_id: ProgrammeId
    day = DateField(index=True)
    hours = DecimalField(max_digits=4, decimal_places=1, null=True)
    kind = CharField()
    note = TextField(default="")

    class Meta:
        indexes = ((("programme", "day"), True),)


class LanguageTest(BaseModel):
    """A Norwegian test result per skill (A1–C1) or the social studies test."""

    person = ForeignKeyField(Person, backref="language_tests", on_delete="CASCADE")
    person_id: PersonId
    test_date = DateField()
    subject = CharField()  # norwegian | social_studies
    skill = CharField(default="")  # reading | listening | writing | oral ('' for social studies)
    level = CharField()  # below_a1 | A1 … C1 | passed | failed


class BaseAmount(BaseModel):
    """Folketrygdens grunnbeløp (G) from a date, kept by the administrator (never a constant in code)."""

    valid_from = DateField(unique=True)
    amount = DecimalField(max_digits=12, decimal_places=2)


MODELS = [CompetenceMapping, IntegrationPlan, PlanMeasure, PlanRevision, ProgrammePeriod, Absence, LanguageTest,
          BaseAmount]
