"""Logging in: open the database as a user, with slow-down after failures and the writer lock.

Contract
--------
* ``login(db_path, username, password)`` returns a ``Session`` (database,
  acting user, read-only flag) or raises ``LoginFailed`` with a Norwegian
  message. A wrong user name and a wrong password give the same message;
  nothing in the database changes on failure.
* For an encrypted database the password first unwraps the data key from the
  key file (``db.crypto``); the argon2id hash in the ``user`` table must then
  also match and the user must be active.
* Failed attempts are counted per user name (key file for an encrypted
  database, the ``login_failures`` setting for a plain one). From the third
  failure on, the next attempt is refused until ``2 ** (n - 3)`` seconds
  (capped at 5 minutes) have passed since the last failure. Each attempt
  is counted *before* the password is tried, under the key file's lock (or
  in an IMMEDIATE transaction), so parallel guesses cannot share one count;
  a success clears it. A failure time in the future counts as now.
* Every failed attempt costs one argon2 computation whether or not the user
  name exists (a dummy one for unknown names): names cannot be found by timing.
* The first workstation to log in holds the writer lock (``db.lock``); a
  second one gets a read-only session whose ``message`` names the holder,
  and every service write is refused there (``services.base.transaction``).
* ``create_first_admin`` sets up a new (by default encrypted) database, or
  gives a plain database without users its first administrator, and returns
  the recovery key once.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..context import Context
from ..db import crypto, lock, rotation
from ..db.connection import open_database
from ..errors import DatabaseError, DatabaseTooNew, PermissionDenied, ValidationError
from ..i18n import N_, _, ngettext
from ..models import AuditEntry, Setting, User
from .accounts import MIN_PASSWORD_LENGTH, verify_password
from .base import Errors, audit, text
from .setup import ensure_municipalities

if TYPE_CHECKING:
    from .server_login import ServerTarget

MAX_DELAY_SECONDS = 300
FREE_ATTEMPTS = 3
_FAILURE_SETTING = "login_failures"
# not "nothing changed": nothing was asked to change
_GENERIC = N_("Wrong user name or password. Check them and try again.")


class LoginFailed(PermissionDenied):
    """Wrong user name or password, an inactive user, or too many attempts (Norwegian message)."""


class DatabaseDamaged(DatabaseError):
    """The password was right but the file cannot be read: offer the latest good backup.

    ``key`` is the unlocked data key (None for a plain file) so the backup
    can be checked and restored; ``backup`` the newest backup that passes
    the integrity check, or None.
    """

    def __init__(self, message: str, *, key: bytes | None, backup: "rotation.BackupSummary | None") -> None:
        super().__init__(message)
        self.key = key
        self.backup = backup


def backup_dir_for(db_path: Path, configured: str = "") -> Path:
    """The backup folder: the administrator's choice, else ``sikkerhetskopier`` beside the database."""
    return Path(configured) if configured else db_path.parent / "sikkerhetskopier"  # i18n: data (folder name)


def _open_or_damaged(db_path: Path, key: bytes | None):
    db = None
    try:
        db = open_database(db_path, create=False, key=key)
        ok = db.execute_sql("PRAGMA quick_check").fetchone()[0] == "ok"
        reason = _("the integrity check found errors")
    except DatabaseTooNew:
        raise
    except Exception as exc:  # sqlite/sqlcipher "malformed", "not a database", HMAC failures …
        ok, reason = False, str(exc)
    if ok:
        return db
    if db is not None:
        db.close()
    folders = [backup_dir_for(db_path)]
    if key is not None:
        configured = crypto.KeyFile.load(crypto.key_file_path(db_path)).backup_folder
        if configured:
            folders.insert(0, Path(configured))
    found = [b for b in (rotation.latest_good_backup(f, db_path.stem, key) for f in folders) if b is not None]
    good = max(found, key=lambda b: b.taken or dt.datetime.min) if found else None
    if good and good.taken:
        message = _("The database file is damaged ({reason}). The last good backup is from {date} at {time}. "
                    "Nothing has been changed.").format(reason=reason, date=f"{good.taken:%d.%m.%Y}",
                                                        time=f"{good.taken:%H:%M}")
    else:
        message = _("The database file is damaged ({reason}). No good backup was found in the folder beside the "
                    "database. Nothing has been changed.").format(reason=reason)
    raise DatabaseDamaged(message, key=key, backup=good)


@dataclass(frozen=True)
class StartReport:
    """What happened at start: today's automatic backup (or why not)."""

    backup: Path | None
    message: str
    failed: bool = False  # the backup was due and could not be taken


def start_of_day(session: "Session", now: dt.datetime | None = None) -> StartReport:
    """Take the automatic daily backup (at most once a day, rotated) to the configured folder.

    Run by the GUI right after login; a failed backup is reported, never fatal. On a server the backups
    are the server's (the IT partner's routine): nothing is taken here.
    """
    from ..models import Setting as _Setting
    if session.db_path is None:
        return StartReport(None, _("Backups of the server database are taken by the server (the IT partner)."))
    now = now or session.ctx.now()
    row = _Setting.get_or_none(_Setting.key == "backup_folder")
    folder = backup_dir_for(session.db_path, row.value if row else "")
    try:
        made = rotation.daily_backup(session.db_path, folder, now, getattr(session.db, "data_key", None))
    except Exception as exc:  # a missing network share must not stop the day's work
        message = _("The automatic backup failed ({error}). Contact the administrator.").format(error=exc)
        return StartReport(None, message, failed=True)
    return StartReport(made, _("Backup taken: {path}").format(path=made) if made
                       else _("Today's backup already exists."))


def delay_after(failures: int) -> int:
    """Seconds a user must wait after ``failures`` consecutive failed attempts."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


def _wait_left(failures: int, last: dt.datetime | None, now: dt.datetime) -> int:
    if last is None:
        return 0
    last = min(last, now)  # a failure time in the future (clock skew, edited file) counts as now: capped wait
    left = (last + dt.timedelta(seconds=delay_after(failures)) - now).total_seconds()
    return max(0, int(left + 0.999))


def _throttle_message(seconds: int) -> str:
    return ngettext("Too many failed logins. Wait {n} second and try again. Nothing has been changed.",
                    "Too many failed logins. Wait {n} seconds and try again. Nothing has been changed.",
                    seconds).format(n=seconds)


@dataclass
class Session:
    """A logged-in user on an open database. Close it when done (releases the lock).

    ``db_path`` is None in server mode (issue 17); ``server`` then names the server (URL without password)
    and ``target`` is what a new login opens (``services.server_login.ServerTarget``).
    """

    db_path: Path | None
    ctx: Context
    read_only: bool = False
    message: str = ""
    writer_lock: lock.WriterLock | None = None
    holder: lock.LockInfo | None = None
    encrypted: bool = False
    notes: list[str] = field(default_factory=list)
    server: ServerTarget | None = None  # in server mode

    @property
    def target(self) -> object:
        """What to log in to again (Fil → Logg ut): the file, or the server."""
        return self.server if self.server is not None else self.db_path

    @property
    def db(self):
        return self.ctx.db

    @property
    def user(self) -> User:
        return self.ctx.user  # type: ignore[return-value]

    def lock_lost(self, message: str) -> None:
        """The writer lock was lost (``db.lock.WriterLock.check``): this session is read-only from now on."""
        self.read_only = True
        self.message = message

    def close(self) -> None:
        if self.writer_lock is not None:
            self.writer_lock.release()
            self.writer_lock = None
        self.ctx.db.close()


# ----- state of a database file -----

def database_state(db_path: Path) -> str:
    """'missing' | 'encrypted' | 'plain-empty' (no user with a password) | 'plain'."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return "missing"
    if crypto.is_encrypted_file(db_path):
        return "encrypted"
    db = open_database(db_path, create=False)
    try:
        has_users = User.select().where(User.password_hash.is_null(False)).exists()
    finally:
        db.close()
    return "plain" if has_users else "plain-empty"


def needs_first_admin(db_path: Path) -> bool:
    """Whether the program must ask for the first administrator before anyone can log in."""
    return database_state(db_path) in ("missing", "plain-empty")


# ----- failure counters for plain databases -----

def _plain_failures(username: str) -> tuple[int, dt.datetime | None]:
    state = _plain_failure_data().get(username.lower(), {})
    try:
        last = state.get("last")
        return int(state.get("count", 0)), dt.datetime.fromisoformat(last) if last else None
    except (AttributeError, TypeError, ValueError):  # a hand-edited setting must not stop every login
        return 0, None


def _plain_failure_data() -> dict:
    row = Setting.get_or_none(Setting.key == _FAILURE_SETTING)
    try:
        data = json.loads(row.value) if row and row.value else {}
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


def _plain_set_failures(username: str, count: int | None, now: dt.datetime) -> None:
    row, _created = Setting.get_or_create(key=_FAILURE_SETTING, defaults={"value": "{}"})
    data = _plain_failure_data()
    if count is None:
        if username.lower() not in data:
            return
        data.pop(username.lower())
    else:
        data[username.lower()] = {"count": count, "last": now.isoformat()}
    row.value = json.dumps(data)
    row.save()


# ----- opening -----

def _finish(db_path: Path, db, user: User, clock, *, encrypted: bool, read_only_wanted: bool) -> Session:
    """Take the writer lock (or go read-only) and audit the login."""
    ctx = Context(db=db, user=user, clock=clock) if clock else Context(db=db, user=user)
    writer, holder = (None, None)
    if not read_only_wanted:
        writer, holder = lock.acquire(db_path, user=f"{user.full_name} ({user.username})")
    session = Session(db_path=db_path, ctx=ctx, writer_lock=writer, holder=holder, encrypted=encrypted)
    if writer is not None:
        lock.attach(db, writer)  # each write first checks the lock is still ours
        writer.on_lost(session.lock_lost)
    if writer is None:
        session.read_only = True
        session.message = lock.read_only_message(holder) if holder else _("The database is open for reading only.")
        db.read_only_reason = session.message  # services.base.transaction refuses writes
    with db.atomic():
        audit(ctx, "login", "user", user.id, {"read_only": (None, session.read_only)})
    return session


def _dummy_hash() -> str:
    """An argon2 hash of nothing anyone types, made with the current parameters (cached per hasher)."""
    from . import accounts
    cached = _DUMMY_HASHES.get(id(accounts._hasher))
    if cached is None:
        cached = _DUMMY_HASHES[id(accounts._hasher)] = accounts.hash_password("\x00 no user \x00")
    return cached


_DUMMY_HASHES: dict[int, str] = {}


def _login_encrypted(db_path: Path, uname: str, password: str, now: dt.datetime, clock,
                     read_only: bool) -> Session:
    """The key file is read and changed only under its lock; the slow argon2 runs outside it.

    The attempt is counted as a failure *before* the password is tried (so
    parallel guesses cannot share one count) and the count is cleared after a
    success. An unknown name spends the same argon2 time as a known one.
    """
    kf = crypto.key_file_path(db_path)
    with crypto.KeyFile.locked(kf) as keys:
        count, last = keys.failure_state(uname)
        wait = _wait_left(count, last, now)
        if not wait:
            keys.count_failure(uname, now)
        slot = keys.slots.get(crypto.slot_id(uname))
    if wait:
        raise LoginFailed(_throttle_message(wait))
    if slot is None:
        crypto.spend_kdf(password)
        raise LoginFailed(_(_GENERIC))
    candidates = crypto.unwrap_keys(slot, password, uname)
    if not candidates:
        raise LoginFailed(_(_GENERIC))
    data_key = candidates[0]
    if len(candidates) > 1 and not crypto.key_opens(db_path, data_key):
        data_key = candidates[1]  # a re-keying was interrupted before the file got the new key
    try:
        db = _open_or_damaged(db_path, data_key)
    except DatabaseDamaged:
        _clear_key_failures(kf, uname)  # the password was right
        raise
    user = User.get_or_none(User.username == uname)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        db.close()
        raise LoginFailed(_(_GENERIC) if user is None or user.active else
                          _("The user is deactivated. Contact the administrator."))
    _clear_key_failures(kf, uname, upgrade=(password, data_key))
    return _finish(db_path, db, user, clock, encrypted=True, read_only_wanted=read_only)


def _clear_key_failures(key_file: Path, uname: str, upgrade: tuple[str, bytes] | None = None) -> None:
    """Clear the counter; a format-1 slot is rewritten in format 2 now that the password is known."""
    with crypto.KeyFile.locked(key_file) as keys:
        keys.clear_failures(uname)
        if upgrade is not None and keys.is_old_format(uname):
            keys.set_user(uname, *upgrade)


def login(db_path: Path, username: str, password: str, *, clock=None, read_only: bool = False) -> Session:
    """Open ``db_path`` as ``username``; raise ``LoginFailed`` (nothing changed) on failure."""
    db_path = Path(db_path)
    now = (clock or (lambda: dt.datetime.now().replace(microsecond=0)))()
    from .names import normalise_username
    uname = normalise_username(username)  # NFKC: a full-width or composed spelling is the same name
    if not uname or not password:
        raise LoginFailed(_("Enter user name and password."))
    if crypto.is_encrypted_file(db_path):
        return _login_encrypted(db_path, uname, password, now, clock, read_only)
    if not db_path.exists():
        raise LoginFailed(_("Cannot find the database file {path}.").format(path=db_path))
    db = _open_or_damaged(db_path, None)
    try:
        # Count the attempt before checking it, in one IMMEDIATE transaction: parallel guesses each count.
        with db.atomic("IMMEDIATE"):
            count, last = _plain_failures(uname)
            wait = _wait_left(count, last, now)
            if not wait:
                _plain_set_failures(uname, count + 1, now)
        if wait:
            raise LoginFailed(_throttle_message(wait))
        user = User.get_or_none(User.username == uname)
        # An unknown name is checked against a dummy hash: it costs what a known name costs.
        stored = user.password_hash if user is not None and user.password_hash else None
        password_ok = verify_password(stored or _dummy_hash(), password) and stored is not None
        if user is None or not user.active or not password_ok:
            with db.atomic():
                if user is not None:
                    user.failed_logins = count + 1
                    user.save()
                # The attempt is logged under the name that was typed (no acting user exists yet).
                AuditEntry.create(at=now, user=user.id if user else None, username=uname[:40],
                                  action="login_failed", entity="user", entity_id=user.id if user else None)
            raise LoginFailed(_("The user is deactivated. Contact the administrator.")
                              if user is not None and not user.active and password_ok else _(_GENERIC))
        with db.atomic():
            _plain_set_failures(uname, None, now)
            if user.failed_logins:
                user.failed_logins = 0
                user.save()
    except BaseException:
        db.close()
        raise
    return _finish(db_path, db, user, clock, encrypted=False, read_only_wanted=read_only)


def login_with_recovery_key(db_path: Path, recovery_key: str, *, admin_username: str, new_password: str,
                            clock=None) -> Session:
    """All passwords lost: the recovery key unlocks the data; ``admin_username`` gets ``new_password``.

    The administrator must exist and be active in the database.
    """
    db_path = Path(db_path)
    keys = crypto.KeyFile.load(crypto.key_file_path(db_path))
    data_key = keys.unlock_recovery(recovery_key)
    if data_key is None:
        raise LoginFailed(_("The recovery key is wrong. Nothing has been changed."))
    errors = Errors()
    if len(new_password or "") < MIN_PASSWORD_LENGTH:
        errors.add("password", _("The password must have at least {n} characters.").format(n=MIN_PASSWORD_LENGTH))
    errors.raise_if_any()
    db = open_database(db_path, create=False, key=data_key)
    user = User.get_or_none((User.username == admin_username.strip().lower())
                            & (User.active == True))  # noqa: E712 - peewee expression
    if user is not None and not user.has_role("admin"):  # a user may hold several roles ("admin,officer")
        user = None
    if user is None:
        db.close()
        raise LoginFailed(_("No active administrator has that user name. Nothing has been changed."))
    from .accounts import set_password
    system = Context(db=db, clock=clock) if clock else Context(db=db)
    set_password(system, user_id=user.id, password=new_password)
    _clear_key_failures(crypto.key_file_path(db_path), user.username)
    return _finish(db_path, db, User.get_by_id(user.id), clock, encrypted=True, read_only_wanted=False)


def create_first_admin(db_path: Path, *, username: str, full_name: str, password: str,
                       password_again: str | None = None, encrypt: bool = True,
                       clock=None) -> tuple[Session, str | None]:
    """Create the first administrator (and, for a new file, the database itself).

    Returns the logged-in session and the recovery key (None when not
    encrypted). Refused once any user with a password exists.
    """
    db_path = Path(db_path)
    state = database_state(db_path)
    if state not in ("missing", "plain-empty"):
        raise PermissionDenied(_("The database already has an administrator. Log in instead."))
    errors = Errors()
    from .names import check_display_name, check_username
    uname = check_username(errors, "username", text(errors, "username", username, required=True,
                                                    label=_("User name"), max_length=40), [])
    text(errors, "full_name", full_name, required=True, label=_("Name"))
    check_display_name(errors, "full_name", full_name)
    if len(password or "") < MIN_PASSWORD_LENGTH:
        errors.add("password", _("The password must have at least {n} characters.").format(n=MIN_PASSWORD_LENGTH))
    if password_again is not None and password_again != password:
        errors.add("password_again", _("The passwords are not the same."))
    errors.raise_if_any()
    from .accounts import create_user
    recovery: str | None = None
    if state == "missing":
        # A brand-new machine: the data folder does not exist yet, and the key file is written first.
        from ..paths import ensure_private_dir
        ensure_private_dir(db_path.parent)
        key = None
        if encrypt:
            key, recovery = crypto.create_encrypted_key_file(db_path, username=uname, password=password)
        db = open_database(db_path, create=True, key=key)
    else:
        db = open_database(db_path, create=False)
    try:
        system = Context(db=db, clock=clock) if clock else Context(db=db)
        ensure_municipalities(system)
        # Administrator and integration officer: a two-person office must be able to register households.
        create_user(system, username=uname, full_name=full_name, role=["admin", "officer"], password=password)
    except ValidationError:
        db.close()
        raise
    if state == "plain-empty" and encrypt:
        db.close()
        recovery = crypto.convert_to_encrypted(db_path, username=uname, password=password)
    else:
        db.close()
    return login(db_path, uname, password, clock=clock), recovery
