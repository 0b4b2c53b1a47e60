"""What every command module shares: the command table, argument types, opening and logging in.

A command module declares ``group = CommandGroup()`` and decorates its commands with
``@group.command(name, help, configure)``; ``cli.dispatch`` lists the groups by import, so
nothing is loaded by name and nothing outside this package registers commands.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..context import Context
from ..errors import PermissionDenied
from ..i18n import _
from ..services import auth

Run = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]

PASSWORD_ENV = "HEMSEDAL_PASSWORD"
MAX_ID = 2**63 - 1  # SQLite's largest integer


def no_options(parser: argparse.ArgumentParser) -> None:
    """A command without options of its own (``--db`` is added to every command)."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, the one-line help, how it adds its options, and what it runs."""

    name: str
    help: str
    run: Run
    configure: Configure = no_options


@dataclass
class CommandGroup:
    """The commands of one module, in the order they are declared (the order ``--help`` lists them)."""

    commands: list[Command] = field(default_factory=list)

    def command(self, name: str, help_text: str, configure: Configure = no_options) -> Callable[[Run], Run]:
        """Decorator: add ``fn`` as the subcommand ``name``; the function itself is returned unchanged."""
        def wrap(fn: Run) -> Run:
            self.commands.append(Command(name, help_text, fn, configure))
            return fn
        return wrap


def record_id(text: str) -> int:
    """argparse type for a record id: a whole number 1 … 2**63-1 (SQLite's range), else a Norwegian error."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(_("«{value}» is not an id (a whole number).").format(value=text)) from None
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(_("«{value}» is not a valid id.").format(value=text))
    return value


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """argparse type for a whole number between ``low`` and ``high`` (inclusive)."""
    def parse(text: str) -> int:
        try:
            value = int(str(text).strip())
        except ValueError:
            raise argparse.ArgumentTypeError(_("«{value}» is not a whole number.").format(value=text)) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(_("{value} must be between {low} and {high}.").format(
                value=text, low=low, high=high))
        return value
    return parse


def _is_server(target: object) -> bool:
    from ..db.postgres import is_server_url
    return is_server_url(target)


def db_path(args: argparse.Namespace) -> Path:
    """The database file named by ``--db``, else the default one in the user's data folder."""
    from ..db import default_database_path
    return Path(args.db) if args.db else default_database_path()


def open_context(args: argparse.Namespace, *, create: bool = False) -> Context:
    """Open the database named by ``--db`` and return a system context (no login)."""
    from ..db import open_database
    from ..services.setup import ensure_municipalities
    db = open_database(args.db if _is_server(args.db) else db_path(args), create=create)
    ctx = Context(db=db)
    ensure_municipalities(ctx)
    return ctx


def add_login(p: argparse.ArgumentParser) -> None:
    """The ``--user`` option of every command that logs in."""
    p.add_argument("--user", required=True, help=_("the user name you log in with (password: the environment "
                                                   "variable {env} or a prompt)").format(env=PASSWORD_ENV))


def password(prompt: str | None = None, *, env: str | None = PASSWORD_ENV) -> str:
    """The password from the environment variable ``env``, else asked for without echo on a terminal."""
    if env and os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise PermissionDenied(_("Give the password in the environment variable {env} (no terminal to ask in).")
                               .format(env=PASSWORD_ENV))
    return getpass.getpass(prompt if prompt is not None else _("Password: "))


def cli_login(args: argparse.Namespace, *, read_only: bool = False) -> auth.Session:
    """Log in as ``--user`` on ``--db`` (raises LoginFailed with a Norwegian message)."""
    return auth.login(db_path(args), args.user, password(), read_only=read_only)
