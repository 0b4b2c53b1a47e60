"""Forms for a municipal unit let to others than refugees (``services.unit_letting``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .. import vocab
from ..context import Context
from ..i18n import _
from ..queries import housing as read
from ..queries import records
from ..services import unit_letting
from ..services.base import Changes
from .bus import ChangeBus
from .forms import FormDialog


class LetToOthersDialog(FormDialog):
    """The unit is let to others (e.g. municipal employees) from a date, open-ended or to a date."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, *, unit_id: int) -> None:
        unit = records.require(ctx, "housing_unit", unit_id)
        super().__init__(ctx, bus, _("Let to others: {address}").format(address=unit.address), parent,
                         intro=_("The unit is let to others than refugees, e.g. municipal employees. It then counts "
                                 "as let to others, not vacant, in the housing report and on the start page."))
        self.unit_id = unit_id
        self.add_choice("tenant_group", _("Let to"), vocab.TENANT_GROUPS, value="employees")
        self.add_date("start_date", _("From"), value=ctx.today())
        self.add_date("end_date", _("To"), hint=_("Empty when the letting has no end date"))
        self.add_text("note", _("Note"), hint=_("E.g. the department; no personal data"))

    def submit(self) -> Changes:
        return unit_letting.let_to_others(self.ctx, unit_id=self.unit_id, **self.values())


class EndLettingDialog(FormDialog):
    """End a letting to others: the last day the others have the unit."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, *, letting_id: int) -> None:
        address = read.letting_address(ctx, letting_id)
        super().__init__(ctx, bus, _("End the letting: {address}").format(address=address), parent,
                         intro=_("Last day the unit is let to others:"))
        self.letting_id = letting_id
        self.add_date("end_date", _("To"), value=ctx.today())

    def submit(self) -> Changes:
        return unit_letting.end_letting(self.ctx, letting_id=self.letting_id, end_date=self.value("end_date"))


# What saving these forms needs: a role without it (or a read-only database) opens them for reading.
for _form in (LetToOthersDialog, EndLettingDialog):
    _form.permission = "housing.write"
