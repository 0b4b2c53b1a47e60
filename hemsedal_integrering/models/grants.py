"""Integration grant rates (integreringstilskudd), maintained by the user each year, and
grants a municipality applies for per person."""

from __future__ import annotations

from peewee import CharField, Check, ForeignKeyField, IntegerField, TextField

from ..ids import PersonId
from .base import BaseModel
from .people import Person


class GrantRate(BaseModel):
    """Amount in whole kroner for a calendar year, rate kind and grant year.

    As IMDi's circular: grant year 1 has one rate per category (single adult,
    adult, unaccompanied minor, child); grant years 2–5 have one rate each
    (category 'general'); grant year 0 holds the one-time grants and the
    yearly special grant for unaccompanied minors (see vocab.GRANT_CATEGORIES).
    """

    year = IntegerField()
    category = CharField()
    grant_year = IntegerField()
    amount = IntegerField()

    class Meta:
        indexes = ((("year", "category", "grant_year"), True),)


class PersonGrant(BaseModel):
    """A grant the municipality applied for and was granted for one person and calendar
    year, e.g. the grant for persons with disabilities or behavioural problems (schema 5)."""

    person = ForeignKeyField(Person, backref="grants", on_delete="CASCADE")
    person_id: PersonId
    kind = CharField()  # 'disability'
    year = IntegerField(constraints=[Check("year BETWEEN 2000 AND 2100")])
    amount = IntegerField(constraints=[Check("amount >= 0")])
    note = TextField(default="")

    class Meta:
        indexes = ((("person", "kind", "year"), True),)


MODELS = [GrantRate, PersonGrant]
