"""What the work-placement views and forms show: a placement, a workplace and their evaluations.

Plain values only (``Record`` snapshots and small dataclasses), names joined here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..context import Context
from ..models import Municipality, Person, Placement, PlacementEvaluation, Workplace
from .records import Record, as_record


@dataclass(frozen=True)
class PlacementDetail:
    """A placement, whose it is, where, and its evaluations (newest first)."""

    placement: Record
    person_name: str
    household_id: int
    workplace_name: str
    evaluations: list[Record]


@dataclass(frozen=True)
class PlacementAt:
    """A placement at a workplace, with the participant's name."""

    person_name: str
    start_date: dt.date
    end_date: dt.date | None
    type: str
    outcome: str | None
    ended: bool


@dataclass(frozen=True)
class WorkplaceDetail:
    """A workplace, its municipality's name ('' for none) and its placements (newest first)."""

    workplace: Record
    municipality_name: str
    placements: list[PlacementAt]


def placement_detail(ctx: Context, placement_id: int) -> PlacementDetail | None:
    """The placement's detail pane, or None when the placement is gone."""
    pl = (Placement.select(Placement, Person, Workplace).join(Person).switch(Placement).join(Workplace)
          .where(Placement.id == placement_id).bind(ctx.db).first())
    if pl is None:
        return None
    evaluations = [as_record(e) for e in PlacementEvaluation.select()
                   .where(PlacementEvaluation.placement == placement_id)
                   .order_by(PlacementEvaluation.date.desc()).bind(ctx.db)]
    return PlacementDetail(as_record(pl), pl.person.full_name, pl.person.household_id, pl.workplace.display_name,
                           evaluations)


def placement_names(ctx: Context, placement_id: int) -> tuple[str, str]:
    """(participant's name, workplace's name) of a placement (a missing one raises ``DoesNotExist``)."""
    found = placement_detail(ctx, placement_id)
    if found is None:
        raise Placement.DoesNotExist(f"placement {placement_id} does not exist")  # type: ignore[attr-defined]
    return found.person_name, found.workplace_name


def workplace_detail(ctx: Context, workplace_id: int) -> WorkplaceDetail | None:
    """The workplace's detail pane, or None when the workplace is gone."""
    w = Workplace.select().where(Workplace.id == workplace_id).bind(ctx.db).first()
    if w is None:
        return None
    name = (Municipality.select(Municipality.name).where(Municipality.id == w.municipality_id).scalar(ctx.db)
            if w.municipality_id else "") or ""
    placements = [PlacementAt(p.person.full_name, p.start_date, p.end_date, p.type, p.outcome, bool(p.ended))
                  for p in Placement.select(Placement, Person).join(Person)
                  .where(Placement.workplace == workplace_id).order_by(Placement.start_date.desc()).bind(ctx.db)]
    return WorkplaceDetail(as_record(w), name, placements)
