"""Tenancy inspection checklists (years 1–5, by season) and recorded inspections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .accounts import User
from ..ids import InspectionId, TenancyId, UserId
from .base import BaseModel, id_field
from .housing import Tenancy

if TYPE_CHECKING:
    from peewee import ModelSelect


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

    id: AutoField[InspectionId] = id_field(InspectionId)
    tenancy = ForeignKeyField(Tenancy, backref="inspections", on_delete="RESTRICT")
    tenancy_id: TenancyId
    planned_at = DateTimeField()
    notice_sent_date = DateField(null=True)
    performed_date = DateField(null=True)
    inspector = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    inspector_id: UserId | None
    follow_up_year = IntegerField(default=1)
    season = CharField(default="all")
    status = CharField(default="planned")  # planned | done | cancelled
    remarks = TextField(default="")
    # reverse relations (peewee backrefs), declared for the type checker
    points: ModelSelect[InspectionPoint]


class InspectionPoint(BaseModel):
    """The result for one checklist point in an inspection (a copy of its text)."""

    inspection = ForeignKeyField(Inspection, backref="points", on_delete="CASCADE")
    inspection_id: InspectionId
    template_key = CharField(default="")
    category = CharField(default="")
    text = TextField()
    result = CharField(null=True)  # ok | follow_up | not_relevant
    remark = TextField(default="")
    sort_order = IntegerField(default=0)


MODELS = [ChecklistTemplateItem, Inspection, InspectionPoint]
