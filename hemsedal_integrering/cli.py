"""Command line: administration and batch work over the same services as the GUI.

    hemsedal-integrering                 start the program (GUI)
    hemsedal-integrering init   [--db F]  create an empty database
    hemsedal-integrering demo   [--db F]  create a database filled with demo data
    hemsedal-integrering backup [--db F] [--to FILE]
    hemsedal-integrering restore BACKUP [--db F] [--yes]
    hemsedal-integrering check  [--db F]

Errors print a (translated) message on stderr and exit non-zero.
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


def _configure_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help=_("delete an existing file first"))


@command("demo", _("Create a database with demo data (178 settled 2010–2024 and more)."), _configure_demo)
def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import fill_demo_data
    path = db_path(args)
    if path.exists():
        if not args.force:
            raise DatabaseError(_("{path} already exists. Use --force to replace it with demo data.").format(path=path))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    ctx = open_context(args, create=True)
    summary = fill_demo_data(ctx, progress=lambda msg: print(f"  {msg} …", file=sys.stderr))
    ctx.db.close()
    seconds = time.perf_counter() - started
    size_kb = path.stat().st_size / 1024
    print(_("Demo data in {path}: {households} households, {persons} persons, {units} housing units, "
            "{leases} leases, {placements} work placements ({seconds} s, {size} kB).").format(
        path=path, households=summary.households, persons=summary.persons, units=summary.units,
        leases=summary.leases, placements=summary.placements, seconds=f"{seconds:.1f}", size=f"{size_kb:.0f}"))
    if summary.users:
        print(_("Demo users: {users} (password: {password})").format(
            users=", ".join(summary.users), password="demo-passord"))  # i18n: data (the demo password)
    return 0


def _configure_backup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", help=_("file or folder for the backup (default: the folder «sikkerhetskopier» beside the "
                                  "database)"))


@command("backup", _("Back up the database (while it is in use)."), _configure_backup)
def cmd_backup(args: argparse.Namespace) -> int:
    from .db import backup
    path = db_path(args)
    if not path.exists():
        raise DatabaseError(_("Cannot find the database file {path}.").format(path=path))
    if args.to and not Path(args.to).is_dir() and Path(args.to).suffix:
        target = backup.backup_to(path, Path(args.to))
    else:
        folder = Path(args.to) if args.to else path.parent / "sikkerhetskopier"  # i18n: data (folder name)
        target = backup.timestamped_backup(path, folder, "manuell")  # i18n: data (file name label)
    print(_("Backup saved: {path}").format(path=target))
    return 0


def _configure_restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("backup_file", help=_("the backup to restore"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))


@command("restore", _("Restore a backup (the current file is kept)."), _configure_restore)
def cmd_restore(args: argparse.Namespace) -> int:
    from .db import backup
    source = Path(args.backup_file)
    if not source.exists():
        raise DatabaseError(_("Cannot find the backup {path}.").format(path=source))
    path = db_path(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise DatabaseError(_("Confirm with --yes to replace the database (no terminal to ask in)."))
        yes = pgettext("typed confirmation", "yes")
        answer = input(_("Replace {path} with {source}? Type «{yes}»: ").format(path=path, source=source, yes=yes))
        if answer.strip().lower() != yes.lower():
            print(_("Cancelled. Nothing has been changed."))
            return 1
    backup.restore_from(source, path)
    print(_("Restored {source} → {path} (previous file: {previous})").format(
        source=source, path=path, previous=f"{path.name}.before-restore"))
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
                   "hemsedal_integrering.services.cli_printing",
                   "hemsedal_integrering.services.cli_importing"):
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
    except ValidationError as exc:
        for field, message in exc.errors.items():
            if field:
                print(_("Error in {field}: {message}").format(field=field, message=message), file=sys.stderr)
            else:
                print(_("Error: {message}").format(message=message), file=sys.stderr)
        return 2
    except (DatabaseError, NotFound, PermissionDenied) as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    # Run through the package module, not this __main__ copy: plugins register their
    # subcommands on hemsedal_integrering.cli.COMMANDS.
    from hemsedal_integrering.cli import main as _package_main
    sys.exit(_package_main())
