"""The introduction programme's panels: integration plan, absence, periods and ending.

Each panel shows one programme (``show_programme``), collects values and
calls one service; ValidationError messages are shown beside the form in a
red label, never swallowed. Dates are typed as dd.mm.åååå (the services parse them).
"""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..errors import NotFound, PermissionDenied, ValidationError
from ..i18n import N_, _
from ..queries import intro as q
from ..queries.intro import ProgrammeFacts
from ..rules import intro_absence as arules
from ..rules import intro_codes as codes
from ..rules import introduction as rules
from ..services import intro_absence, introduction
from ..services.base import Changes
from .bus import ChangeBus
from .fmt import date as fmt_date
from .widgets import error_label

DATE_HINT = _("dd.mm.yyyy")


def _date_field() -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(DATE_HINT)
    field.setMaximumWidth(110)
    return field


def _combo(options: dict[str, str]) -> QComboBox:
    box = QComboBox()
    for code, label in options.items():
        box.addItem(_(label), code)
    return box


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class _Panel(QWidget):
    """Common: the programme shown, the error label and the service call."""

    def __init__(self, ctx, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        self.programme: ProgrammeFacts | None = None
        self.error = error_label()

    def show_programme(self, programme: ProgrammeFacts | None) -> None:
        """Show one programme (each panel says how)."""
        raise NotImplementedError

    def reload(self) -> None:
        """Show the current programme again, read anew after a change."""
        self.show_programme(q.programme_facts(self.programme.id) if self.programme is not None else None)

    def call(self, action) -> Changes | None:
        """Run a service; show its messages in the red label (nothing saved) or publish the changes."""
        try:
            changes = action()
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            self.error.show()
            return None
        except (PermissionDenied, NotFound) as exc:
            self.error.setText(str(exc))
            self.error.show()
            return None
        self.error.hide()
        self.bus.publish(changes)
        return changes


class PlanEditor(_Panel):
    """The integration plan: end goal, measures with dates and hours, revision reason, warnings, signing."""

    HEADERS = (_("Measure"), _("Description"), _("From"), _("To"), _("Hours per week"), _("Placement"))

    def __init__(self, ctx, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.goal = _combo(rules.END_GOALS)
        self.upper_secondary = QCheckBox(_("Has upper secondary education or higher"))
        self.self_study = QCheckBox(_("The measures need much own work (30 hours a week is full time)"))
        self.revision = QLabel()
        form.addRow(_("End goal"), self.goal)
        form.addRow("", self.upper_secondary)
        form.addRow("", self.self_study)
        form.addRow(_("Revision"), self.revision)
        lay.addLayout(form)
        self.table = _table(list(self.HEADERS))
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add measure"))
        self.add_button.clicked.connect(lambda: self.add_measure())
        self.remove_button = QPushButton(_("Remove measure"))
        self.remove_button.clicked.connect(self.remove_measure)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        lay.addLayout(row)
        form2 = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Required when the plan is revised"))
        form2.addRow(_("Reason for the revision"), self.reason)
        lay.addLayout(form2)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5300;")
        lay.addWidget(self.warnings)
        lay.addWidget(self.error)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Save the plan"))
        self.save_button.clicked.connect(self.save)
        self.signed_on = _date_field()
        self.sign_button = QPushButton(_("Register signature"))
        self.sign_button.clicked.connect(self.sign)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(_("Signed on")))
        buttons.addWidget(self.signed_on)
        buttons.addWidget(self.sign_button)
        lay.addLayout(buttons)

    def show_programme(self, programme: ProgrammeFacts | None) -> None:
        self.programme = programme
        self.table.setRowCount(0)
        self.error.hide()
        self.reason.clear()
        plan = q.plan_view(programme.id) if programme else None
        if plan is not None:
            self.goal.setCurrentIndex(self.goal.findData(plan.end_goal))
            self.upper_secondary.setChecked(plan.has_upper_secondary)
            self.self_study.setChecked(plan.self_study)
            text = _("{n} (signed {date})").format(n=plan.revision, date=fmt_date(plan.signed_on)) \
                if plan.signed_on else _("{n} (not signed)").format(n=plan.revision)
            self.revision.setText(text)
            self.revision.setToolTip("\n".join(f"{n}: {fmt_date(day)} {why}" for n, day, why in plan.revisions))
            for m in plan.measures:
                self.add_measure(kind=m.kind, title=m.title, start=fmt_date(m.start), end=fmt_date(m.end),
                                 hours=str(m.hours).replace(".", ","), placement=m.placement_id)
        else:
            self.revision.setText(_("No plan yet"))
            self.revision.setToolTip("")
        self.warnings.setText("\n".join(q.plan_warnings(programme.id)) if programme else "")
        for w in (self.save_button, self.sign_button, self.add_button, self.remove_button):
            w.setEnabled(programme is not None)

    def add_measure(self, *, kind: str = "norwegian", title: str = "", start: str = "", end: str = "",
                    hours: str = "", placement: int | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        box = _combo(codes.MEASURE_KINDS)
        box.setCurrentIndex(box.findData(kind))
        self.table.setCellWidget(row, 0, box)
        for col, value in ((1, title), (2, start), (3, end), (4, hours)):
            self.table.setItem(row, col, QTableWidgetItem(value))
        places = QComboBox()
        places.addItem(_("(none)"), None)
        if self.programme is not None:
            for name, since, placement_id in q.placement_choices(self.programme.id):
                places.addItem(f"{name} ({fmt_date(since)})", placement_id)
        places.setCurrentIndex(max(0, places.findData(placement)))
        self.table.setCellWidget(row, 5, places)
        return row

    def remove_measure(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def measures(self) -> list[dict]:
        out = []
        for row in range(self.table.rowCount()):
            def cell(c: int, row: int = row) -> str:
                item = self.table.item(row, c)
                return item.text() if item else ""

            def choice(c: int, row: int = row) -> object:
                box = self.table.cellWidget(row, c)
                return box.currentData() if isinstance(box, QComboBox) else None
            out.append(dict(kind=choice(0), title=cell(1), start_date=cell(2), end_date=cell(3),
                            hours_per_week=cell(4), placement_id=choice(5)))
        return out

    def save(self) -> Changes | None:
        if self.programme is None:
            return None
        pid = self.programme.id
        changes = self.call(lambda: introduction.save_plan(
            self.ctx, programme_id=pid, end_goal=self.goal.currentData(),
            has_upper_secondary=self.upper_secondary.isChecked(), self_study=self.self_study.isChecked(),
            measures=self.measures(), reason=self.reason.text()))
        if changes is not None:
            self.reload()
        return changes

    def sign(self) -> Changes | None:
        if self.programme is None:
            return None
        plan = q.plan_view(self.programme.id)
        if plan is None:
            self.error.setText(_("Save the plan first."))
            self.error.show()
            return None
        changes = self.call(lambda: introduction.sign_plan(self.ctx, plan_id=plan.id, signed_on=self.signed_on.text()))
        if changes is not None:
            self.reload()
        return changes


class AbsencePanel(_Panel):
    """Absence of the programme: register a day, part-day or span with its type; the rules refuse with a reason."""

    def __init__(self, ctx, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.first = _date_field()
        self.last = _date_field()
        self.kind = _combo(arules.ABSENCE_TYPES)
        self.hours = QLineEdit()
        self.hours.setPlaceholderText(_("Empty = whole day"))
        self.hours.setMaximumWidth(160)
        self.note = QLineEdit()
        self.chronic_child = QCheckBox(_("The child is chronically ill or disabled (days until the year it turns 18)"))
        span = QHBoxLayout()
        span.addWidget(self.first)
        span.addWidget(QLabel(_("to")))
        span.addWidget(self.last)
        span.addStretch(1)
        form.addRow(_("From"), span)
        form.addRow(_("Kind of absence"), self.kind)
        form.addRow(_("Hours (part of a day)"), self.hours)
        form.addRow("", self.chronic_child)
        form.addRow(_("Note"), self.note)
        lay.addLayout(form)
        lay.addWidget(self.error)
        buttons = QHBoxLayout()
        self.register_button = QPushButton(_("Register absence"))
        self.register_button.clicked.connect(self.register)
        self.delete_button = QPushButton(_("Delete selected"))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.summary = QLabel()
        lay.addWidget(self.summary)
        self.table = _table([_("Day"), _("Kind of absence"), _("Hours"), _("Note")])
        lay.addWidget(self.table, 1)
        self.ids: list[int] = []

    def show_programme(self, programme: ProgrammeFacts | None) -> None:
        self.programme = programme
        self.error.hide()
        self.table.setRowCount(0)
        self.ids = []
        rows = q.absences(programme.id) if programme else []
        for a in rows:
            r = self.table.rowCount()
            self.table.insertRow(r)
            hours = _("whole day") if a.hours is None else str(a.hours).replace(".", ",")
            for c, v in enumerate((fmt_date(a.day), _(arules.ABSENCE_TYPES.get(a.kind, a.kind)), hours, a.note)):
                self.table.setItem(r, c, QTableWidgetItem(v))
            self.ids.append(a.id)
        self_certs = len(arules.spells([a.day for a in rows if a.kind == "own_sick_self"]))
        child = sum(1 for a in rows if a.kind == "child_sick")
        unexcused = sum(1 for a in rows if a.kind == "unexcused")
        self.summary.setText(_("Self-certifications: {s}  ·  Days for a sick child: {c}  ·  Unexcused: {u}").format(
            s=self_certs, c=child, u=unexcused))
        self.register_button.setEnabled(programme is not None)

    def register(self) -> Changes | None:
        if self.programme is None:
            return None
        pid = self.programme.id
        changes = self.call(lambda: intro_absence.register_absence(
            self.ctx, programme_id=pid, first_day=self.first.text(), last_day=self.last.text() or None,
            kind=self.kind.currentData(), hours=self.hours.text() or None, note=self.note.text(),
            chronic_child=self.chronic_child.isChecked()))
        if changes is not None:
            for w in (self.first, self.last, self.hours, self.note):
                w.clear()
            self.chronic_child.setChecked(False)
            self.reload()
        return changes

    def delete_selected(self) -> Changes | None:
        row = self.table.currentRow()
        if self.programme is None or not (0 <= row < len(self.ids)):
            return None
        changes = self.call(lambda: intro_absence.delete_absence(self.ctx, absence_id=self.ids[row]))
        if changes is not None:
            self.reload()
        return changes


class PeriodsPanel(_Panel):
    """Leave, stop and extension of the programme, and its end with a result."""

    def __init__(self, ctx, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        self.table = _table([_("Kind"), _("From"), _("To"), _("Reason")])
        lay.addWidget(self.table, 1)
        form = QFormLayout()
        self.kind = _combo({c: v for c, v in codes.PERIOD_KINDS.items() if c != "extension"})
        self.start = _date_field()
        self.end = _date_field()
        self.reason = QLineEdit()
        add = QPushButton(_("Add period"))
        add.clicked.connect(self.add_period)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("From"), self.start)
        form.addRow(_("To"), self.end)
        form.addRow(_("Reason"), self.reason)
        form.addRow("", add)
        self.new_end = _date_field()
        extend = QPushButton(_("Extend the programme"))
        extend.clicked.connect(self.extend)
        form.addRow(_("New planned end"), self.new_end)
        form.addRow("", extend)
        self.end_date = _date_field()
        self.result = _combo(codes.RESULTS)
        finish = QPushButton(_("End the programme"))
        finish.clicked.connect(self.finish)
        form.addRow(_("End date"), self.end_date)
        form.addRow(_("Result"), self.result)
        form.addRow("", finish)
        lay.addLayout(form)
        lay.addWidget(self.error)

    def show_programme(self, programme: ProgrammeFacts | None) -> None:
        self.programme = programme
        self.error.hide()
        self.table.setRowCount(0)
        if programme is None:
            return
        for p in q.periods(programme.id):
            r = self.table.rowCount()
            self.table.insertRow(r)
            for c, v in enumerate((_(codes.PERIOD_KINDS.get(p.kind, p.kind)), fmt_date(p.start),
                                   fmt_date(p.end), p.reason)):
                self.table.setItem(r, c, QTableWidgetItem(v))

    def _after(self, changes: Changes | None) -> Changes | None:
        if changes is not None and self.programme is not None:
            self.reload()
        return changes

    def add_period(self) -> Changes | None:
        if self.programme is None:
            return None
        pid = self.programme.id
        return self._after(self.call(lambda: introduction.add_period(
            self.ctx, programme_id=pid, kind=self.kind.currentData(), start_date=self.start.text(),
            end_date=self.end.text() or None, reason=self.reason.text())))

    def extend(self) -> Changes | None:
        if self.programme is None:
            return None
        pid = self.programme.id
        return self._after(self.call(lambda: introduction.extend_programme(
            self.ctx, programme_id=pid, new_end_date=self.new_end.text(), reason=self.reason.text())))

    def finish(self) -> Changes | None:
        if self.programme is None:
            return None
        pid = self.programme.id
        return self._after(self.call(lambda: introduction.end_programme(
            self.ctx, programme_id=pid, end_date=self.end_date.text(), result=self.result.currentData(),
            reason=self.reason.text())))


#: lives_with_parents as the combo box offers it
PARENTS_CHOICES = {"unknown": N_("Not registered"), "yes": N_("Yes"), "no": N_("No")}


def parents_code(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def parents_value(code: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(code or "unknown")


class FactsPanel(_Panel):
    """The facts the rules depend on: the date the residence permit was granted (§ 8 judges the age on it),
    alone with the care of children (child-sickness days) and, under 25, living with a parent (§ 20)."""

    def __init__(self, ctx, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a5300;")
        lay.addWidget(self.notes)
        form = QFormLayout()
        self.permit = _date_field()
        self.permit_button = QPushButton(_("Save the permit date"))
        self.permit_button.clicked.connect(self.save_permit)
        row = QHBoxLayout()
        row.addWidget(self.permit)
        row.addWidget(self.permit_button)
        row.addStretch(1)
        form.addRow(_("Residence permit granted"), row)
        self.sole_carer = QCheckBox(_("Alone with the care of children"))
        self.parents = _combo(PARENTS_CHOICES)
        self.facts_button = QPushButton(_("Save"))
        self.facts_button.clicked.connect(self.save_facts)
        form.addRow("", self.sole_carer)
        form.addRow(_("Under 25: lives with one or both parents"), self.parents)
        form.addRow("", self.facts_button)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addStretch(1)

    def show_programme(self, programme: ProgrammeFacts | None) -> None:
        self.programme = programme
        self.error.hide()
        self.notes.setText("\n".join(programme.notes) if programme else "")
        self.permit.setText(fmt_date(programme.permit_date) if programme else "")
        self.sole_carer.setChecked(bool(programme and programme.sole_carer))
        self.parents.setCurrentIndex(self.parents.findData(parents_code(programme.lives_with_parents
                                                                         if programme else None)))
        self.parents.setEnabled(bool(programme and programme.under_25))
        for w in (self.permit_button, self.facts_button):
            w.setEnabled(programme is not None)

    def save_permit(self) -> Changes | None:
        if self.programme is None:
            return None
        person_id = self.programme.person_id
        changes = self.call(lambda: introduction.set_permit_date(self.ctx, person_id=person_id,
                                                                 permit_date=self.permit.text() or None))
        if changes is not None:
            self.reload()
        return changes

    def save_facts(self) -> Changes | None:
        if self.programme is None:
            return None
        pid = self.programme.id
        changes = self.call(lambda: introduction.update_programme_facts(
            self.ctx, programme_id=pid, sole_carer=self.sole_carer.isChecked(),
            lives_with_parents=parents_value(self.parents.currentData())))
        if changes is not None:
            self.reload()
        return changes
