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


@group.command("check", _("Check the integrity of the database file and the consistency of its data "
                          "(on a server: the consistency)."))
def cmd_check(args: argparse.Namespace) -> int:
    from ..db.postgres import is_server_url
    if is_server_url(args.db):  # issue 17: the file's integrity is the server's business, the data's rules ours
        return _check_consistency(args)
    from ..db import backup
    report = backup.check_file(db_path(args))
    if report.ok:
        print(_("OK: {path} has no errors.").format(path=db_path(args)))
        from ..db.crypto import is_encrypted_file
        return 0 if is_encrypted_file(db_path(args)) else _check_consistency(args)
    print(_("Errors in the database:"), file=sys.stderr)
    for line in report.problems:
        print(f"  {line}", file=sys.stderr)
    return 3


def _check_consistency(args: argparse.Namespace) -> int:
    """The program's own rules over the data (``services.consistency``); 3 when any is broken."""
    from ..services import consistency
    ctx = open_context(args)
    try:
        findings = consistency.check(ctx)
    finally:
        ctx.db.close()
    for line in consistency.report_lines(findings):
        print(line, file=sys.stderr if findings else sys.stdout)
    return 3 if findings else 0
