"""Peewee models, one module per area. ``ALL_MODELS`` is in dependency order."""

from . import accounts, documents, followup, grants, housing, inspections, introduction, people, placements
from .accounts import AuditEntry, User
from .versioning import add_version_fields
from .documents import PrintedDocument, Setting
from .followup import FollowUpItem, FollowUpTemplateItem
from .grants import GrantRate, PersonGrant
from .housing import HousingUnit, Landlord, Lease, OtherLetting, Tenancy
from .inspections import ChecklistTemplateItem, Inspection, InspectionPoint
from .introduction import (Absence, BaseAmount, CompetenceMapping, IntegrationPlan, LanguageTest, PlanMeasure,
                           PlanRevision, ProgrammePeriod)
from .people import Household, IntroProgramme, Municipality, Person, StatusPeriod
from .placements import Placement, PlacementEvaluation, Workplace

ALL_MODELS = [
    *accounts.MODELS,
    *people.MODELS,
    *housing.MODELS,
    *placements.MODELS,
    *followup.MODELS,
    *inspections.MODELS,
    *grants.MODELS,
    *introduction.MODELS,
    *documents.MODELS,
]

add_version_fields(ALL_MODELS)  # row_version on every editable table (issue 17, schema 9)

__all__ = [
    "ALL_MODELS",
    "Absence",
    "BaseAmount",
    "CompetenceMapping",
    "IntegrationPlan",
    "LanguageTest",
    "PlanMeasure",
    "PlanRevision",
    "ProgrammePeriod",
    "AuditEntry",
    "ChecklistTemplateItem",
    "FollowUpItem",
    "FollowUpTemplateItem",
    "GrantRate",
    "PersonGrant",
    "Household",
    "HousingUnit",
    "Inspection",
    "InspectionPoint",
    "IntroProgramme",
    "Landlord",
    "Lease",
    "Municipality",
    "OtherLetting",
    "Person",
    "Placement",
    "PlacementEvaluation",
    "PrintedDocument",
    "Setting",
    "StatusPeriod",
    "Tenancy",
    "User",
    "Workplace",
]
