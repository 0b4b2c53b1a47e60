"""Server mode: the same models on PostgreSQL (issue 17), through peewee with psycopg 3.

``--db postgresql://user@host/dbname`` opens this instead of a file. The schema on a new server
database is built at the program's current version from the models plus ``postgres_schema.sql``
(the PostgreSQL counterparts of the SQLite-only parts: ``person.search_text`` triggers, the
follow-up index); the version lives in the ``schema_meta`` table. Rules:

- TLS is required (``sslmode=require``) unless the host is this machine (a Unix socket,
  ``localhost``) or the URL says otherwise.
- The password is never stored by the program: it is given at login (``password=``) or taken by
  libpq from the user's own ``PGPASSFILE``/service file, never written anywhere by us.
- A database made by a newer program is refused; an older one needs a PostgreSQL ladder step
  (none exists yet: version 9 is the first server schema).
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


def connection_params(url: str, *, password: str | None = None) -> dict[str, Any]:
    """libpq parameters for ``url``: ``sslmode=require`` for a remote host unless the URL sets it."""
    from psycopg.conninfo import conninfo_to_dict
    params: dict[str, Any] = dict(conninfo_to_dict(url))
    host = str(params.get("host") or "")
    local = all(h in LOCAL_HOSTS or h.startswith("/") for h in host.split(",")) if host else True
    if not local and "sslmode" not in params:
        params["sslmode"] = "require"
    if password is not None:
        params["password"] = password
    return params


def redacted(url: str) -> str:
    """The URL without a password, for messages and logs."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
    params = dict(conninfo_to_dict(url))
    params.pop("password", None)
    return make_conninfo("", **params)


def open_server(url: str, *, password: str | None = None, migrate: bool = True) -> PostgresqlDatabase:
    """Connect to the server database, bind the models and bring a new database to the current schema."""
    params = connection_params(url, password=password)
    dbname = params.pop("dbname", None) or "postgres"
    import psycopg
    # Client-side binding (as psycopg2 did): the reports repeat a CASE with parameters in SELECT and GROUP BY,
    # which PostgreSQL accepts only when both are the same text, not $1 … $5.
    db = PostgresqlDatabase(dbname, autoconnect=True, prefer_psycopg3=True, cursor_factory=psycopg.ClientCursor,
                            **params)
    try:
        db.connect()
    except Exception as exc:
        raise DatabaseError(_("Could not connect to the database server {server}: {error}").format(
            server=redacted(url), error=exc)) from exc
    db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)
    db.server_url = redacted(url)  # type: ignore[attr-defined]
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


def upgrade(db: PostgresqlDatabase) -> list[int]:
    """Build the schema on an empty server database; refuse one that is newer (or older: no ladder yet)."""
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(
            _("The database was made by a newer version of the program (schema version {version}, "
              "this program knows up to {known}). Update the program. The file has not been changed.").format(
                version=version, known=SCHEMA_VERSION))
    if version == SCHEMA_VERSION:
        return []
    if version:
        raise DatabaseError(_("Upgrading the database to version {version} failed: {error}. "
                              "The database has not been changed.").format(
            version=SCHEMA_VERSION, error="no PostgreSQL upgrade step"))
    with db.atomic():
        db.create_tables(ALL_MODELS, safe=True)
        _run_script(db, "postgres_schema.sql")
        db.execute_sql("INSERT INTO schema_meta (key, value) VALUES ('schema_version', %s)", (str(SCHEMA_VERSION),))
    return [SCHEMA_VERSION]


def apply_roles(db: PostgresqlDatabase) -> None:
    """Create the group roles and their privileges (``postgres_roles.sql``); run as the database owner."""
    with db.atomic():
        _run_script(db, "postgres_roles.sql")


def redact_audit_row(db: PostgresqlDatabase, entry_id: int, redacted: str) -> None:
    """Replace one audit row's values on the server: the only change the append-only trigger lets through."""
    db.execute_sql("SELECT redact_audit_entry(%s, %s)", (int(entry_id), redacted))
