"""The side-bar areas in display order. Add an area with one line (its class must follow
``ui.area.Area``); the main window builds each area the first time it is shown and
leaves out areas whose ``permission`` the acting user lacks.

Each entry names the area's module and class with its side-bar title, key and
permission, so the window can list the areas without importing them: an area's
module (and what it pulls in: charts, reports, documents) loads when the area is
first opened. ``tests/ui/test_main_window.py`` checks that each entry says what its
class says.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..i18n import _, pgettext
from .area import Area


class LazyArea:
    """An area class by name: ``title``, ``key`` and ``permission`` now, the class on first call."""

    def __init__(self, module: str, name: str, title: str, key: str, permission: str = "") -> None:
        self.module, self.name = module, name
        self.title, self.key, self.permission = title, key, permission
        self._cls: type[Area] | None = None

    def load(self) -> type[Area]:
        if self._cls is None:
            self._cls = getattr(importlib.import_module(f"{__package__}.{self.module}"), self.name)
        return self._cls

    def __call__(self, *args: Any, **kwargs: Any) -> Area:
        return self.load()(*args, **kwargs)

    def __getattr__(self, attr: str) -> Any:  # anything else (signals, helpers) from the class itself
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(self.load(), attr)


AREAS: list[Any] = [
    LazyArea("overview_area", "OverviewArea", _("Overview"), "overview"),
    LazyArea("people_area", "PeopleArea", _("Households and persons"), "people", "persons.read"),
    LazyArea("housing_area", "HousingArea", _("Housing units"), "housing", "housing.read"),
    LazyArea("housing_area", "LeasesArea", _("Leases"), "leases", "housing.read"),
    LazyArea("placements_area", "PlacementsArea", _("Workplaces and work placements"), "placements",
             "placements.read"),
    LazyArea("intro_area", "IntroArea", _("Introduction programme"), "introduction", "persons.read"),
    LazyArea("tasks_area", "TasksArea", pgettext("side bar", "Tasks"), "tasks", "followup.read"),
    LazyArea("housing_tasks_area", "HousingTasksArea", pgettext("side bar", "Housing tasks"), "housing_tasks",
             "followup.read_housing"),
    LazyArea("inspections_area", "InspectionsArea", _("Inspections"), "inspections", "inspections.read"),
    LazyArea("reports_area", "ReportsArea", _("Reports"), "reports", "reports.read"),
    LazyArea("template_editor", "TemplateEditor", _("Templates"), "templates", "admin.templates"),
]
