"""Forms for workplaces and practice placements (start, end, evaluations)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .. import vocab
from ..context import Context
from ..i18n import _
from ..queries import placements as read
from ..queries import records
from ..queries import pickers
from ..services import placements
from ..services.base import Changes
from .bus import ChangeBus
from .forms import FormDialog
from .housing_dialogs import _municipalities


class WorkplaceDialog(FormDialog):
    """Create or edit a workplace (employer's department, municipal or private)."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None,
                 workplace_id: int | None = None) -> None:
        w = records.require(ctx, "workplace", workplace_id) if workplace_id else None
        title = _("Workplace: {name}").format(name=w.display_name) if w else _("New workplace")
        super().__init__(ctx, bus, title, parent, columns=2)
        self.workplace_id = workplace_id
        self.add_text("employer", _("Employer"), value=w.employer if w else "")
        self.add_text("department", _("Department"), value=w.department if w else "")
        self.add_check("is_municipal", "", value=w.is_municipal if w else False, text=_("Municipal department"))
        self.add_choice("municipality", _("Municipality"), _municipalities(ctx),
                        value=records.municipality_code(ctx, w.municipality_id) if w and w.municipality_id else None,
                        empty="—")
        self.add_choice("sector", _("Sector"), vocab.SECTORS, value=w.sector if w else "other")
        self.add_text("address", _("Address"), column=1, value=w.address if w else "")
        self.add_text("contact_name", _("Contact person"), column=1, value=w.contact_name if w else "")
        self.add_text("contact_phone", _("Phone"), column=1, value=w.contact_phone if w else "")
        self.add_text("contact_email", _("Email"), column=1, value=w.contact_email if w else "")
        self.add_multiline("notes", _("Note"), column=1, value=w.notes if w else "", height=50)

    def submit(self) -> Changes:
        if self.workplace_id:
            return placements.update_workplace(self.ctx, workplace_id=self.workplace_id, **self.values())
        return placements.create_workplace(self.ctx, **self.values())


class PlacementDialog(FormDialog):
    """Start a practice placement (``start_placement``)."""

    aliases = {"person": "person_id", "workplace": "workplace_id"}

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None, *,
                 person_id: int | None = None, workplace_id: int | None = None) -> None:
        super().__init__(ctx, bus, _("Start work placement"), parent, columns=2)
        # Pickers search in SQL as the user types: nothing is loaded for everyone up front.
        self.add_picker("person_id", _("Participant"), pickers.PLACEMENT_PERSONS, value=person_id,
                        placeholder=_("Type a name or national identity number …"))
        self.add_picker("workplace_id", _("Workplace"), pickers.ACTIVE_WORKPLACES, value=workplace_id,
                        placeholder=_("Type an employer or department …"))
        self.add_choice("type", _("Type of placement"), vocab.PLACEMENT_TYPES, empty=_("Choose a type"))
        self.add_text("hours_per_week", _("Hours per week"))
        self.add_text("nav_measure", _("Nav measure"))
        self.add_date("start_date", _("From"), column=1, value=ctx.today())
        self.add_date("end_date", _("Planned end"), column=1)
        self.add_text("supervisor_name", _("Supervisor / mentor"), column=1)
        self.add_text("supervisor_phone", _("Supervisor's phone"), column=1)
        self.add_multiline("notes", _("Note"), column=1, height=50)

    def submit(self) -> Changes:
        return placements.start_placement(self.ctx, **self.values())


class EndPlacementDialog(FormDialog):
    """End a placement with its outcome (``end_placement``)."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, placement_id: int) -> None:
        person, workplace = read.placement_names(ctx, placement_id)
        super().__init__(ctx, bus, _("End work placement"), parent,
                         intro=_("{person} at {workplace}.").format(person=person, workplace=workplace))
        self.placement_id = placement_id
        self.add_date("end_date", _("End date"), value=ctx.today())
        self.add_choice("outcome", _("Outcome"), vocab.PLACEMENT_OUTCOMES, empty=_("Choose an outcome"))

    def submit(self) -> Changes:
        v = self.values()
        return placements.end_placement(self.ctx, placement_id=self.placement_id, end_date=v["end_date"],
                                        outcome=v["outcome"])


class EvaluationDialog(FormDialog):
    """Record an evaluation meeting (``add_evaluation``)."""

    aliases = {"text": "text_"}

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, placement_id: int) -> None:
        person, workplace = read.placement_names(ctx, placement_id)
        super().__init__(ctx, bus, _("New evaluation"), parent,
                         intro=_("{person} at {workplace}.").format(person=person, workplace=workplace))
        self.placement_id = placement_id
        self.add_date("date", _("Date"), value=ctx.today())
        self.add_text("evaluator", _("Evaluated by"))
        self.add_choice("rating", _("Rating"), {n: _("{rating} of 5").format(rating=n) for n in range(1, 6)},
                        empty=_("No rating"))
        self.add_multiline("text_", _("Evaluation"), height=110)

    def submit(self) -> Changes:
        return placements.add_evaluation(self.ctx, placement_id=self.placement_id, **self.values())


# What saving these forms needs: a role without it (or a read-only database) opens them for reading.
for _form in (WorkplaceDialog, PlacementDialog, EndPlacementDialog, EvaluationDialog):
    _form.permission = "placements.write"
