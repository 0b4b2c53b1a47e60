"""Points where other areas react to changes in households and persons.

The follow-up plan regenerates when a household is settled or its members
change, and closes a mover's open items. Kept in one module so people.py
does not need to know about every area that listens.
"""

from __future__ import annotations

import datetime as dt

from ..context import Context
from ..models import FollowUpItem, Household, Person
from .base import Changes, audit


def household_changed(ctx: Context, household: Household, changes: Changes) -> None:
    """Called inside the transaction after a household or one of its members changed."""
    # The follow-up generator (services.followup) plugs in here.
    return None


def person_moved(ctx: Context, person: Person, day: dt.date, changes: Changes) -> None:
    """Close the mover's open follow-up items as 'moved' (inside the transaction)."""
    items = FollowUpItem.select().where((FollowUpItem.person == person) & (FollowUpItem.status == "open"))
    for item in items:
        item.status = "moved"
        item.done_date = day
        item.save()
        audit(ctx, "update", "follow_up_item", item.id, {"status": ("open", "moved")}, changes)


def person_has_history(person: Person) -> bool:
    """Whether follow-up work has been recorded for the person."""
    return FollowUpItem.select().where((FollowUpItem.person == person) & (FollowUpItem.status == "done")).exists()


def person_deleting(ctx: Context, person: Person, changes: Changes) -> None:
    """Remove the person's generated (never done) follow-up items before the person is deleted."""
    FollowUpItem.delete().where(FollowUpItem.person == person).execute()
