"""``init`` and ``check``: create an empty database, check a database file (no login)."""

from __future__ import annotations

import argparse
import sys

from ..i18n import _
from .common import CommandGroup, db_path, open_context

group = CommandGroup()


@group.command("init", _("Create an empty database (with Hemsedal and Gol)."))
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


@group.command("check", _("Check the integrity of the database file."))
def cmd_check(args: argparse.Namespace) -> int:
    from ..db import backup
    report = backup.check_file(db_path(args))
    if report.ok:
        print(_("OK: {path} has no errors.").format(path=db_path(args)))
        return 0
    print(_("Errors in the database:"), file=sys.stderr)
    for line in report.problems:
        print(f"  {line}", file=sys.stderr)
    return 3
