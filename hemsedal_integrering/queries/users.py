"""The users as the administration dialog shows them (no password hash leaves here). No Qt here."""

from __future__ import annotations

from dataclasses import dataclass

from ..context import Context
from ..models import User


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    roles: tuple[str, ...]
    active: bool
    must_change_password: bool
    title: str
    email: str
    phone: str

    def has_role(self, code: str) -> bool:
        return code in self.roles


_COLUMNS = (User.id, User.username, User.full_name, User.role, User.active, User.must_change_password, User.title,
            User.email, User.phone)  # the columns a housing login may read too (db/postgres_roles.sql)


def _row(u: User) -> UserRow:
    return UserRow(id=u.id, username=u.username, full_name=u.full_name, roles=u.roles, active=bool(u.active),
                   must_change_password=bool(u.must_change_password), title=u.title or "", email=u.email or "",
                   phone=u.phone or "")


def list_users(ctx: Context) -> list[UserRow]:
    """Active users first, then by user name."""
    return [_row(u) for u in User.select(*_COLUMNS).order_by(User.active.desc(), User.username)]


def get_user(ctx: Context, user_id: int | None) -> UserRow | None:
    if user_id is None:
        return None
    u = User.select(*_COLUMNS).where(User.id == user_id).first()
    return _row(u) if u is not None else None
