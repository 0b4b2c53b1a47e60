"""The parser and the dispatch: every command group is listed here by import, in ``--help`` order.

Without a command the program (GUI) starts. Every error, whatever its kind, prints a
(translated) message on stderr and exits non-zero (``errors.report_error``): never a traceback.
"""

from __future__ import annotations

import argparse

from .. import __version__
from ..i18n import _
from . import admin, database, importing, maintenance, printing, reports, server
from .common import Command
from .errors import report_error
from .texts import install_argparse_texts

GROUPS = (database.group, reports.group, admin.group, printing.group, maintenance.group, importing.group,
          server.group)


def commands() -> list[Command]:
    """Every subcommand, in the order ``--help`` lists them."""
    return [c for g in GROUPS for c in g.commands]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: global ``--db``/``--version`` and one subparser per command."""
    install_argparse_texts()
    parser = argparse.ArgumentParser(prog="hemsedal-integrering",
                                     description=_("The integration service of Hemsedal and Gol. Without a command "
                                                   "the program starts."))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", help=_("database file (default: in the user's data folder)"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for c in commands():
        p = sub.add_parser(c.name, help=c.help, description=c.help)
        p.add_argument("--db", help=_("database file (default: in the user's data folder)"), default=argparse.SUPPRESS)
        c.configure(p)
        p.set_defaults(func=c.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command (its exit code), or start the GUI when none is given."""
    args = build_parser().parse_args(argv)
    if not getattr(args, "command", None):
        from ..ui.app import main as gui_main
        return gui_main(db=args.db)
    try:
        return int(args.func(args))
    except BaseException as exc:  # every error ends in a Norwegian message, never a traceback
        return report_error(exc)
