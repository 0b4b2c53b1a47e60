"""Server mode commands (issue 17): ``transfer`` between a file and a server, ``server-roles``, ``server-upgrade``.

``transfer --from A --to B`` moves the database between a file and a PostgreSQL server.

Either end may be a file or a ``postgresql://`` URL. The target is built at the current schema; a
non-empty target is refused unless ``--replace``. Row counts and a checksum per table are printed
after they were verified equal on both ends (``db.transfer``). A server password is asked for with
``--ask-password`` (never stored, never on the command line) or comes from libpq's own PGPASSFILE.
An encrypted file is opened as the GUI opens it: ``--user`` names an administrator, whose password
(``HEMSEDAL_PASSWORD`` or a prompt) unlocks the data key; the login is audited in the file.
"""

from __future__ import annotations

import argparse
import getpass

from ..i18n import _
from .common import CommandGroup

group = CommandGroup()


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="source", required=True, help=_("the database to copy (file or postgresql://…)"))
    p.add_argument("--to", dest="target", required=True, help=_("where to copy it (file or postgresql://…)"))
    p.add_argument("--replace", action="store_true", help=_("delete what the target holds first"))
    p.add_argument("--ask-password", action="store_true", help=_("ask for the server password"))
    p.add_argument("--user", help=_("an administrator of an encrypted file (password: the environment variable "
                                    "HEMSEDAL_PASSWORD or a prompt)"))


def _open(target: str, *, create: bool, password: str | None, user: str | None = None):
    from pathlib import Path

    from ..db import open_database
    from ..db.crypto import is_encrypted_file
    from ..db.postgres import is_server_url, open_server
    if is_server_url(target):
        return open_server(target, password=password)
    if Path(target).exists() and is_encrypted_file(Path(target)):
        return _open_encrypted(Path(target), user)
    return open_database(target, create=create)


def _open_encrypted(path, user: str | None):
    """An encrypted file: log in as an administrator (read-only: no writer lock needed) as the GUI does."""
    from ..errors import PermissionDenied, ValidationError
    from ..services import auth
    from .common import password as ask_password
    if not user:
        raise ValidationError(_("{name} is encrypted: give --user with an administrator's user name to open "
                                "it.").format(name=path.name))
    session = auth.login(path, user, ask_password(), read_only=True)
    if not session.user.has_role("admin"):
        session.close()
        raise PermissionDenied(_("Only an administrator may move the database. Nothing was copied."))
    return session.db


@group.command("transfer", _("copy the database between a file and a PostgreSQL server, verified per table"),
               _configure)
def cmd_transfer(args: argparse.Namespace) -> int:
    from ..db.transfer import copy_database
    password = getpass.getpass(_("Server password: ")) if args.ask_password else None
    source = _open(args.source, create=False, password=password, user=args.user)
    try:
        target = _open(args.target, create=True, password=password, user=args.user)
        try:
            checks = copy_database(source, target, replace=args.replace)
        finally:
            target.close()
    finally:
        source.close()
    for check in checks.values():
        print(f"{check.table:28} {check.rows:8} {check.checksum[:16]}")
    print(_("Copied and verified: {tables} tables, {rows} rows.").format(
        tables=len(checks), rows=sum(c.rows for c in checks.values())))
    return 0


def _configure_roles(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ask-password", action="store_true", help=_("ask for the server password"))


@group.command("server-roles", _("create the server's group roles and privileges (run as the database owner)"),
               _configure_roles)
def cmd_server_roles(args: argparse.Namespace) -> int:
    from ..db.postgres import apply_roles, is_server_url, open_server
    from ..errors import ValidationError
    if not is_server_url(getattr(args, "db", None)):
        raise ValidationError(_("server-roles needs --db postgresql://…"))
    password = getpass.getpass(_("Server password: ")) if args.ask_password else None
    db = open_server(args.db, password=password)
    try:
        apply_roles(db)
    finally:
        db.close()
    print(_("The group roles integrering_officer, integrering_housing and integrering_admin are ready."))
    return 0


@group.command("server-upgrade", _("upgrade the server database to this program's schema and renew the group "
                                   "roles' privileges (run as the database owner)"), _configure_roles)
def cmd_server_upgrade(args: argparse.Namespace) -> int:
    """What a login that is not the owner is told to ask the IT partner for when the server's schema is older than
    the program (``db.postgres.UpgradeNeedsOwner``): the ladder's steps, then ``postgres_roles.sql`` again so the
    groups get their privileges on what the steps added."""
    from ..db.migrations import SCHEMA_VERSION
    from ..db.postgres import apply_roles, current_version, is_server_url, open_server
    from ..errors import ValidationError
    if not is_server_url(getattr(args, "db", None)):
        raise ValidationError(_("server-upgrade needs --db postgresql://…"))
    password = getpass.getpass(_("Server password: ")) if args.ask_password else None
    db = open_server(args.db, password=password, migrate=False)
    try:
        before = current_version(db)
        from ..db.postgres import upgrade
        upgrade(db)
        apply_roles(db)
    finally:
        db.close()
    print(_("The server database is at schema version {version} (was {before}); the group roles' privileges are "
            "renewed.").format(version=SCHEMA_VERSION, before=before))
    return 0
