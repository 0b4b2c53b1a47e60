"""Users and passwords (argon2id)."""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .. import vocab
from ..context import Context
from ..i18n import _
from ..models import User
from .access import require
from .base import Changes, Errors, apply_fields, audit, choice, get_or_404, text, transaction

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
        else:
            keys.set_user(username, password, data_key)


def _check_password(errors: Errors, password: str | None) -> None:
    if password is None:
        return
    if len(password) < MIN_PASSWORD_LENGTH:
        errors.add("password", _("The password must have at least {n} characters.").format(n=MIN_PASSWORD_LENGTH))


def create_user(ctx: Context, *, username: str, full_name: str, role: str, password: str | None = None,
                title: str = "", phone: str = "", email: str = "") -> Changes:
    """Create a user (administrator only, or the system on first start)."""
    require(ctx, "admin.users")
    errors = Errors()
    from .names import check_display_name, check_username
    uname = text(errors, "username", username, required=True, label=_("User name"), max_length=40)
    uname = check_username(errors, "username", uname, [u.username for u in User.select(User.username)])
    if uname and User.select().where(User.username == uname).exists():
        errors.add("username", _("The user name is already in use."))
    name = text(errors, "full_name", full_name, required=True, label=_("Name"))
    check_display_name(errors, "full_name", full_name)
    code = choice(errors, "role", role, vocab.USER_ROLES, label=_("Role"))
    _check_password(errors, password)
    values = dict(title=text(errors, "title", title, label=_("Job title")),
                  phone=text(errors, "phone", phone, label=_("Phone"), max_length=30),
                  email=text(errors, "email", email, label=_("Email")))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        user = User.create(username=uname, full_name=name, role=code,
                           password_hash=hash_password(password) if password else None, **values)
        audit(ctx, "create", "user", user.id, {"username": (None, uname), "role": (None, code)}, changes)
        _rewrap(ctx, uname, password)
    return changes


def update_user(ctx: Context, *, user_id: int, **values: Any) -> Changes:
    """Edit a user's name, role, contact details or active flag (administrator)."""
    require(ctx, "admin.users")
    user = get_or_404(User, user_id, _("the user"))
    allowed = {"full_name", "role", "title", "phone", "email", "active"}
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"unknown user fields: {sorted(unknown)}")
    errors = Errors()
    clean: dict[str, Any] = {}
    for k, v in values.items():
        if k == "role":
            clean[k] = choice(errors, k, v, vocab.USER_ROLES, label=_("Role"))
        elif k == "active":
            clean[k] = bool(v)
        else:
            clean[k] = text(errors, k, v, required=(k == "full_name"), label=_("The field"))
            if k == "full_name":
                from .names import check_display_name
                check_display_name(errors, k, v)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        diff = apply_fields(user, clean)
        if diff:
            user.save()
            audit(ctx, "update", "user", user.id, diff, changes)
            if diff.get("active", (None, True))[1] is False:
                _rewrap(ctx, user.username, None, remove=True)
    if diff.get("active", (None, True))[1] is False:
        from .rekey import after_deactivation
        after_deactivation(ctx, user.username)  # a new data key: their old key-file copy opens nothing live
    return changes


def set_password(ctx: Context, *, user_id: int, password: str) -> Changes:
    """Set a user's password: the user themself or an administrator."""
    user = get_or_404(User, user_id, _("the user"))
    if getattr(ctx.user, "id", None) != user.id:
        require(ctx, "admin.users")
    errors = Errors()
    _check_password(errors, password)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        user.password_hash = hash_password(password)
        user.failed_logins = 0
        user.save()
        audit(ctx, "update", "user", user.id, {"password_hash": ("***", "***")}, changes)
        _rewrap(ctx, user.username, password)
    return changes
