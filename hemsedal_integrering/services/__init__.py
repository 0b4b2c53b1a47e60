"""Use cases: every write and every permission check goes through here.

Each public function takes a ``Context`` first and keyword-only arguments,
validates everything before writing, runs in one transaction, writes the
audit log, and returns a ``Changes`` naming what it touched.
"""

from .base import Changes

__all__ = ["Changes"]
