"""Typed ids of the main entities (``typing.NewType``): an ``int`` at run time, a distinct type to mypy.

A model's ``id`` and its foreign keys' ``<name>_id`` carry these types, so passing a person's id where a
household's is expected (``move_person(household_id=person.id)``) is a type error, not a wrong row.
Where an id enters as a plain number (a command-line argument, a Qt list's cached id), wrap it once:
``PersonId(args.person_id)``.
"""

from __future__ import annotations

from typing import NewType

MunicipalityId = NewType("MunicipalityId", int)
HouseholdId = NewType("HouseholdId", int)
PersonId = NewType("PersonId", int)
UnitId = NewType("UnitId", int)  # a housing unit
LandlordId = NewType("LandlordId", int)
LeaseId = NewType("LeaseId", int)
TenancyId = NewType("TenancyId", int)
WorkplaceId = NewType("WorkplaceId", int)
PlacementId = NewType("PlacementId", int)
InspectionId = NewType("InspectionId", int)
ProgrammeId = NewType("ProgrammeId", int)  # an introduction programme
UserId = NewType("UserId", int)
