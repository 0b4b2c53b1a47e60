"""Forms for workplaces and practice placements (start, end, evaluations)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .. import vocab
from ..context import Context
from ..models import Placement, Workplace
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
        w = Workplace.get_by_id(workplace_id) if workplace_id else None
        super().__init__(ctx, bus, f"Arbeidsplass: {w.display_name}" if w else "Ny arbeidsplass", parent, columns=2)
        self.workplace_id = workplace_id
        self.add_text("employer", "Arbeidsgiver", value=w.employer if w else "")
        self.add_text("department", "Avdeling", value=w.department if w else "")
        self.add_check("is_municipal", "", value=w.is_municipal if w else False, text="Kommunal avdeling")
        self.add_choice("municipality", "Kommune", _municipalities(),
                        value=w.municipality.code if w and w.municipality_id else None, empty="—")
        self.add_choice("sector", "Sektor", vocab.SECTORS, value=w.sector if w else "other")
        self.add_text("address", "Adresse", column=1, value=w.address if w else "")
        self.add_text("contact_name", "Kontaktperson", column=1, value=w.contact_name if w else "")
        self.add_text("contact_phone", "Telefon", column=1, value=w.contact_phone if w else "")
        self.add_text("contact_email", "E-post", column=1, value=w.contact_email if w else "")
        self.add_multiline("notes", "Notat", column=1, value=w.notes if w else "", height=50)

    def submit(self) -> Changes:
        if self.workplace_id:
            return placements.update_workplace(self.ctx, workplace_id=self.workplace_id, **self.values())
        return placements.create_workplace(self.ctx, **self.values())


class PlacementDialog(FormDialog):
    """Start a practice placement (``start_placement``)."""

    aliases = {"person": "person_id", "workplace": "workplace_id"}

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None, *,
                 person_id: int | None = None, workplace_id: int | None = None) -> None:
        super().__init__(ctx, bus, "Start praksis", parent, columns=2)
        # Pickers search in SQL as the user types: nothing is loaded for everyone up front.
        self.add_picker("person_id", "Deltaker", pickers.PLACEMENT_PERSONS, value=person_id,
                        placeholder="Skriv navn eller fødselsnummer …")
        self.add_picker("workplace_id", "Arbeidsplass", pickers.ACTIVE_WORKPLACES, value=workplace_id,
                        placeholder="Skriv arbeidsgiver eller avdeling …")
        self.add_choice("type", "Type praksis", vocab.PLACEMENT_TYPES, empty="Velg type")
        self.add_text("hours_per_week", "Timer per uke")
        self.add_text("nav_measure", "Nav-tiltak")
        self.add_date("start_date", "Fra", column=1, value=ctx.today())
        self.add_date("end_date", "Planlagt slutt", column=1)
        self.add_text("supervisor_name", "Arbeidsleder / mentor", column=1)
        self.add_text("supervisor_phone", "Telefon arbeidsleder", column=1)
        self.add_multiline("notes", "Notat", column=1, height=50)

    def submit(self) -> Changes:
        return placements.start_placement(self.ctx, **self.values())


class EndPlacementDialog(FormDialog):
    """End a placement with its outcome (``end_placement``)."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, placement_id: int) -> None:
        pl = Placement.get_by_id(placement_id)
        super().__init__(ctx, bus, "Avslutt praksis", parent,
                         intro=f"{pl.person.full_name} hos {pl.workplace.display_name}.")
        self.placement_id = placement_id
        self.add_date("end_date", "Sluttdato", value=ctx.today())
        self.add_choice("outcome", "Resultat", vocab.PLACEMENT_OUTCOMES, empty="Velg resultat")

    def submit(self) -> Changes:
        v = self.values()
        return placements.end_placement(self.ctx, placement_id=self.placement_id, end_date=v["end_date"],
                                        outcome=v["outcome"])


class EvaluationDialog(FormDialog):
    """Record an evaluation meeting (``add_evaluation``)."""

    aliases = {"text": "text_"}

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, placement_id: int) -> None:
        pl = Placement.get_by_id(placement_id)
        super().__init__(ctx, bus, "Ny evaluering", parent,
                         intro=f"{pl.person.full_name} hos {pl.workplace.display_name}.")
        self.placement_id = placement_id
        self.add_date("date", "Dato", value=ctx.today())
        self.add_text("evaluator", "Evaluert av")
        self.add_choice("rating", "Vurdering", {n: f"{n} av 5" for n in range(1, 6)}, empty="Ingen vurdering")
        self.add_multiline("text_", "Evaluering", height=110)

    def submit(self) -> Changes:
        return placements.add_evaluation(self.ctx, placement_id=self.placement_id, **self.values())
