"""Opening, upgrading, checking and backing up the database file."""

from .connection import default_database_path, open_database
from .migrations import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "default_database_path", "open_database"]
