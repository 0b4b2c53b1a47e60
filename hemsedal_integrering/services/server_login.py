"""Logging in to a database server (issue 17): the user's own PostgreSQL login role, same session as a file.

Contract
--------
* ``login_server(target, username, password)`` connects as the login role ``username`` (the program's
  user name, lower case) with ``password``; the server checks the password (the program stores none and
  keeps no hash for server users). The program's ``user`` row with that user name must exist and be
  active: its roles give the program's own checks; the server's group role (``db/postgres_roles.sql``)
  gives the server's.
* A refused login raises ``auth.LoginFailed`` with the same message as for a file; a server that cannot
  be reached raises ``errors.ServerUnavailable`` (the GUI offers «Prøv igjen»); anything else the server
  refused raises ``DatabaseError``. Nothing changes on failure.
* Repeated wrong passwords are the server's business (``auth_delay``, the IT partner's policy): the
  program's file-based slow-down does not apply.
* The returned ``auth.Session`` has ``db_path=None`` and ``server`` = the ``ServerTarget``; there is no
  writer lock (the server takes many writers; ``row_version`` prevents lost updates).

The command line's ``--db postgresql://…`` and the GUI's saved profiles both end in
``db.postgres.open_server``: one way to open a server.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..context import Context
from ..db.postgres import LoginRefused, is_server_url, open_server, server_name
from ..db.profiles import (  # noqa: F401 - the GUI takes the profile helpers from here (ui/ never imports db)
    DEFAULT_PORT, SSL_MODES, ConnectionProfile, checked, from_url, profiles_from_json, profiles_to_json,
)
from ..errors import DatabaseError
from ..i18n import _
from ..models import User
from ..queries.contact import USER_COLUMNS
from .auth import LoginFailed, Session
from .base import audit
from .names import normalise_username


@dataclass(frozen=True)
class ServerTarget:
    """A server to log in to: a saved profile, or a URL given with ``--db`` (its user name pre-filled)."""

    profile: ConnectionProfile
    url_user: str = ""
    from_command_line: bool = False

    @classmethod
    def from_url(cls, url: str) -> "ServerTarget":
        profile, user = from_url(url)
        return cls(profile=profile, url_user=user, from_command_line=True)

    def url(self, username: str = "") -> str:
        return self.profile.url(username or self.url_user)

    def label(self) -> str:
        return f"{self.profile.name} ({server_name(self.url())})" if not self.from_command_line \
            else server_name(self.url())


#: What the login reads of the user: the columns every group may read (a housing login may not read the rest).
_LOGIN_COLUMNS = USER_COLUMNS


def is_server_target(target: object) -> bool:
    """A server to log in to: a ``ServerTarget``, a ``postgresql://`` URL, or "server:" (the last saved one)."""
    return isinstance(target, ServerTarget) or is_server_url(target) or target == "server:"


def login_server(target: ServerTarget | str, username: str, password: str, *, clock=None) -> Session:
    """Connect as ``username``'s own login role; return the session or raise (nothing changed)."""
    if isinstance(target, str):
        target = ServerTarget.from_url(target)
    uname = normalise_username(username)
    if not uname or not password:
        raise LoginFailed(_("Enter user name and password."))
    try:
        db = open_server(target.url(uname), password=password, user=uname)
    except LoginRefused as exc:
        raise LoginFailed(str(exc)) from exc
    try:
        user = (User.select(*_LOGIN_COLUMNS).where(User.username == uname).first())
        if user is None or not user.active:
            raise LoginFailed(_("The server accepted {username}, but the program has no active user with that "
                                "user name. Ask the administrator.").format(username=uname) if user is None
                              else _("The user is deactivated. Contact the administrator."))
        ctx = Context(db=db, user=user, clock=clock) if clock else Context(db=db, user=user)
        session = Session(db_path=None, ctx=ctx, server=target)
        with db.atomic():
            audit(ctx, "login", "user", user.id, {"read_only": (None, False)})
    except BaseException:
        db.close()
        raise
    return session


def current_login_role(db) -> str:  # a peewee PostgresqlDatabase
    """The role the connection logged in as (``session_user``)."""
    return str(db.execute_sql("SELECT session_user").fetchone()[0])


def describe_failure(exc: BaseException) -> str:
    """The message to show for a failed server login."""
    if isinstance(exc, (LoginFailed, DatabaseError)):
        return str(exc)
    return _("The login failed: {error}").format(error=exc)
