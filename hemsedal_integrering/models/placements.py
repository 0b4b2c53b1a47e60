"""Workplaces, practice placements and their evaluations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    AutoField,
    Check,
    BooleanField,
    CharField,
    DateField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..ids import MunicipalityId, PersonId, PlacementId, WorkplaceId
from .base import BaseModel, id_field
from .people import Municipality, Person

if TYPE_CHECKING:
    from peewee import ModelSelect


class Workplace(BaseModel):
    """An employer's department that can take participants in practice.

    Municipal departments carry their municipality, which is how the
    "flyktningeløftet" view finds them.
    """

    id: AutoField[WorkplaceId] = id_field(WorkplaceId)
    employer = CharField(index=True)
    department = CharField(default="")
    is_municipal = BooleanField(default=False)
    municipality = ForeignKeyField(Municipality, null=True, backref="workplaces", on_delete="RESTRICT")
    municipality_id: MunicipalityId | None
    sector = CharField(default="other")
    address = CharField(default="")
    contact_name = CharField(default="")
    contact_phone = CharField(default="")
    contact_email = CharField(default="")
    notes = TextField(default="")
    active = BooleanField(default=True)

    @property
    def display_name(self) -> str:
        return f"{self.employer}, {self.department}" if self.department else self.employer
    # reverse relations (peewee backrefs), declared for the type checker
    placements: ModelSelect[Placement]


class Placement(BaseModel):
    """A person's practice placement at a workplace."""

    id: AutoField[PlacementId] = id_field(PlacementId)
    person = ForeignKeyField(Person, backref="placements", on_delete="RESTRICT")
    person_id: PersonId
    workplace = ForeignKeyField(Workplace, backref="placements", on_delete="RESTRICT")
    workplace_id: WorkplaceId
    type = CharField()
    supervisor_name = CharField(default="")
    supervisor_phone = CharField(default="")
    hours_per_week = FloatField(default=0, constraints=[Check("hours_per_week >= 0")])
    start_date = DateField()
    # planned or actual end
    end_date = DateField(null=True, constraints=[Check("end_date IS NULL OR end_date >= start_date")])
    nav_measure = CharField(default="")
    outcome = CharField(null=True)
    ended = BooleanField(default=False)
    notes = TextField(default="")
    # reverse relations (peewee backrefs), declared for the type checker
    evaluations: ModelSelect[PlacementEvaluation]


class PlacementEvaluation(BaseModel):
    """A dated evaluation of a placement (meeting with participant and workplace)."""

    placement = ForeignKeyField(Placement, backref="evaluations", on_delete="CASCADE")
    placement_id: PlacementId
    date = DateField()
    evaluator = CharField(default="")
    rating = IntegerField(null=True)  # 1–5, optional
    text = TextField(default="")


MODELS = [Workplace, Placement, PlacementEvaluation]
