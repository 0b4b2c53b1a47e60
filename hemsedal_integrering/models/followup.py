"""Follow-up plan items (years 1–5) generated from templates.

The template is data (``resources/followup_template.toml`` holds the
defaults, ``FollowUpTemplateItem`` the municipality's edited copy); each
generated ``FollowUpItem`` keeps the template key and version it came from,
so editing a template never rewrites history silently.
"""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .accounts import User
from ..ids import HouseholdId, PersonId, UserId
from .base import BaseModel
from .people import Household, Person


class FollowUpTemplateItem(BaseModel):
    """One duty in the follow-up template.

    ``applies_to``: household, adult, school_child, kindergarten_child,
    child_0_5, everyone. ``offset_days`` counts from the settlement date
    (negative = before arrival); ``repeat_yearly`` items recur in years 1–5,
    ``times_per_year`` spread evenly within each year.
    """

    key = CharField(unique=True)
    title = CharField()
    description = TextField(default="")
    applies_to = CharField()
    responsible = CharField()
    offset_days = IntegerField(default=0)
    offset_months = IntegerField(default=0)
    repeat_yearly = BooleanField(default=False)
    times_per_year = IntegerField(default=1)
    legal_bases = CharField(default="")  # comma separated; '' = all
    version = IntegerField(default=1)
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class FollowUpItem(BaseModel):
    """A dated duty for a household or person.

    status: open | done | postponed | not_relevant | moved. ``original_due_date``
    keeps the generated date when the item was postponed.
    """

    household = ForeignKeyField(Household, backref="followups", on_delete="CASCADE")
    household_id: HouseholdId
    person = ForeignKeyField(Person, null=True, backref="followups", on_delete="CASCADE")
    person_id: PersonId | None
    template_key = CharField(default="", index=True)
    template_version = IntegerField(default=0)
    occurrence = IntegerField(default=0)
    title = CharField()
    responsible = CharField()
    follow_up_year = IntegerField(default=1)
    due_date = DateField(index=True)
    original_due_date = DateField(null=True)
    status = CharField(default="open", index=True)
    done_date = DateField(null=True)
    done_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    done_by_id: UserId | None
    assigned_to = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    assigned_to_id: UserId | None
    reason = TextField(default="")  # postponement / not relevant
    note = TextField(default="")
    source = CharField(default="template")  # template | inspection | manual

    class Meta:
        # schema 8: open items by due date (the start page's overdue counts, the task lists)
        indexes = ((("status", "due_date"), False),)


MODELS = [FollowUpTemplateItem, FollowUpItem]
