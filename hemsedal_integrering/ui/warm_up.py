"""Load an area's code while the window waits for the user, a module per event-loop turn.

Opening the persons area first imported some 60 modules (services, dialogs, identity-number
rules, ...) on the GUI thread: ~60 ms of the ~100 ms the window froze on its first show at
300,000 persons (issue 16, ``bench/run_all.py --only areas``). The window now imports them
shortly after it is shown, one module at a time in the order below (each module's own
imports come with it, so the heaviest parts go first and every turn stays short), and the
area finds its code loaded when it is opened. A module already loaded is skipped; one that
fails to load is logged and the rest left for the area itself to load (and report).
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Iterable

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

#: What the persons area needs, the deepest first (its dependencies before the modules using them).
PEOPLE_AREA = (
    "stdnum.no.fodselsnummer",
    "hemsedal_integrering.rules.followup",
    "hemsedal_integrering.rules.introduction",
    "hemsedal_integrering.services.entity",
    "hemsedal_integrering.services.audit",
    "hemsedal_integrering.services.followup",
    "hemsedal_integrering.services.moving_tasks",
    "hemsedal_integrering.services.housing",
    "hemsedal_integrering.services.records",
    "hemsedal_integrering.services.people",
    "hemsedal_integrering.services.placements",
    "hemsedal_integrering.queries.lists",
    "hemsedal_integrering.queries.people",
    "hemsedal_integrering.queries.housing",
    "hemsedal_integrering.ui.forms",
    "hemsedal_integrering.ui.picker",
    "hemsedal_integrering.ui.housing_dialogs",
    "hemsedal_integrering.ui.people_dialogs",
    "hemsedal_integrering.ui.placement_dialogs",
    "hemsedal_integrering.ui.list_panel",
    "hemsedal_integrering.ui.households_panel",
    "hemsedal_integrering.ui.people_area",
)


class ModuleWarmer(QObject):
    """Imports ``modules`` one per event-loop turn, starting ``delay_ms`` after it is made."""

    def __init__(self, modules: Iterable[str], parent: QObject | None = None, *, delay_ms: int = 150) -> None:
        super().__init__(parent)
        self.left = [name for name in modules if name not in sys.modules]
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)
        if self.left:
            self._timer.start(delay_ms)

    def done(self) -> bool:
        return not self.left

    def _next(self) -> None:
        while self.left and self.left[0] in sys.modules:
            self.left.pop(0)
        if not self.left:
            return
        name = self.left.pop(0)
        try:
            importlib.import_module(name)
        except Exception:  # the area loads it again when opened, and reports the error there
            log.exception("Loading %s ahead of time failed", name)
            self.left.clear()
            return
        if self.left:
            self._timer.start(0)
