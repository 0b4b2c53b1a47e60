"""Users, their roles and passwords (argon2id).

Contract
--------
* A user holds one or more roles (``vocab.USER_ROLES``); they are stored in
  ``User.role`` joined by ``models.accounts.ROLE_SEPARATOR`` in a fixed order,
  and ``services.access`` grants the union of their permissions.
* At least one active administrator always remains (role removal and
  deactivation of the last one are refused).
* A password chosen by an administrator for someone else must be replaced
  by its owner at the next login (``must_change_password``); a password the
  user chooses (``change_own_password``) clears that flag. Either way the
  user's key slot is rewritten when the database is encrypted.
* ``remember_area`` keeps the user's last side-bar area (a preference: not
  audited, skipped on a read-only session).
"""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .. import vocab
from ..context import Context
from ..i18n import N_, _
from ..errors import PermissionDenied
from ..models import User
from ..models.accounts import ROLE_SEPARATOR
from .access import require
from .base import Changes, Errors, audit, get_or_404, text, transaction
from .entity import Entity, FieldRule, Scope, flag_field, text_field, update_entity

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _rewrap(ctx: Context, username: str, password: str | None, *, remove: bool = False) -> None:
    """Keep the key file of an encrypted database in step (inside the caller's transaction).

    A new password gets a new wrapped copy of the data key; a deactivated
    user loses theirs (and ``update_user`` then re-keys, ``services.rekey``). A failure
    here raises and so rolls the user change back.
    """
    data_key = getattr(ctx.db, "data_key", None)
    key_file = getattr(ctx.db, "key_file", None)
    if data_key is None or key_file is None:
        return
    if not remove and not password:
        return
    from ..db.crypto import KeyFile
    with KeyFile.locked(key_file) as keys:  # read-modify-write under the key file's OS lock
        if remove:
            keys.remove_user(username)
        elif password:  # (checked above: a new password is given)
            keys.set_user(username, password, data_key)


def _user_row(ctx: Context, user_id: int) -> User:
    """The user to change; on a server only the columns every group may read (``queries.contact``: so every
    login can change its own password), on a file the whole row."""
    from ..queries.contact import USER_COLUMNS
    from . import server_roles
    if server_roles.is_server(ctx):
        try:
            row = User.select(*USER_COLUMNS).where(User.id == int(user_id)).first()
        except (TypeError, ValueError, OverflowError):
            row = None
        if row is not None:
            return row
    return get_or_404(User, user_id, _("the user"))


def _check_password(errors: Errors, password: str | None) -> None:
    if password is None:
        return
    if len(password) < MIN_PASSWORD_LENGTH:
        errors.add("password", _("The password must have at least {n} characters.").format(n=MIN_PASSWORD_LENGTH))
    elif "\x00" in password:  # a server (libpq) would cut the password at it: refused on both backends
        errors.add("password", _("The password contains a character that cannot be used (NUL)."))


def parse_roles(errors: Errors, value: str | list[str] | tuple[str, ...] | set[str] | None) -> str:
    """The stored form of one or several role codes ("admin,officer"); an error on ``role`` if none or unknown."""
    if isinstance(value, str):
        codes = [c.strip() for c in value.split(ROLE_SEPARATOR)]
    else:
        codes = [str(c).strip() for c in (value or ())]
    codes = [c for c in codes if c]
    unknown = [c for c in codes if c not in vocab.USER_ROLES]
    if unknown:
        errors.add("role", _("Unknown role: {codes}.").format(codes=", ".join(unknown)))
        return ""
    if not codes:
        errors.add("role", _("Choose at least one role."))
        return ""
    return ROLE_SEPARATOR.join(code for code in vocab.USER_ROLES if code in codes)


def _active_admins_besides(user_id: int) -> int:
    return sum(1 for u in User.select().where((User.active == True) & (User.id != user_id))  # noqa: E712
               if u.has_role("admin"))


def _display_name(errors: Errors, field_name: str, value: str, scope: Scope) -> None:
    from .names import check_display_name
    check_display_name(errors, field_name, value)


def _roles(errors: Errors, field_name: str, value: Any, *, required: bool = True, label: str = "") -> str:
    return parse_roles(errors, value)


#: The fields of a user an administrator edits (the user name, password and key slot have their own rules).
USER = Entity(User, N_("the user"), "admin.users", (
    text_field("full_name", N_("Name"), required=True, check=_display_name),
    FieldRule("role", N_("Role"), _roles),
    text_field("title", N_("Job title")),
    text_field("phone", N_("Phone"), max_length=30),
    text_field("email", N_("Email")),
    flag_field("active", N_("Active")),
))


def check_new_user(errors: Errors, *, username: str, full_name: str, role: str | list[str],
                   password: str | None = None, title: str = "", phone: str = "", email: str = "",
                   must_change_password: bool | None = None) -> dict[str, Any]:
    """Checked values for a new user (errors go to ``errors``; nothing is written). Also used by the setup wizard."""
    from .names import check_username
    uname = text(errors, "username", username, required=True, label=_("User name"), max_length=40)
    uname = check_username(errors, "username", uname, [u.username for u in User.select(User.username)])
    if uname and "\x00" not in uname and User.select().where(User.username == uname).exists():
        errors.add("username", _("The user name is already in use."))
    values = USER.validate(errors, dict(full_name=full_name, role=role, title=title, phone=phone, email=email),
                           Scope(None), only_given=True)
    _check_password(errors, password)
    return dict(username=uname, **values)


def create_user(ctx: Context, *, username: str, full_name: str, role: str | list[str], password: str | None = None,
                title: str = "", phone: str = "", email: str = "",
                must_change_password: bool | None = None) -> Changes:
    """Create a user with one or more roles (administrator only, or the system on first start).

    ``must_change_password`` defaults to True when an administrator sets the
    first password (the system's own users – first administrator, demo – choose theirs).
    """
    require(ctx, "admin.users")
    errors = Errors()
    values = check_new_user(errors, username=username, full_name=full_name, role=role, password=password,
                            title=title, phone=phone, email=email)
    errors.raise_if_any()
    if must_change_password is None:
        must_change_password = bool(password) and ctx.user is not None
    uname, code = values["username"], values["role"]
    changes = Changes()
    from . import server_roles
    server = server_roles.is_server(ctx)  # the server checks the password of its login role: no hash kept here
    with transaction(ctx):
        # A password the administrator chose is replaced at the first login on a server too (the login dialog
        # asks; the server checks the current one and ALTER ROLE sets the new one).
        user = User.create(password_hash=hash_password(password) if password and not server else None,
                           must_change_password=bool(must_change_password), **values)
        audit(ctx, "create", "user", user.id, {"username": (None, uname), "role": (None, code)}, changes)
        _rewrap(ctx, uname, password)
        server_roles.apply(ctx, username=uname, roles=list(user.roles), active=True, password=password)
    return changes


def update_user(ctx: Context, *, user_id: int, **values: Any) -> Changes:
    """Edit a user's name, roles, contact details or active flag (administrator).

    ``role`` takes one code, several joined by commas, or a list of codes. At least one active
    administrator remains; a deactivated user loses their key slot and the data key is replaced.
    """
    def last_admin(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
        user = scope.row
        loses_admin = ("role" in clean and clean["role"] and "admin" not in clean["role"].split(ROLE_SEPARATOR)) \
            or clean.get("active") is False
        if loses_admin and user.has_role("admin") and user.active and not _active_admins_besides(user.id):
            errors.add("role" if "role" in clean else "active",
                       _("At least one active administrator must remain. Make someone else administrator first."))

    deactivated: list[str] = []

    def after(user: User, diff: dict[str, Any], changes: Changes) -> None:
        if diff.get("active", (None, True))[1] is False:
            _rewrap(ctx, user.username, None, remove=True)
            deactivated.append(user.username)
        if "role" in diff or "active" in diff:  # server mode: the login role's groups and LOGIN follow
            from . import server_roles
            server_roles.apply(ctx, username=user.username, roles=list(user.roles), active=bool(user.active))
    changes = update_entity(ctx, USER, user_id, values, check=last_admin, after=after)
    if deactivated:
        from .rekey import after_deactivation
        after_deactivation(ctx, deactivated[0])  # a new data key: their old key-file copy opens nothing live
    return changes


def set_password(ctx: Context, *, user_id: int, password: str, must_change: bool | None = None) -> Changes:
    """Set a user's password: the user themself or an administrator.

    A password set by someone else must be changed at the owner's next login
    (``must_change`` overrides that; the recovery-key reset passes False).
    """
    user = _user_row(ctx, user_id)
    own = getattr(ctx.user, "id", None) == user.id
    if not own:
        require(ctx, "admin.users")
    errors = Errors()
    _check_password(errors, password)
    errors.raise_if_any()
    if must_change is None:
        must_change = not own and ctx.user is not None
    changes = Changes()
    from . import server_roles
    server = server_roles.is_server(ctx)
    with transaction(ctx):
        user.password_hash = None if server else hash_password(password)  # server: the login role's password
        user.failed_logins = 0
        user.must_change_password = bool(must_change)
        # Only these columns: on a server a login that is not an administrator may change just these of its own
        # row (db/postgres_roles.sql).
        user.save(only=[User.password_hash, User.failed_logins, User.must_change_password])
        audit(ctx, "update", "user", user.id, {"password_hash": ("***", "***"),
                                               "must_change_password": (None, bool(must_change))}, changes)
        _rewrap(ctx, user.username, password)
        server_roles.apply(ctx, username=user.username, roles=list(user.roles), active=bool(user.active),
                           password=password)
    return changes


def change_own_password(ctx: Context, *, current_password: str, new_password: str,
                        new_password_again: str | None = None) -> Changes:
    """The logged-in user replaces their own password (also the one an administrator gave them).

    Field errors: ``current_password`` (wrong), ``password`` (too short or
    unchanged), ``password_again`` (not the same). Clears
    ``must_change_password`` and rewrites the user's key slot of an encrypted database.
    """
    if ctx.user is None:
        raise PermissionDenied(_("Log in first."))
    user = _user_row(ctx, ctx.user.id)
    errors = Errors()
    from . import server_roles
    if server_roles.is_server(ctx):  # the login role's password, checked by the server itself (issue 17)
        current_ok = bool(current_password) and server_roles.password_opens(ctx, current_password)
    else:
        current_ok = verify_password(user.password_hash, current_password or "")
    if not current_ok:
        errors.add("current_password", _("The current password is wrong."))
    _check_password(errors, new_password or "")
    if new_password and (new_password == current_password or verify_password(user.password_hash, new_password)):
        errors.add("password", _("Choose a password different from the one you have now."))
    if new_password_again is not None and new_password_again != new_password:
        errors.add("password_again", _("The passwords are not the same."))
    errors.raise_if_any()
    changes = set_password(ctx, user_id=user.id, password=new_password, must_change=False)
    fresh = _user_row(ctx, user.id)
    for name in ("password_hash", "must_change_password", "failed_logins", "row_version"):  # the session's user
        setattr(ctx.user, name, getattr(fresh, name))
    return changes


def remember_area(ctx: Context, *, area: str) -> Changes:
    """Remember ``area`` (a side-bar key) as the acting user's last area.

    A window preference kept per person so it follows them to another
    workstation; not audited (it says nothing about anyone's data), and
    quietly skipped when the database is open read-only.
    """
    changes = Changes()
    if ctx.user is None or getattr(ctx.db, "read_only_reason", None):
        return changes
    area = (area or "")[:60]
    if getattr(ctx.user, "last_area", None) == area:
        return changes
    with transaction(ctx):
        User.update(last_area=area).where(User.id == ctx.user.id).execute()
    ctx.user.last_area = area
    return changes
