"""Bulk inserts for services (``insert_rows``, ``insert_instance``; import them from ``services.base``).

The prepared statements themselves live in ``models.prepared``, where ``BaseModel.save`` uses them too.
"""

from __future__ import annotations

from ..models.prepared import insert_instance, insert_rows

__all__ = ["insert_instance", "insert_rows"]
