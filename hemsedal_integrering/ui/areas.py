"""The side-bar areas in display order. Add an area with one line (its class must follow
``ui.area.Area``); the main window builds each area the first time it is shown."""

from __future__ import annotations

from .area import Area
from .housing_area import HousingArea, LeasesArea
from .overview_area import OverviewArea
from .people_area import PeopleArea
from .placements_area import PlacementsArea

AREAS: list[type[Area]] = [
    OverviewArea,
    PeopleArea,
    HousingArea,
    LeasesArea,
    PlacementsArea,
]
