"""Tenancy inspection checklists (years 1–5, by season) and recorded inspections."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .accounts import User
from .base import BaseModel
from .housing import Tenancy


class ChecklistTemplateItem(BaseModel):
    """One point of the inspection checklist.

    ``years`` is a comma separated subset of 1..5; ``season`` is all, winter
    or summer. An administrator edits these; defaults come from
    ``resources/inspection_checklist.toml``.
    """

    key = CharField(unique=True)
    category = CharField(default="")
    text = TextField()
    years = CharField(default="1,2,3,4,5")
    season = CharField(default="all")
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class Inspection(BaseModel):
    """A planned or performed inspection of a tenancy's dwelling."""

    tenancy = ForeignKeyField(Tenancy, backref="inspections", on_delete="RESTRICT")
    planned_at = DateTimeField()
    notice_sent_date = DateField(null=True)
    performed_date = DateField(null=True)
    inspector = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    follow_up_year = IntegerField(default=1)
    season = CharField(default="all")
    status = CharField(default="planned")  # planned | done | cancelled
    remarks = TextField(default="")


class InspectionPoint(BaseModel):
    """The result for one checklist point in an inspection (a copy of its text)."""

    inspection = ForeignKeyField(Inspection, backref="points", on_delete="CASCADE")
    template_key = CharField(default="")
    category = CharField(default="")
    text = TextField()
    result = CharField(null=True)  # ok | follow_up | not_relevant
    remark = TextField(default="")
    sort_order = IntegerField(default=0)


MODELS = [ChecklistTemplateItem, Inspection, InspectionPoint]
