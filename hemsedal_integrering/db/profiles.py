"""Saved connections to a database server (issue 17): name, host, port, database, TLS mode — never a password.

The GUI keeps the list in the user's own settings (``ui.server_login``, QSettings) as the JSON text
``profiles_to_json`` makes; the password is asked at login (or kept by the operating system's
credential store, ``services.credentials``). A profile gives the same ``postgresql://`` URL the
command line takes with ``--db``, so both open the server through ``db.postgres.open_server``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from urllib.parse import quote

#: libpq's sslmode values; ``require`` is the default (TLS, as issue 17 asks), ``verify-full`` the best.
SSL_MODES = ("require", "verify-ca", "verify-full", "prefer", "disable")
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ConnectionProfile:
    """One saved server connection. ``host`` may be a name, an address or (Unix) a socket folder."""

    name: str
    host: str
    database: str = "integrering"
    port: int = DEFAULT_PORT
    sslmode: str = "require"

    def url(self, username: str = "") -> str:
        """The ``postgresql://`` URL (no password), with ``username`` as the login role when given."""
        user = quote(username, safe="") + "@" if username else ""
        query = {"sslmode": self.sslmode}
        if self.host.startswith("/"):  # a socket folder goes in the query (it cannot be a URL host)
            netloc = user
            query["host"] = self.host
            if self.port != DEFAULT_PORT:
                query["port"] = str(self.port)
        else:
            host = f"[{self.host}]" if ":" in self.host else self.host
            netloc = f"{user}{host}" + (f":{self.port}" if self.port != DEFAULT_PORT else "")
        tail = "&".join(f"{k}={quote(str(v), safe='/')}" for k, v in query.items())
        return f"postgresql://{netloc}/{quote(self.database, safe='')}?{tail}"

    def label(self) -> str:
        return f"{self.name} ({self.host}/{self.database})"


def from_url(url: str, name: str = "") -> tuple[ConnectionProfile, str]:
    """The profile a ``postgresql://`` URL describes, and the URL's user name ("" when none)."""
    from psycopg.conninfo import conninfo_to_dict
    params = conninfo_to_dict(url)
    host = str(params.get("host") or "localhost")
    profile = ConnectionProfile(name=name or host, host=host, database=str(params.get("dbname") or "postgres"),
                                port=int(params.get("port") or DEFAULT_PORT),
                                sslmode=str(params.get("sslmode") or "require"))
    return profile, str(params.get("user") or "")


def checked(profile: ConnectionProfile) -> dict[str, str]:
    """Field → Norwegian message for what is wrong with a profile the user typed (empty: fine)."""
    from ..i18n import _
    errors: dict[str, str] = {}
    if not profile.name.strip():
        errors["name"] = _("Give the connection a name.")
    if not profile.host.strip():
        errors["host"] = _("Enter the server's name or address.")
    if not profile.database.strip():
        errors["database"] = _("Enter the name of the database.")
    if not 0 < profile.port < 65536:
        errors["port"] = _("The port must be a number between 1 and 65535.")
    if profile.sslmode not in SSL_MODES:
        errors["sslmode"] = _("Unknown TLS mode.")
    for key, value in (("name", profile.name), ("host", profile.host), ("database", profile.database)):
        if "\x00" in value:
            errors[key] = _("The text contains a character that cannot be stored (NUL).")
    return errors


def profiles_to_json(profiles: list[ConnectionProfile]) -> str:
    return json.dumps([asdict(p) for p in profiles], ensure_ascii=False)


def profiles_from_json(text: str | None) -> list[ConnectionProfile]:
    """The saved list; anything unreadable (hand-edited settings) is skipped, never fatal."""
    try:
        rows = json.loads(text or "[]")
    except ValueError:
        return []
    result = []
    for row in rows if isinstance(rows, list) else []:
        try:
            profile = ConnectionProfile(name=str(row["name"]), host=str(row["host"]),
                                        database=str(row.get("database") or "integrering"),
                                        port=int(row.get("port") or DEFAULT_PORT),
                                        sslmode=str(row.get("sslmode") or "require"))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        result.append(profile)  # a "password" someone wrote there by hand is ignored: never read, never kept
    return result
