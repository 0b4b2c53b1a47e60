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


def household_changed(ctx: Context, household: Household, changes: Changes,
                      members: list[Person] | None = None) -> None:
    """Called inside the transaction after a household or one of its members changed.

    Regenerates the household's follow-up plan (idempotent; see services.followup). ``members``:
    the persons of a household created in this same call, as written (they are not read back).
    """
    from .followup import regenerate_household  # local: followup imports the models people.py uses

    regenerate_household(ctx, household, changes, members=members)
    if household.id in changes.created.get("household", ()):
        return  # created in this call: it has no tenancy yet, so no dwelling item to close
    from .followup_bulk import close_dwelling_item
    close_dwelling_item(ctx, household.id, changes)  # a settled household that already lives somewhere


def back_register(ctx: Context, household: Household, day: dt.date, changes: Changes) -> None:
    """Mark the duties due before ``day`` done "registrert i ettertid" (inside the transaction)."""
    from .followup_bulk import close_done_before
    close_done_before(ctx, household, day, changes)


def person_moved(ctx: Context, person: Person, day: dt.date, changes: Changes) -> None:
    """Close the mover's open (or postponed) follow-up items as 'moved' (inside the transaction).

    When the last member has moved, the household's own items are closed too.
    """
    still_open = FollowUpItem.status.in_(("open", "postponed"))
    items = list(FollowUpItem.select().where((FollowUpItem.person == person) & still_open))
    household_id = person.household_id
    if not Person.select().where((Person.household == household_id) & Person.moved_out_date.is_null()).exists():
        items += list(FollowUpItem.select().where(
            (FollowUpItem.household == household_id) & FollowUpItem.person.is_null() & still_open))
    for item in items:
        old = item.status
        item.status = "moved"
        item.done_date = day
        item.save()
        audit(ctx, "update", "follow_up_item", item.id, {"status": (old, "moved")}, changes)


def person_has_history(person: Person) -> bool:
    """Whether follow-up work has been recorded for the person."""
    return FollowUpItem.select().where((FollowUpItem.person == person) & (FollowUpItem.status == "done")).exists()


def person_deleting(ctx: Context, person: Person, changes: Changes) -> None:
    """Remove the person's generated (never done) follow-up items before the person is deleted."""
    FollowUpItem.delete().where(FollowUpItem.person == person).execute()
