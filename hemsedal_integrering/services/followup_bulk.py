"""Work on many follow-up items at once: back-registration and the task list's batch actions.

Contracts:

* ``close_done_before`` (called inside ``register_household``'s transaction,
  after the plan was generated) marks every still-open item of the household
  that was due before the chosen day as done, dated on its own due date, with
  the note "registrert i ettertid". Items due on or after the day stay open.
  That is how an office registers a household settled weeks or years ago
  without flooding the task list with red overdue items.
* ``close_dwelling_item`` closes the household's "Bolig skaffet" item
  (template key ``pre_dwelling``) once the household has a tenancy: moving in
  is the proof that a dwelling was acquired.
* ``mark_done_many``, ``postpone_many``, ``mark_not_relevant_many`` and
  ``assign_many`` are one service call per batch: every item is checked
  first, then all are written in one transaction (all or nothing), each with
  its own audit row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from ..context import Context
from ..i18n import N_, _, ngettext
from ..models import FollowUpItem, Household, Tenancy, User
from ..rules import followup as rules
from .access import require
from .base import MAX_LONG_TEXT, Changes, Errors, apply_fields, audit, get_or_404, parse_date, text, transaction

#: The note on items closed by back-registration (stored translated, as the user reads it).
BACK_REGISTERED_NOTE = N_("registered after the fact")
#: The note on "Bolig skaffet" when a move-in closed it.
MOVED_IN_NOTE = N_("Closed when moving in was registered")
#: The template item that a move-in proves done.
DWELLING_KEY = "pre_dwelling"
#: More than this many items in one batch is a mistake of the caller, not a user's selection.
MAX_BATCH = 5000


def back_registration_note() -> str:
    """The note written on back-registered items, in the user's language ("registrert i ettertid")."""
    return _(BACK_REGISTERED_NOTE)


def check_done_before(errors: Errors, value: Any, *, today: dt.date, field_name: str = "done_before") -> dt.date | None:
    """Validate the back-registration day: a date, not after today (None when blank)."""
    day = parse_date(errors, field_name, value, label=_("Done before"))
    if day is not None and day > today:
        errors.add(field_name, _("Tasks cannot be registered as done after today."))
    return day


def close_done_before(ctx: Context, household: Household, day: dt.date, changes: Changes) -> int:
    """Mark the household's open items due before ``day`` done "registrert i ettertid" (inside a transaction).

    Returns how many items were closed. One audit row for the household lists them.
    """
    still_open = FollowUpItem.status.in_(rules.OPEN_STATUSES)
    ids = sorted(i for (i,) in FollowUpItem.select(FollowUpItem.id).where(
        (FollowUpItem.household == household.id) & still_open & (FollowUpItem.due_date < day)).tuples())
    if not ids:
        return 0
    # one UPDATE: each item done on its own due date
    FollowUpItem.update(status="done", done_date=FollowUpItem.due_date, done_by=getattr(ctx.user, "id", None),
                        note=back_registration_note()).where(FollowUpItem.id.in_(ids)).execute()
    for item_id in ids:
        changes.add("updated", "follow_up_item", item_id)
    audit(ctx, "back_register", "household", household.id,
          {"follow_up_items_done": (None, len(ids)), "done_before": (None, day), "item_ids": (None, ids)}, changes)
    return len(ids)


def close_dwelling_item(ctx: Context, household_id: int, changes: Changes) -> None:
    """Close "Bolig skaffet" for a household that has a tenancy (inside a transaction)."""
    first = Tenancy.select(Tenancy.start_date).where(Tenancy.household == household_id).order_by(
        Tenancy.start_date).first()
    if first is None:
        return
    items = FollowUpItem.select().where((FollowUpItem.household == household_id)
                                        & (FollowUpItem.template_key == DWELLING_KEY)
                                        & FollowUpItem.status.in_(rules.OPEN_STATUSES))
    for item in items:
        diff = apply_fields(item, {"status": "done", "done_date": min(first.start_date, ctx.today()),
                                   "done_by": getattr(ctx.user, "id", None), "note": item.note or _(MOVED_IN_NOTE)})
        item.save()
        audit(ctx, "update", "follow_up_item", item.id, diff, changes)


# ----- batch actions of the task list -----

def _open_items(errors: Errors, item_ids: Iterable[int]) -> list[FollowUpItem]:
    ids = sorted({int(i) for i in item_ids})
    if not ids:
        errors.add("", _("Choose at least one task."))
        return []
    if len(ids) > MAX_BATCH:
        raise ValueError(f"batch of {len(ids)} items is larger than {MAX_BATCH}")
    items = {i.id: i for i in FollowUpItem.select().where(FollowUpItem.id.in_(ids))}
    missing = [i for i in ids if i not in items]
    if missing:
        errors.add("", ngettext("{count} of the tasks no longer exists. Refresh the list and try again.",
                                "{count} of the tasks no longer exist. Refresh the list and try again.",
                                len(missing)).format(count=len(missing)))
    closed = [i for i in items.values() if i.status not in rules.OPEN_STATUSES]
    if closed:
        errors.add("", ngettext("{count} of the tasks is already closed: {titles}.",
                                "{count} of the tasks are already closed: {titles}.", len(closed)).format(
            count=len(closed), titles=", ".join(sorted({i.title for i in closed}))))
    return [items[i] for i in ids if i in items]


def _save_all(ctx: Context, items: list[FollowUpItem], values_for) -> Changes:
    changes = Changes()
    with transaction(ctx):
        for item in items:
            diff = apply_fields(item, values_for(item))
            if diff:
                item.save()
                audit(ctx, "update", "follow_up_item", item.id, diff, changes)
    return changes


def mark_done_many(ctx: Context, *, item_ids: Iterable[int], done_date: Any = None, note: str = "") -> Changes:
    """Mark every given open item done on ``done_date`` (default today; not in the future), in one go."""
    require(ctx, "followup.write")
    errors = Errors()
    items = _open_items(errors, item_ids)
    day = parse_date(errors, "done_date", done_date, label=_("Date done")) or ctx.today()
    if day > ctx.today():
        errors.add("done_date", _("The date done cannot be in the future."))
    note_clean = text(errors, "note", note, label=_("Note"), max_length=MAX_LONG_TEXT)
    errors.raise_if_any()
    user_id = getattr(ctx.user, "id", None)
    return _save_all(ctx, items, lambda item: {"status": "done", "done_date": day, "done_by": user_id,
                                               "note": note_clean or item.note})


def postpone_many(ctx: Context, *, item_ids: Iterable[int], new_due_date: Any, reason: str) -> Changes:
    """Move the due date of every given open item to ``new_due_date`` (not before today) with one reason."""
    require(ctx, "followup.write")
    errors = Errors()
    items = _open_items(errors, item_ids)
    day = parse_date(errors, "new_due_date", new_due_date, required=True, label=_("New deadline"))
    why = text(errors, "reason", reason, required=True, label=_("Justification"), max_length=1000)
    if day and day < ctx.today():
        errors.add("new_due_date", _("The new deadline cannot be before today."))
    errors.raise_if_any()
    return _save_all(ctx, items, lambda item: {"status": "postponed", "due_date": day, "reason": why,
                                               "original_due_date": item.original_due_date or item.due_date})


def mark_not_relevant_many(ctx: Context, *, item_ids: Iterable[int], reason: str) -> Changes:
    """Close every given open item as not relevant, with one reason."""
    require(ctx, "followup.write")
    errors = Errors()
    items = _open_items(errors, item_ids)
    why = text(errors, "reason", reason, required=True, label=_("Justification"), max_length=1000)
    errors.raise_if_any()
    return _save_all(ctx, items, lambda item: {"status": "not_relevant", "reason": why, "done_date": ctx.today()})


def assign_many(ctx: Context, *, item_ids: Iterable[int], user_id: int | None) -> Changes:
    """Give every given open item to one officer (None = nobody)."""
    require(ctx, "followup.write")
    errors = Errors()
    items = _open_items(errors, item_ids)
    if user_id is not None:
        user = get_or_404(User, user_id, _("the user"))
        if not user.active:
            errors.add("user_id", _("The user is deactivated."))
    errors.raise_if_any()
    return _save_all(ctx, items, lambda item: {"assigned_to": user_id})


__all__ = ["BACK_REGISTERED_NOTE", "assign_many", "back_registration_note", "check_done_before",
           "close_done_before", "close_dwelling_item", "mark_done_many", "mark_not_relevant_many", "postpone_many"]
