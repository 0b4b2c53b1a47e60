"""Commands that replace, copy or convert the whole database file: demo, backup, restore, encrypt.

Rules (issue 11): every one of them
* logs in as an **administrator** (``--user``; password from HEMSEDAL_PASSWORD or a prompt),
* refuses while **another workstation holds the database** (``db.lock``): the
  command holds the writer lock itself from the login until the file is swapped,
* writes an **audit row** (a restored file records «restored from … by … at …» and keeps
  the audit rows written after the backup),
* never turns an encrypted database into a plain one.

``demo --force`` replaces only a demo database (no users other than the demo users);
``encrypt`` offers to encrypt or delete the plain backups it finds, and says what it did.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..errors import DatabaseError, PermissionDenied
from ..i18n import _, ngettext, pgettext
from ..services import auth, maintenance
from .common import CommandGroup, add_login, db_path, open_context
from .common import password as ask_password

group = CommandGroup()

DEMO_USERS = frozenset({"admin", "programradgiver", "bolig"})  # i18n: data (the demo data's user names)


def admin_session(args: argparse.Namespace, permission: str = "admin.backup") -> tuple[auth.Session, str]:
    """Log in as ``--user``; must be an administrator holding the writer lock. Returns (session, password)."""
    from ..services.access import require
    password = ask_password()
    session = auth.login(db_path(args), args.user, password)
    try:
        require(session.ctx, permission)
        if session.read_only:
            holder = session.holder.describe() if session.holder else _("another workstation")
            raise PermissionDenied(_("The database is in use by {holder}. Replacing, copying or converting it now "
                                     "could lose their work: try again when they have closed the program. Nothing "
                                     "has been changed.").format(holder=holder))
    except BaseException:
        session.close()
        raise
    return session, password


def _confirm(args: argparse.Namespace, path: Path) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise PermissionDenied(_("Confirm with --yes (no terminal to ask in)."))
    yes = pgettext("typed confirmation", "yes")
    answer = input(_("Replace {path} with this backup? Type «{answer}»: ").format(path=path, answer=yes))
    return answer.strip().lower() == yes.lower()


# ----- backup -----

def _configure_backup(p: argparse.ArgumentParser) -> None:
    add_login(p)
    p.add_argument("--to", help=_("file or folder for the backup (default: the folder «sikkerhetskopier» beside the "
                                  "database)"))


@group.command("backup", _("Back up the database (while it is in use; administrator)."), _configure_backup)
def cmd_backup(args: argparse.Namespace) -> int:
    from ..db import backup
    path = db_path(args)
    if not path.exists():
        raise DatabaseError(_("Cannot find the database file {path}.").format(path=path))
    session, _pw = admin_session(args)
    try:
        key = getattr(session.db, "data_key", None)
        wanted = Path(args.to) if args.to else None
        if wanted is not None and not wanted.is_dir() and wanted.suffix:
            target = backup.backup_to(path, wanted, key)
        else:
            folder = wanted or auth.backup_dir_for(path, _configured_folder())
            target = backup.timestamped_backup(path, folder, "manuell", key=key)  # i18n: data (file name label)
        maintenance.record_backup(session.ctx, target=target)
    finally:
        session.close()
    print(_("Backup saved: {path}").format(path=target))
    return 0


def _configured_folder() -> str:
    from ..models import Setting
    row = Setting.get_or_none(Setting.key == "backup_folder")
    return row.value if row else ""


# ----- restore -----

def _configure_restore(p: argparse.ArgumentParser) -> None:
    add_login(p)
    p.add_argument("backup_file", help=_("the backup to restore"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))


def _backup_key(source: Path, key: bytes | None, username: str, password: str) -> bytes | None:
    """The key that opens ``source``: the current one, or (taken before a re-keying) its own key file's."""
    from ..db import backup, crypto
    if key is None or not crypto.is_encrypted_file(source) or backup.check_file(source, key, immutable=True).ok:
        return None
    keys_beside = crypto.key_file_path(source)
    if not keys_beside.exists():
        return None
    return crypto.KeyFile.load(keys_beside).unlock(username, password)


def cmd_restore(args: argparse.Namespace) -> int:
    from ..db import backup, crypto, rotation
    path = db_path(args)
    source = Path(args.backup_file)
    if not source.exists():
        raise DatabaseError(_("Cannot find the backup {path}.").format(path=source))
    if source.is_dir():
        raise DatabaseError(_("{path} is a folder, not a backup file. Nothing has been changed.").format(path=source))
    session, password = admin_session(args)
    try:
        key = getattr(session.db, "data_key", None)
        username = session.user.username
        # Keep the writer lock, but close the connection: the file is about to be replaced.
        session.db.close()
        backup_key = _backup_key(source, key, username, password)
        if key is not None and backup_key is None and crypto.is_encrypted_file(source) \
                and not crypto.key_opens(source, key):
            raise DatabaseError(_("The backup {name} was taken before the encryption key was changed. It opens only "
                                  "with a password that was valid then (its own key file {keys}); log in as a user "
                                  "whose password is still the same. Nothing has been changed.").format(
                name=source.name, keys=crypto.key_file_path(source).name))
        summary = rotation.describe(source, backup_key or key)
        print("\n".join(summary.lines()))
        if not summary.ok:
            print(_("The backup is damaged and is not restored. Nothing has been changed."), file=sys.stderr)
            return 3
        if not _confirm(args, path):
            print(_("Cancelled. Nothing has been changed."))
            return 1
        backup.restore_from(source, path, key, restored_by=username, backup_key=backup_key)
    finally:
        session.close()
    print(_("Restored {source} → {path} (previous file: {previous})").format(
        source=source, path=path, previous=f"{path.name}.before-restore"))
    return 0


group.command("restore", _("Restore a backup after showing its contents (administrator; the current file is kept)."),
        _configure_restore)(cmd_restore)
group.command("restore-backup", _("Restore an (encrypted) backup after showing its contents (administrator)."),
        _configure_restore)(cmd_restore)


# ----- demo -----

def _configure_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help=_("replace an existing demo database (needs --user)"))
    p.add_argument("--user", help=_("an administrator of the existing demo database (with --force)"))


def _refuse_unless_demo(path: Path) -> None:
    """Only a plain database whose users are all demo users (or that is empty) may be replaced."""
    from ..db import crypto, open_database
    from ..models import Household, User
    if crypto.is_encrypted_file(path):
        raise PermissionDenied(_("{path} is encrypted: it is a real database, not demo data. demo --force only "
                                 "replaces a demo database. Nothing has been changed.").format(path=path))
    db = open_database(path, create=False, migrate=False)
    try:
        users = {u.username for u in User.select(User.username)}
        households = Household.select().count() if not users else 0
    finally:
        db.close()
    real = sorted(users - DEMO_USERS)
    if real:
        raise PermissionDenied(_("{path} has real users ({users}): it is not a demo database. demo --force only "
                                 "replaces a demo database. Nothing has been changed.").format(
            path=path, users=", ".join(real[:5])))
    if not users and households:
        raise PermissionDenied(_("{path} holds data but no users, so nobody can confirm replacing it. Nothing has "
                                 "been changed.").format(path=path))


@group.command("demo", _("Create a database with demo data (178 settled 2010–2024 and more)."), _configure_demo)
def cmd_demo(args: argparse.Namespace) -> int:
    from ..db import backup
    from ..demo import fill_demo_data
    path = db_path(args)
    if path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a database file.").format(path=path))
    replaced_by, kept = None, None
    if path.exists():
        if not args.force:
            raise DatabaseError(_("{path} already exists. Use --force to replace it with demo data.").format(path=path))
        if path.stat().st_size:
            _refuse_unless_demo(path)
            from ..models import User
            from ..db import open_database
            db = open_database(path, create=False, migrate=False)
            has_users = User.select().exists()
            db.close()
            if has_users:
                if not args.user:
                    raise PermissionDenied(_("Log in with --user (an administrator of the demo database) to "
                                             "replace it. Nothing has been changed."))
                session, _pw = admin_session(args, "admin.users")
                replaced_by = session.user.username
                session.db.close()
                try:  # a copy first, then the file goes (below)
                    kept = backup.timestamped_backup(path, auth.backup_dir_for(path), "for-demo")  # i18n: data
                finally:
                    session.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    ctx = open_context(args, create=True)
    try:
        summary = fill_demo_data(ctx, progress=lambda msg: print(f"  {msg} …", file=sys.stderr))
        if replaced_by:
            from ..models import User
            from ..services.base import audit
            actor = ctx.as_user(User.get_or_none(User.username == replaced_by))
            with ctx.db.atomic():
                audit(actor, "replace_demo", "database", None,
                      {"replaced_by": (None, replaced_by), "previous_kept_as": (None, str(kept))})
    finally:
        ctx.db.close()
    seconds = time.perf_counter() - started
    size_kb = path.stat().st_size / 1024
    print(_("Demo data in {path}: {households} households, {persons} persons, {units} housing units, "
            "{leases} leases, {placements} work placements ({seconds} s, {size} kB).").format(
        path=path, households=summary.households, persons=summary.persons, units=summary.units,
        leases=summary.leases, placements=summary.placements, seconds=f"{seconds:.1f}", size=f"{size_kb:.0f}"))
    if kept:
        print(_("The previous demo database is kept as {path}.").format(path=kept))
    if summary.users:
        print(_("Demo users: {users} (password: {password})").format(
            users=", ".join(summary.users), password="demo-passord"))  # i18n: data (the demo password)
    return 0


# ----- encrypt -----

def _configure_encrypt(p: argparse.ArgumentParser) -> None:
    add_login(p)
    p.add_argument("--plain-backups", choices=maintenance.PLAIN_COPY_CHOICES,
                   help=_("what to do with unencrypted backups found: encrypt (default without a terminal), "
                          "delete or keep"))


def _ask_plain_backups(args: argparse.Namespace, plain: list[Path]) -> str:
    if args.plain_backups:
        return args.plain_backups
    if not sys.stdin.isatty():
        return "encrypt"
    words = {pgettext("plain backups answer", "encrypt"): "encrypt", pgettext("plain backups answer", "delete"):
             "delete", pgettext("plain backups answer", "keep"): "keep"}
    answer = input(_("Encrypt, delete or keep them? Type {choices}: ").format(choices=" / ".join(words))).strip()
    return words.get(answer.lower(), "encrypt")


@group.command("encrypt", _("Encrypt an unencrypted database (administrator). Shows the recovery key once."),
               _configure_encrypt)
def cmd_encrypt(args: argparse.Namespace) -> int:
    from ..db import crypto
    from ..models import User
    path = db_path(args)
    session, password = admin_session(args, "admin.users")
    try:
        if crypto.is_encrypted_file(path):
            raise DatabaseError(_("{name} is already encrypted. Nothing has been changed.").format(name=path.name))
        active_others = (User.active == True) & (User.username != session.user.username)  # noqa: E712
        others = [u.username for u in User.select().where(active_others)]
        folder = auth.backup_dir_for(path, _configured_folder())
        maintenance.record_encryption(session.ctx)  # into the plain file, so the encrypted one carries it
        username = session.user.username
        # Close the connection but keep the writer lock while the file is swapped,
        # so no other workstation opens the half-converted database.
        session.db.close()
        recovery = crypto.convert_to_encrypted(path, username=username, password=password)
    finally:
        session.close()
    print(_("The database {path} is now encrypted. Key file: {key_file}").format(
        path=path, key_file=crypto.key_file_path(path)))
    print(_("RECOVERY KEY (print it and lock it away, shown only now):"))
    print(f"    {recovery}")
    if others:
        print(_("These users must get a new password from the administrator before they can log in: {users}")
              .format(users=", ".join(others)))
    plain = maintenance.plain_copies(path, folder)
    if plain:
        print(ngettext("{n} earlier backup is NOT encrypted: anyone who gets it can read everything in it:",
                       "{n} earlier backups are NOT encrypted: anyone who gets them can read everything in them:",
                       len(plain)).format(n=len(plain)))
        for p in plain:
            print(f"    {p}")
        choice = _ask_plain_backups(args, plain)
        key = crypto.KeyFile.load(crypto.key_file_path(path)).unlock(username, password)
        if key is None:  # the key file was just written for this user: only a changed file gets here
            raise DatabaseError(_("The new key file does not open with your password, so the unencrypted backups "
                                  "are left as they were. The database itself is encrypted."))
        maintenance.secure_plain_copies(plain, choice, path, key)
        print({"encrypt": _("They are now encrypted with the database's key (key file copied beside each)."),
               "delete": _("They have been deleted."),
               "keep": _("They have been kept UNENCRYPTED. Delete them or store them locked away.")}[choice])
    return 0


# ----- a new encryption key -----

@group.command("rekey", _("Give the encrypted database a new encryption key (administrator): old copies of the key "
                          "file no longer open it; old backups keep their old keys."), add_login)
def cmd_rekey(args: argparse.Namespace) -> int:
    from ..services.rekey import change_encryption_key
    session, _pw = admin_session(args, "admin.users")
    try:
        result = change_encryption_key(session.ctx)
    finally:
        session.close()
    print(_("The database now has a new encryption key."))
    print(_("Old backups keep their old key: they still open with the passwords that were valid when they "
            "were taken."))
    if result.users_needing_password:
        print(_("These users must get a new password from the administrator before they can log in: {users}")
              .format(users=", ".join(result.users_needing_password)))
    if result.new_recovery_key:
        print(_("RECOVERY KEY (print it and lock it away, shown only now):"))
        print(f"    {result.new_recovery_key}")
    return 0
