"""The context every service call receives: which database, who acts, what day it is.

There is no global database or current user. Tests build a context on a
temporary database with a fixed ``today``; the GUI and the command line build
one after opening the file and logging in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from peewee import Database

if TYPE_CHECKING:
    from .models.accounts import User


def _system_today() -> dt.date:
    return dt.date.today()


def _system_now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class Context:
    """Database, acting user and clock for one session of work.

    ``user`` is a ``models.accounts.User`` (or None only for system tasks such
    as creating the first administrator or filling demo data).
    """

    db: Database
    user: User | None = None
    clock: Callable[[], dt.datetime] = field(default=_system_now)

    def today(self) -> dt.date:
        return self.clock().date()

    def now(self) -> dt.datetime:
        return self.clock()

    def as_user(self, user: User | None) -> Context:
        return Context(db=self.db, user=user, clock=self.clock)


def fixed_clock(when: dt.date | dt.datetime) -> Callable[[], dt.datetime]:
    """A clock that always answers the same moment (for tests and demo data)."""
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time(9, 0))
    return lambda: when
