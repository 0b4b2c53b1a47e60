"""The server's login roles follow the program's users (issue 17, server mode only).

Each program user logs in to PostgreSQL as a login role of the same name, a member of the group role of
each of their program roles (``GROUPS``; ``db/postgres_roles.sql`` makes the groups). When the connected
administrator's own login role may create roles (CREATEROLE or superuser), ``apply`` — called by
``services.accounts`` inside the same transaction as the user change — creates the login role, sets its
password (sent already hashed: SCRAM-SHA-256 computed by libpq on this machine, so the password is in no
server log), grants the right groups and revokes the others, and turns LOGIN off for a deactivated user.
Otherwise nothing happens on the server and ``missing_sql`` gives the exact statements the IT partner
runs (the user administration shows them); a password there is a placeholder, never the real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..context import Context

GROUPS = {"officer": "integrering_officer", "housing": "integrering_housing", "admin": "integrering_admin"}
PASSWORD_PLACEHOLDER = "…"


def is_server(ctx: Context) -> bool:
    return getattr(ctx.db, "server_url", None) is not None


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def can_manage(ctx: Context) -> bool:
    """Whether the connected login role may create roles and grant the groups (CREATEROLE or superuser)."""
    if not is_server(ctx):
        return False
    row = ctx.db.execute_sql("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    return bool(row and row[0])


@dataclass(frozen=True)
class RoleState:
    exists: bool
    login: bool
    groups: frozenset[str]


def role_state(ctx: Context, username: str) -> RoleState:
    row = ctx.db.execute_sql("SELECT oid, rolcanlogin FROM pg_roles WHERE rolname = %s", (username,)).fetchone()
    if row is None:
        return RoleState(False, False, frozenset())
    groups = ctx.db.execute_sql(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = %s",
        (row[0],)).fetchall()
    return RoleState(True, bool(row[1]), frozenset(g[0] for g in groups if g[0] in GROUPS.values()))


def _hashed(ctx: Context, username: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password``, computed here by libpq (the server never sees the password)."""
    conn: Any = ctx.db.connection()
    return conn.pgconn.encrypt_password(password.encode("utf-8"), username.encode("utf-8"),
                                        b"scram-sha-256").decode("ascii")


def statements(ctx: Context, *, username: str, roles: list[str], active: bool,
               password: str | None = None) -> list[str]:
    """What the server needs so ``username``'s login role matches the program (empty: already does).

    ``password`` (a new or changed password) is written as its SCRAM verifier; without it a role that does
    not exist yet gets ``PASSWORD '…'`` for the IT partner to fill in.
    """
    state = role_state(ctx, username)
    want = {GROUPS[r] for r in roles if r in GROUPS}
    role = _ident(username)
    out: list[str] = []
    secret = _literal(_hashed(ctx, username, password)) if password else _literal(PASSWORD_PLACEHOLDER)
    if not state.exists:
        login = "LOGIN" if active else "NOLOGIN"
        groups = f" IN ROLE {', '.join(sorted(want))}" if want else ""
        out.append(f"CREATE ROLE {role} {login} PASSWORD {secret}{groups};")
        return out
    if password:
        out.append(f"ALTER ROLE {role} PASSWORD {secret};")
    if state.login != active:
        out.append(f"ALTER ROLE {role} {'LOGIN' if active else 'NOLOGIN'};")
    for group in sorted(want - state.groups):
        out.append(f"GRANT {group} TO {role};")
    for group in sorted(state.groups - want):
        out.append(f"REVOKE {group} FROM {role};")
    return out


def apply(ctx: Context, *, username: str, roles: list[str], active: bool, password: str | None = None) -> bool:
    """Bring the login role in step inside the caller's transaction; False when this login may not (then
    ``missing_sql`` says what to run). Does nothing on SQLite."""
    if not is_server(ctx):
        return False
    if not can_manage(ctx):
        own = username == ctx.db.execute_sql("SELECT session_user").fetchone()[0]
        if own and password:  # every login role may change its own password
            ctx.db.execute_sql(f"ALTER ROLE {_ident(username)} PASSWORD {_literal(_hashed(ctx, username, password))}")
            return True
        return False
    for attempt in (1, 2):
        try:
            with ctx.db.atomic():  # a savepoint: a role created meanwhile by another session is brought in step
                for sql in statements(ctx, username=username, roles=roles, active=active, password=password):
                    ctx.db.execute_sql(sql.rstrip(";"))
            return True
        except Exception as exc:
            if attempt == 2 or not _created_meanwhile(exc):
                raise
    return True


def _created_meanwhile(exc: BaseException) -> bool:
    """A CREATE ROLE that lost the race to another session's (roles belong to the whole server): 42710
    duplicate_object, or 23505 on pg_authid while the other transaction was still open."""
    seen: BaseException | None = exc
    while seen is not None:
        state = getattr(seen, "sqlstate", None)
        if state == "42710" or (state == "23505" and "pg_authid" in str(seen)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def password_opens(ctx: Context, password: str) -> bool:
    """Whether ``password`` is the connected login role's password on the server: a fresh connection as that
    role, closed at once (on a server the program keeps no password hash to check against). A server that
    cannot be reached raises ``ServerUnavailable``, as a login does."""
    import psycopg

    from ..db.postgres import LoginRefused, connect_failure, connection_params
    url = ctx.db.server_url  # type: ignore[attr-defined]  # without the password (db.postgres.redacted)
    role = str(ctx.db.execute_sql("SELECT session_user").fetchone()[0])
    try:
        psycopg.connect(**connection_params(url, user=role, password=password)).close()
    except psycopg.Error as exc:
        failure = connect_failure(url, exc)
        if isinstance(failure, LoginRefused):
            return False
        raise failure from exc
    return True


def missing_sql(ctx: Context, user: Any) -> list[str]:
    """The statements the IT partner must run for ``user`` (a ``models.User``); empty when in step or on SQLite."""
    if not is_server(ctx):
        return []
    return statements(ctx, username=user.username, roles=list(user.roles), active=bool(user.active))


def missing_sql_for(ctx: Context, user_id: int) -> list[str]:
    """``missing_sql`` for the user with ``user_id`` (administrator)."""
    from ..models import User
    from .access import require
    require(ctx, "admin.users")
    user = User.get_or_none(User.id == user_id)
    return missing_sql(ctx, user) if user is not None else []


def password_sql(ctx: Context, user_id: int) -> list[str]:
    """The statement the IT partner runs to set a user's new password (placeholder, never the password), or
    nothing when this login set it on the server itself (or on SQLite)."""
    from ..models import User
    if not is_server(ctx) or can_manage(ctx):
        return []
    user = User.get_or_none(User.id == user_id)
    own = user is not None and user.username == ctx.db.execute_sql("SELECT session_user").fetchone()[0]
    if user is None or own:
        return []
    return [f"ALTER ROLE {_ident(user.username)} PASSWORD {_literal(PASSWORD_PLACEHOLDER)};"]


def server_mode(ctx: Context) -> bool:
    """Whether the program works on a database server (the dialogs say what that changes)."""
    return is_server(ctx)
