"""The version check a form declares around its one service call (issue 17), for the GUI.

A form that loaded a record minutes ago says which version it saw; the service's save is
refused (``errors.Conflict``) when someone has saved that row since. The rule itself lives
with the models (``models.versioning``); this is the GUI's way in, so ``ui/`` needs no model import.
"""

from __future__ import annotations

from ..models.versioning import expect_versions

__all__ = ["expect_versions"]
