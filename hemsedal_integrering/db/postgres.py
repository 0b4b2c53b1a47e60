"""Server mode: the same models on PostgreSQL (issue 17), through peewee with psycopg 3.

``--db postgresql://user@host/dbname`` opens this instead of a file. A new server database gets the
frozen version-9 schema (``postgres_v9.sql``, ``postgres_schema.sql`` with the PostgreSQL counterparts
of the SQLite-only parts — ``person.search_text`` triggers, the follow-up index, the append-only audit
log — and ``postgres_parity.sql`` with SQLite's CHECK constraints and defaults), then the steps after
it; the version lives in the ``schema_meta`` table. Rules:

- TLS is required (``sslmode=require``) unless the host is this machine (a Unix socket,
  ``localhost``) or the URL says otherwise.
- The password is never stored by the program: it is given at login (``password=``) or taken by
  libpq from the user's own ``PGPASSFILE``/service file, never written anywhere by us.
- A database made by a newer program is refused; an older one climbs the server's ladder
  (``upgrade``: the frozen base ``postgres_v9.sql``, then ``postgres_vN.sql`` per later version).
"""

from __future__ import annotations

import importlib.resources
from typing import Any

from peewee import PostgresqlDatabase

from ..errors import DatabaseError, DatabaseTooNew
from ..i18n import _
from ..models import ALL_MODELS
from .migrations import SCHEMA_VERSION

LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


def is_server_url(target: Any) -> bool:
    """Whether ``--db`` names a PostgreSQL server rather than a file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


#: Seconds to wait for the server before saying it cannot be reached (unless the URL sets connect_timeout).
CONNECT_TIMEOUT = 10


def connection_params(url: str, *, password: str | None = None, user: str | None = None) -> dict[str, Any]:
    """libpq parameters for ``url``: ``sslmode=require`` for a remote host unless the URL sets it.

    ``user`` (the login name typed at the login) overrides the URL's user.
    """
    from psycopg.conninfo import conninfo_to_dict
    params: dict[str, Any] = dict(conninfo_to_dict(url))
    host = str(params.get("host") or "")
    local = all(h in LOCAL_HOSTS or h.startswith("/") for h in host.split(",")) if host else True
    if not local and "sslmode" not in params:
        params["sslmode"] = "require"
    params.setdefault("connect_timeout", str(CONNECT_TIMEOUT))
    if user:
        params["user"] = user
    if password is not None:
        params["password"] = password
    return params


#: Words of libpq's messages that mean the server answered and refused the login (not: cannot be reached).
_REFUSED_LOGIN = ("password authentication failed", "role \"", "is not permitted to log in",
                  "no pg_hba.conf entry", "authentication failed", "no password supplied")


def connect_failure(url: str, exc: BaseException) -> DatabaseError:
    """The Norwegian error for a failed connection: refused login, missing database, or cannot be reached."""
    from ..errors import ServerUnavailable
    text = str(exc)
    if "FATAL" in text or "fe_sendauth" in text:
        if any(word in text for word in _REFUSED_LOGIN):
            return LoginRefused(_("Wrong user name or password. Check them and try again."))
        if "database \"" in text and "does not exist" in text:
            return DatabaseError(_("The database named in the connection does not exist on the server {server}. "
                                   "Check the connection or ask the IT partner.").format(server=server_name(url)))
        return DatabaseError(_("The database server {server} refused the connection: {error}").format(
            server=server_name(url), error=text.strip()))
    return ServerUnavailable(_("The database server {server} cannot be reached ({error}). Check the network "
                               "connection and press «Try again». Nothing has been changed.").format(
        server=server_name(url), error=text.strip().splitlines()[0] if text.strip() else type(exc).__name__))


class LoginRefused(DatabaseError):
    """The server refused the user name or password (``services.server_login`` turns it into ``LoginFailed``)."""


#: SQLSTATE classes/codes of a lost connection: 08 connection exception, 57P01-3 server shut down/crashed.
_LOST_SQLSTATES = ("08", "57P01", "57P02", "57P03")


def connection_lost(db: Any, exc: BaseException) -> bool:
    """Whether ``exc`` (or its cause) means the connection to the server is gone."""
    conn = getattr(getattr(db, "_state", None), "conn", None)
    if conn is not None and (getattr(conn, "broken", False) or getattr(conn, "closed", False)):
        return True
    import psycopg
    seen: BaseException | None = exc
    while seen is not None:
        state = getattr(seen, "sqlstate", None)
        if state and state.startswith(_LOST_SQLSTATES):
            return True
        if isinstance(seen, psycopg.OperationalError) and state is None:
            return True  # libpq's own failures (server closed the connection, could not send) carry no SQLSTATE
        if isinstance(seen, psycopg.InterfaceError) and "closed" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def reset_connection(db: Any) -> None:
    """Drop a broken connection; peewee connects again on the next query (``autoconnect``)."""
    try:
        if not db.in_transaction():
            db.close()
    except Exception:  # closing a connection the server already closed may fail too: it is gone either way
        db._state.reset()


def unavailable(db: Any) -> Exception:
    from ..errors import ServerUnavailable
    return ServerUnavailable(_("The connection to the database server {server} was lost. Nothing was saved; what "
                               "you typed is still in the form. Press «Try again» when the network is back.").format(
        server=getattr(db, "server_name", "")))


def redacted(url: str) -> str:
    """The URL without a password, for messages and logs."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
    params = dict(conninfo_to_dict(url))
    params.pop("password", None)
    return make_conninfo("", **params)


def give_peewee_the_driver() -> None:
    """Hand peewee the psycopg driver it was imported without (``hemsedal_integrering/__init__.py``
    keeps the driver's 0.1–0.3 s import out of every start): the module names peewee's own
    ``try: import psycopg`` would have set, and its adapter's transaction states. peewee is pinned
    (pyproject.toml); tests/db/test_postgres_driver.py checks these names are still the ones it uses."""
    import peewee as peewee_module
    peewee: Any = peewee_module  # the driver globals below are peewee's internals, not in its stubs
    if peewee.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb
    peewee.psycopg, peewee.TransactionStatus = psycopg, TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle, adapter.txn_inerror, adapter.txn_unknown = (
        TransactionStatus.IDLE, TransactionStatus.INERROR, TransactionStatus.UNKNOWN)


def server_name(url: str) -> str:
    """The server as a person reads it: ``host:port/database`` (a socket folder as it is), no user or password."""
    from psycopg.conninfo import conninfo_to_dict
    params = conninfo_to_dict(url)
    host = str(params.get("host") or "localhost")
    port = f":{params['port']}" if params.get("port") and str(params["port"]) != "5432" else ""
    return f"{host}{port}/{params.get('dbname') or 'postgres'}"


class ServerDatabase(PostgresqlDatabase):
    """peewee's PostgreSQL database with one addition: a lost connection (issue 17).

    A query outside a transaction whose connection has gone is run once more on a new connection when it
    is a SELECT (nothing can have been half done); anything else raises ``ServerUnavailable`` after the
    broken connection is dropped, so the next call (the user's «Prøv igjen») connects again. Inside a
    transaction the error goes up unchanged: the transaction rolls back whole and
    ``services.base.transaction`` turns it into ``ServerUnavailable``. Hand-written SQLite SQL is rewritten
    for PostgreSQL first (``db.dialect``).
    """

    def _connect(self):
        conn = super()._connect()  # type: ignore[misc]  # peewee's connection hook, not in its stubs
        # Dates and times come back as ISO text, as SQLite gives them: the views' hand-written SQL compares and
        # formats them as text, and peewee's date fields turn text into dates on both backends alike.
        from psycopg.types.string import TextLoader
        for name in ("date", "timestamp", "time"):
            conn.adapters.register_loader(name, TextLoader)
        return conn

    def execute_sql(self, sql, params=None, *args, **kwargs):  # peewee's signature
        from .dialect import to_postgres
        sql = to_postgres(sql)  # the views' hand-written SQLite SQL (``?``, group_concat …), see db.dialect
        if params and any(isinstance(p, str) and "\x00" in p for p in params):
            # PostgreSQL cannot store NUL in text (SQLite can): a Norwegian refusal, never psycopg's DataError.
            # The services' text() refuses it first; this is the net under every other path.
            from ..errors import ValidationError
            raise ValidationError(_("The text contains a character that cannot be stored (NUL). Remove it and "
                                    "try again. Nothing has been saved."))
        try:
            return super().execute_sql(sql, params, *args, **kwargs)
        except Exception as exc:
            if self.in_transaction() or not connection_lost(self, exc):
                raise
            reset_connection(self)
            if str(sql).lstrip()[:6].upper() != "SELECT":
                raise unavailable(self) from exc
        try:
            return super().execute_sql(sql, params, *args, **kwargs)
        except Exception as exc:
            if not connection_lost(self, exc):
                raise
            reset_connection(self)
            raise unavailable(self) from exc


def open_server(url: str, *, password: str | None = None, migrate: bool = True,
                user: str | None = None) -> PostgresqlDatabase:
    """Connect to the server database, bind the models and bring a new database to the current schema.

    A failed connection raises ``ServerUnavailable`` (cannot be reached: "Prøv igjen"), ``LoginRefused``
    (wrong user name or password) or ``DatabaseError`` (anything else the server refused), in Norwegian.
    """
    params = connection_params(url, password=password, user=user)
    dbname = params.pop("dbname", None) or "postgres"
    import psycopg
    give_peewee_the_driver()
    # Client-side binding (as psycopg2 did): the reports repeat a CASE with parameters in SELECT and GROUP BY,
    # which PostgreSQL accepts only when both are the same text, not $1 … $5.
    db = ServerDatabase(dbname, autoconnect=True, prefer_psycopg3=True, cursor_factory=psycopg.ClientCursor,
                            **params)
    try:
        db.connect()
    except Exception as exc:
        raise connect_failure(url, exc) from exc
    db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)
    db.server_url = redacted(url)  # type: ignore[attr-defined]
    db.server_name = server_name(url)  # type: ignore[attr-defined]
    if migrate:
        try:
            upgrade(db)
        except Exception:
            db.close()
            raise
    return db


def current_version(db: PostgresqlDatabase) -> int:
    exists = db.execute_sql("SELECT to_regclass('schema_meta') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    row = db.execute_sql("SELECT value FROM schema_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _run_script(db: PostgresqlDatabase, name: str) -> None:
    sql = importlib.resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    for statement in sql.split(";;\n"):  # ';;' ends a statement: function bodies hold ';'
        if statement.strip() and not all(line.startswith("--") or not line.strip()
                                         for line in statement.splitlines()):
            db.execute_sql(statement)


#: The first server schema (``postgres_v9.sql`` + ``postgres_schema.sql`` + ``postgres_parity.sql``).
BASE_VERSION = 9


def step_name(version: int) -> str:
    """The PostgreSQL counterpart of SQLite's ``schema_vN.sql`` for a version after the base."""
    return f"postgres_v{version}.sql"


def has_step(version: int) -> bool:
    return importlib.resources.files(__package__).joinpath(step_name(version)).is_file()


def _meta(db: PostgresqlDatabase, key: str, value: str) -> None:
    db.execute_sql("INSERT INTO schema_meta (key, value) VALUES (%s, %s) "
                   "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (key, value))


def upgrade(db: PostgresqlDatabase) -> list[int]:
    """The server's schema ladder, as ``migrations.upgrade`` is SQLite's; return the versions applied.

    An empty database gets the frozen base (version 9: tables, the server-only parts, SQLite's CHECK
    constraints and defaults), then every step ``postgres_vN.sql`` up to ``SCHEMA_VERSION``, each in its own
    transaction with the new version. A database made by a newer program is refused; a missing step is
    refused before anything changes. Run by the database owner (the first start, or the IT partner).
    """
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(
            _("The database was made by a newer version of the program (schema version {version}, "
              "this program knows up to {known}). Update the program. The file has not been changed.").format(
                version=version, known=SCHEMA_VERSION))
    missing = [v for v in range(max(version, BASE_VERSION) + 1, SCHEMA_VERSION + 1) if not has_step(v)]
    if missing:
        raise DatabaseError(_("Upgrading the database to version {version} failed: {error}. "
                              "The database has not been changed.").format(
            version=missing[0], error=f"no PostgreSQL step {step_name(missing[0])}"))
    if version < SCHEMA_VERSION:
        _require_owner(db, version)
    applied: list[int] = []
    try:
        if version == 0:
            with db.atomic():
                _run_script(db, f"postgres_v{BASE_VERSION}.sql")
                _run_script(db, "postgres_schema.sql")
                _run_script(db, "postgres_parity.sql")
                _meta(db, "schema_version", str(BASE_VERSION))
                _meta(db, "parity", "1")
            version = BASE_VERSION
            applied.append(BASE_VERSION)
        elif db.execute_sql("SELECT 1 FROM schema_meta WHERE key = 'parity'").fetchone() is None:
            with db.atomic():  # a version-9 server database from before the CHECK/default parity (development)
                _run_script(db, "postgres_parity.sql")
                _meta(db, "parity", "1")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with db.atomic():
                _run_script(db, step_name(target))
                _meta(db, "schema_version", str(target))
            applied.append(target)
    except DatabaseError:
        raise
    except Exception as exc:
        raise DatabaseError(_("Upgrading the database to version {version} failed: {error}. "
                              "The database has not been changed.").format(
            version=(applied[-1] + 1) if applied else max(version, 1), error=exc)) from exc
    return applied


class UpgradeNeedsOwner(DatabaseError):
    """The server's schema is older than the program and this login may not upgrade it (message in Norwegian)."""


def schema_owner(db: PostgresqlDatabase) -> str | None:
    """The role owning the program's tables (the database's owner for a new, empty database)."""
    row = db.execute_sql(
        "SELECT COALESCE((SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass('schema_meta')), "
        "(SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()))").fetchone()
    return str(row[0]) if row and row[0] else None


def _require_owner(db: PostgresqlDatabase, version: int) -> None:
    """Refuse, before anything changes, an upgrade this login cannot run: only the owner of the program's tables
    (or a superuser) may alter them, and the upgrade must not half-fail on a "must be owner" error. The message
    says what the IT partner runs (``hemsedal-integrering server-upgrade``)."""
    owner = schema_owner(db)
    allowed = db.execute_sql(
        "SELECT rolsuper OR pg_has_role(current_user, %s, 'USAGE') FROM pg_roles WHERE rolname = current_user",
        (owner or "",)).fetchone() if owner else None
    if allowed and allowed[0]:
        return
    from psycopg.conninfo import conninfo_to_dict
    params = conninfo_to_dict(getattr(db, "server_url", "") or "")
    host = str(params.get("host") or "localhost")
    where = f"postgresql://{owner or 'EIER'}@{host if not host.startswith('/') else 'localhost'}" \
            f"{':' + str(params['port']) if params.get('port') and str(params['port']) != '5432' else ''}" \
            f"/{params.get('dbname') or db.database}"
    raise UpgradeNeedsOwner(_(
        "The database on the server has schema version {version}, and this version of the program needs version "
        "{known}. Only the owner of the database ({owner}) can upgrade it. Ask the IT partner to run, as the "
        "owner: hemsedal-integrering server-upgrade --db {url} — then log in again. Nothing has been changed.").format(
            version=version, known=SCHEMA_VERSION, owner=owner or "?", url=where))


#: The group roles of ``postgres_roles.sql``.
GROUP_ROLES = ("integrering_officer", "integrering_housing", "integrering_admin")


def apply_roles(db: PostgresqlDatabase) -> None:
    """Create the group roles and their privileges (``postgres_roles.sql``); run as the database owner."""
    with db.atomic():
        _run_script(db, "postgres_roles.sql")


def redact_audit_row(db: PostgresqlDatabase, entry_id: int, redacted: str) -> None:
    """Replace one audit row's values on the server: the only change the append-only trigger lets through."""
    db.execute_sql("SELECT redact_audit_entry(%s, %s)", (int(entry_id), redacted))


def lock_rows(model: Any, *ids: int) -> None:
    """Server: hold a lock on these rows' ids for the rest of the transaction, so a rule checked after it sees
    what another transaction holding the same lock committed. Transaction-level advisory locks: no privilege
    is needed (a housing login may not UPDATE households, which ``FOR UPDATE`` would require) and they do
    not collide with the share locks of foreign-key checks. Nothing on SQLite: one writer at a time."""
    if not isinstance(model._meta.database, PostgresqlDatabase):
        return
    for row_id in sorted(int(i) for i in ids):
        model._meta.database.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s), %s)",
                                         (model._meta.table_name, row_id))
