"""Command line: administration and batch work over the same services as the GUI.

    hemsedal-integrering                 start the program (GUI)
    hemsedal-integrering init   [--db F]  create an empty database
    hemsedal-integrering demo   [--db F]  create a database filled with demo data
    hemsedal-integrering backup [--db F] [--to FILE]
    hemsedal-integrering restore BACKUP [--db F] [--yes]
    hemsedal-integrering check  [--db F]

Errors print a Norwegian message on stderr and exit non-zero.
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


@command("init", "Opprett en tom database (med Hemsedal og Gol).")
def cmd_init(args: argparse.Namespace) -> int:
    path = db_path(args)
    existed = path.exists()
    ctx = open_context(args, create=True)
    ctx.db.close()
    print(f"{'Databasen finnes allerede og er oppdatert' if existed else 'Opprettet database'}: {path}")
    return 0


def _configure_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help="slett en eksisterende fil først")


@command("demo", "Opprett en database med demodata (178 bosatte 2010–2024 m.m.).", _configure_demo)
def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import fill_demo_data
    path = db_path(args)
    if path.exists():
        if not args.force:
            raise DatabaseError(f"{path} finnes allerede. Bruk --force for å erstatte den med demodata.")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    ctx = open_context(args, create=True)
    summary = fill_demo_data(ctx, progress=lambda msg: print(f"  {msg} …", file=sys.stderr))
    ctx.db.close()
    seconds = time.perf_counter() - started
    size_kb = path.stat().st_size / 1024
    print(f"Demodata i {path}: {summary.households} husstander, {summary.persons} personer, {summary.units} boliger, "
          f"{summary.leases} leieavtaler, {summary.placements} praksisplasser ({seconds:.1f} s, {size_kb:.0f} kB).")
    if summary.users:
        print(f"Demobrukere: {', '.join(summary.users)} (passord: demo-passord)")
    return 0


def _configure_backup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", help="fil eller mappe for sikkerhetskopien (standard: mappen «sikkerhetskopier» ved databasen)")


@command("backup", "Ta sikkerhetskopi av databasen (mens den er i bruk).", _configure_backup)
def cmd_backup(args: argparse.Namespace) -> int:
    from .db import backup
    path = db_path(args)
    if not path.exists():
        raise DatabaseError(f"Finner ikke databasefilen {path}.")
    if args.to and not Path(args.to).is_dir() and Path(args.to).suffix:
        target = backup.backup_to(path, Path(args.to))
    else:
        folder = Path(args.to) if args.to else path.parent / "sikkerhetskopier"
        target = backup.timestamped_backup(path, folder, "manuell")
    print(f"Sikkerhetskopi lagret: {target}")
    return 0


def _configure_restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("backup_file", help="sikkerhetskopien som skal legges tilbake")
    p.add_argument("--yes", action="store_true", help="ikke spør om bekreftelse")


@command("restore", "Legg tilbake en sikkerhetskopi (nåværende fil tas vare på).", _configure_restore)
def cmd_restore(args: argparse.Namespace) -> int:
    from .db import backup
    source = Path(args.backup_file)
    if not source.exists():
        raise DatabaseError(f"Finner ikke sikkerhetskopien {source}.")
    path = db_path(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise DatabaseError("Bekreft med --yes for å erstatte databasen (ingen terminal å spørre i).")
        answer = input(f"Erstatte {path} med {source}? Skriv «ja»: ")
        if answer.strip().lower() != "ja":
            print("Avbrutt. Ingenting er endret.")
            return 1
    backup.restore_from(source, path)
    print(f"Lagt tilbake {source} → {path} (forrige fil: {path.name}.before-restore)")
    return 0


@command("check", "Kontroller databasefilens integritet.")
def cmd_check(args: argparse.Namespace) -> int:
    from .db import backup
    report = backup.check_file(db_path(args))
    if report.ok:
        print(f"OK: {db_path(args)} er uten feil.")
        return 0
    print("Feil i databasen:", file=sys.stderr)
    for line in report.problems:
        print(f"  {line}", file=sys.stderr)
    return 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hemsedal-integrering",
                                     description="Integreringstjenesten i Hemsedal og Gol. Uten kommando startes "
                                                 "programmet.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", help="databasefil (standard: i brukerens datamappe)")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for name, (fn, configure, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", help="databasefil (standard: i brukerens datamappe)", default=argparse.SUPPRESS)
        configure(p)
        p.set_defaults(func=fn)
    return parser


def _load_plugins() -> None:
    """Import modules that register further subcommands (reports, users …) if present."""
    import importlib
    for module in ("hemsedal_integrering.reports.cli", "hemsedal_integrering.services.cli_admin",
                   "hemsedal_integrering.services.cli_printing"):
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
            print(f"Feil{f' i {field}' if field else ''}: {message}", file=sys.stderr)
        return 2
    except (DatabaseError, NotFound, PermissionDenied) as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    # Run through the package module, not this __main__ copy: plugins register their
    # subcommands on hemsedal_integrering.cli.COMMANDS.
    from hemsedal_integrering.cli import main as _package_main
    sys.exit(_package_main())
