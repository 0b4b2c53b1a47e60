"""Hemsedal integrering: case work for the shared integration service of Hemsedal and Gol.

The core (everything except ``ui``) never imports Qt, so the command line,
reports and tests run without a display.
"""

__version__ = "0.1.0"
APP_NAME = "Hemsedal integrering"
APP_SLUG = "hemsedal-integrering"


def _import_peewee_without_the_postgres_driver() -> None:
    """peewee imports the PostgreSQL driver (psycopg) when it is installed: 0.1–0.3 s at every
    start (issue 16, cold start), used only in server mode. peewee is imported here, before any
    other module imports it, with the driver hidden; server mode hands it the driver when it
    connects (``db.postgres.give_peewee_the_driver``). Does nothing if peewee is already loaded."""
    import sys
    if "peewee" in sys.modules:
        return
    hidden = [name for name in ("psycopg", "psycopg2", "psycopg2cffi") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import psycopg" raises ImportError
    try:
        import peewee  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]


_import_peewee_without_the_postgres_driver()
