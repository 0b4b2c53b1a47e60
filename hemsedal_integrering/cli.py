"""Command line: administration and batch work over the same services as the GUI.

    hemsedal-integrering                 start the program (GUI)
    hemsedal-integrering init   [--db F]  create an empty database
    hemsedal-integrering check  [--db F]

demo, backup, restore and encrypt live in ``services.cli_maintenance`` (they log
in as an administrator). Every error, whatever its kind, prints a (translated)
message on stderr and exits non-zero (``report_error``): never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

from . import __version__
from .context import Context
from .errors import DatabaseError, NotFound, PermissionDenied, ValidationError
from .i18n import _, pgettext

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str, configure: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    """Register a subcommand; other modules add theirs the same way (e.g. ``report``)."""
    def wrap(fn: Command) -> Command:
        COMMANDS[name] = (fn, configure, help_text)
        return fn
    return wrap


MAX_ID = 2**63 - 1  # SQLite's largest integer


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


def db_path(args: argparse.Namespace) -> Path:
    from .db import default_database_path
    return Path(args.db) if args.db else default_database_path()


def open_context(args: argparse.Namespace, *, create: bool = False) -> Context:
    """Open the database named by ``--db`` and return a system context."""
    from .db import open_database
    from .services.setup import ensure_municipalities
    db = open_database(db_path(args), create=create)
    ctx = Context(db=db)
    ensure_municipalities(ctx)
    return ctx


@command("init", _("Create an empty database (with Hemsedal and Gol)."))
def cmd_init(args: argparse.Namespace) -> int:
    path = db_path(args)
    existed = path.exists()
    ctx = open_context(args, create=True)
    ctx.db.close()
    if existed:
        print(_("The database already exists and is up to date: {path}").format(path=path))
    else:
        print(_("Created database: {path}").format(path=path))
    return 0


@command("check", _("Check the integrity of the database file."))
def cmd_check(args: argparse.Namespace) -> int:
    from .db import backup
    report = backup.check_file(db_path(args))
    if report.ok:
        print(_("OK: {path} has no errors.").format(path=db_path(args)))
        return 0
    print(_("Errors in the database:"), file=sys.stderr)
    for line in report.problems:
        print(f"  {line}", file=sys.stderr)
    return 3


def argparse_texts() -> dict[str, str]:
    """argparse's own texts ("usage:", "show this help message and exit", its error
    messages) through our catalog, so ``--help`` and a mistyped command read Norwegian."""
    return {
        "usage: ": pgettext("argparse", "usage: "),
        "positional arguments": pgettext("argparse", "positional arguments"),
        "options": pgettext("argparse", "options"),
        "show this help message and exit": pgettext("argparse", "show this help message and exit"),
        "show program's version number and exit": pgettext("argparse", "show program's version number and exit"),
        "%(prog)s: error: %(message)s\n": pgettext("argparse", "%(prog)s: error: %(message)s\n"),
        "the following arguments are required: %s":
            pgettext("argparse", "the following arguments are required: %s"),
        "invalid choice: %(value)r (choose from %(choices)s)":
            pgettext("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
        "unrecognized arguments: %s": pgettext("argparse", "unrecognized arguments: %s"),
        "expected one argument": pgettext("argparse", "expected one argument"),
        "argument %(argument_name)s: %(message)s": pgettext("argparse", "argument %(argument_name)s: %(message)s"),
        "invalid %(type)s value: %(value)r": pgettext("argparse", "invalid %(type)s value: %(value)r"),
        "ambiguous option: %(option)s could match %(matches)s":
            pgettext("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    }


def install_argparse_texts() -> None:
    """argparse looks its texts up through its module-level ``_`` at run time."""
    texts = argparse_texts()
    argparse._ = lambda text: texts.get(text, text)  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    install_argparse_texts()
    parser = argparse.ArgumentParser(prog="hemsedal-integrering",
                                     description=_("The integration service of Hemsedal and Gol. Without a command "
                                                   "the program starts."))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", help=_("database file (default: in the user's data folder)"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name, (fn, configure, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", help=_("database file (default: in the user's data folder)"), default=argparse.SUPPRESS)
        configure(p)
        p.set_defaults(func=fn)
    return parser


def _load_plugins() -> None:
    """Import modules that register further subcommands (reports, users …) if present."""
    import importlib
    for module in ("hemsedal_integrering.reports.cli", "hemsedal_integrering.services.cli_admin",
                   "hemsedal_integrering.services.cli_printing", "hemsedal_integrering.services.cli_maintenance",
                   "hemsedal_integrering.services.cli_importing", "hemsedal_integrering.services.cli_transfer"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            # Only "this optional module (or its package) is not there" is fine.
            if not exc.name or not (module == exc.name or module.startswith(exc.name + ".")):
                raise


def main(argv: list[str] | None = None) -> int:
    _load_plugins()
    args = build_parser().parse_args(argv)
    if not getattr(args, "command", None):
        from .ui.app import main as gui_main
        return gui_main(db=args.db)
    try:
        return args.func(args)
    except BaseException as exc:  # noqa: BLE001 - every error ends in a Norwegian message, never a traceback
        return report_error(exc)


def _is_database_error(exc: BaseException) -> bool:
    """sqlite3, sqlcipher3 (its own class tree) and peewee errors."""
    import sqlite3

    import peewee
    return isinstance(exc, (sqlite3.Error, peewee.PeeweeException)) or type(exc).__module__.startswith("sqlcipher3")


def report_error(exc: BaseException) -> int:
    """Print ``exc`` as a Norwegian message on stderr and return the exit code (never a traceback).

    2: bad input, refused, not found, damaged file, disk full; 130: interrupted; 1: anything unexpected
    (the message then says so). ``SystemExit`` passes through (argparse's own errors).
    """
    from .safe_files import describe_os_error, disk_full, is_disk_full
    if isinstance(exc, SystemExit):
        raise exc
    if isinstance(exc, KeyboardInterrupt):
        print(_("Cancelled."), file=sys.stderr)
        return 130
    if isinstance(exc, ValidationError):
        for field, message in exc.errors.items():
            if field:
                print(_("Error in {field}: {message}").format(field=field, message=message), file=sys.stderr)
            else:
                print(_("Error: {message}").format(message=message), file=sys.stderr)
        return 2
    if isinstance(exc, (DatabaseError, NotFound, PermissionDenied)):
        message = str(exc)
    elif is_disk_full(exc):
        message = str(disk_full())
    elif isinstance(exc, OSError):
        message = describe_os_error(exc)
    elif _is_database_error(exc):
        message = _("The database reported an error: {error}. The change has not been saved.").format(error=exc)
    elif isinstance(exc, (OverflowError, ValueError)):
        message = _("A value is outside what the program can handle ({error}). Nothing has been changed.").format(
            error=exc)
    else:
        print(_("Unexpected error ({kind}: {error}). Report it to the administrator.").format(
            kind=type(exc).__name__, error=exc), file=sys.stderr)
        return 1
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    return 2


if __name__ == "__main__":
    # Run through the package module, not this __main__ copy: plugins register their
    # subcommands on hemsedal_integrering.cli.COMMANDS.
    from hemsedal_integrering.cli import main as _package_main
    sys.exit(_package_main())
