"""The side-bar areas in display order. Add an area with one line (its class must follow
``ui.area.Area``); the main window builds each area the first time it is shown and
leaves out areas whose ``permission`` the acting user lacks."""

from __future__ import annotations

from .area import Area
from .housing_area import HousingArea, LeasesArea
from .housing_tasks_area import HousingTasksArea
from .inspections_area import InspectionsArea
from .intro_area import IntroArea
from .overview_area import OverviewArea
from .people_area import PeopleArea
from .placements_area import PlacementsArea
from .reports_area import ReportsArea
from .tasks_area import TasksArea
from .template_editor import TemplateEditor

AREAS: list[type[Area]] = [
    OverviewArea,
    PeopleArea,
    HousingArea,
    LeasesArea,
    PlacementsArea,
    IntroArea,
    TasksArea,
    HousingTasksArea,
    InspectionsArea,
    ReportsArea,
    TemplateEditor,
]
