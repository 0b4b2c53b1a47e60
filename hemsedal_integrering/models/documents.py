"""The record of every printed letter or form, and key/value settings."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .accounts import User
from ..ids import HouseholdId, PersonId, UserId
from .base import BaseModel
from .people import Household, Person


class PrintedDocument(BaseModel):
    """What was printed, about whom, when and by whom (shown in the household's history)."""

    kind = CharField()
    title = CharField()
    language = CharField(default="nb")
    household = ForeignKeyField(Household, null=True, backref="documents", on_delete="SET NULL")
    household_id: HouseholdId | None
    person = ForeignKeyField(Person, null=True, backref="documents", on_delete="SET NULL")
    person_id: PersonId | None
    entity = CharField(default="")
    entity_id = IntegerField(null=True)
    printed_at = DateTimeField()
    user = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    user_id: UserId | None
    recipient = CharField(default="")
    #: Schema 7: the Norwegian body text as the officer changed it before printing ('' = the template's).
    edited_body = TextField(default="")


class Setting(BaseModel):
    """Program-wide settings an administrator edits (JSON values)."""

    key = CharField(unique=True)
    value = TextField(default="")


MODELS = [PrintedDocument, Setting]
