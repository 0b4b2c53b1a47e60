"""Kartlegging og prøver: a person's competence mapping (once per person, printable) and test results.

The mapping often comes before any programme (it is the basis for the
decision), so this tab chooses a person, not a programme. Health limits are
shown and saved only for users who may read sensitive data (officers).
"""

from __future__ import annotations

from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ..errors import PermissionDenied, ValidationError
from ..i18n import _
from ..queries import pickers
from ..rules import intro_codes as codes
from ..services import intro_absence, introduction
from ..services.access import can
from ..services.base import Changes
from .fmt import date as fmt_date
from .intro_widgets import _combo, _date_field, _Panel
from .picker import RecordPicker

TEXTS = ("education_country", "education_documents", "work_experience", "languages", "driving_licence",
         "health_limits", "goals")


class MappingPanel(_Panel):
    """Choose a person; record the mapping and the tests; print the mapping for the participant."""

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        self.sensitive = can(ctx, "persons.read_sensitive")
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.person = RecordPicker(ctx.db, pickers.PLACEMENT_PERSONS, self)
        load = QPushButton(_("Show"))
        load.clicked.connect(self.load)
        top.addWidget(QLabel(_("Participant")))
        top.addWidget(self.person, 1)
        top.addWidget(load)
        lay.addLayout(top)
        box = QGroupBox(_("Competence mapping"))
        form = QFormLayout(box)
        self.mapped_on = _date_field()
        self.mapped_by = _combo(codes.MAPPED_BY)
        self.years = QLineEdit()
        self.years.setMaximumWidth(80)
        self.level = _combo(codes.HIGHEST_EDUCATION)
        self.digital = _combo(codes.DIGITAL_SKILLS)
        self.texts: dict[str, QLineEdit | QPlainTextEdit] = {}
        labels = {"education_country": _("Country of education"), "education_documents": _("Documents of education"),
                  "work_experience": _("Work experience"), "languages": _("Languages and level"),
                  "driving_licence": _("Driving licence"), "health_limits": _("Health limits relevant to work"),
                  "goals": _("Goals")}
        form.addRow(_("Date of mapping"), self.mapped_on)
        form.addRow(_("Mapped by"), self.mapped_by)
        form.addRow(_("Years of education"), self.years)
        form.addRow(_("Highest education"), self.level)
        for name in TEXTS:
            if name == "health_limits" and not self.sensitive:
                continue
            field = QPlainTextEdit() if name in ("work_experience", "languages", "goals", "health_limits") \
                else QLineEdit()
            if isinstance(field, QPlainTextEdit):
                field.setFixedHeight(48)
            self.texts[name] = field
            form.addRow(labels[name], field)
        form.addRow(_("Digital skills"), self.digital)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Save the mapping"))
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton(_("Print for the participant …"))
        self.print_button.clicked.connect(lambda: self.print_mapping())
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        lay.addWidget(box)
        tests = QGroupBox(_("Norwegian and social studies tests"))
        tf = QHBoxLayout(tests)
        self.test_date = _date_field()
        self.subject = _combo(codes.TEST_SUBJECTS)
        self.skill = _combo({"": _("(none)"), **codes.SKILLS})
        self.test_level = _combo({**codes.NORWEGIAN_LEVELS, **codes.SOCIAL_STUDIES_RESULTS})
        add = QPushButton(_("Register result"))
        add.clicked.connect(self.add_test)
        for w in (QLabel(_("Date")), self.test_date, self.subject, self.skill, self.test_level, add):
            tf.addWidget(w)
        lay.addWidget(tests)
        self.levels = QLabel()
        self.levels.setWordWrap(True)
        lay.addWidget(self.levels)
        lay.addWidget(self.error)
        lay.addStretch(1)

    def load(self) -> None:
        """Fill the form from the chosen person's mapping (empty when there is none yet)."""
        pid = self.person.value()
        data = introduction.mapping_of(self.ctx, person_id=pid) if pid else None
        data = data or {}
        self.mapped_on.setText(fmt_date(data.get("mapped_on")))
        self.mapped_by.setCurrentIndex(max(0, self.mapped_by.findData(data.get("mapped_by", "municipality"))))
        self.years.setText("" if data.get("education_years") is None else str(data["education_years"]))
        self.level.setCurrentIndex(max(0, self.level.findData(data.get("highest_education", "unknown"))))
        self.digital.setCurrentIndex(max(0, self.digital.findData(data.get("digital_skills", "unknown"))))
        for name, field in self.texts.items():
            field.setPlainText(data.get(name, "")) if isinstance(field, QPlainTextEdit) else field.setText(
                data.get(name, ""))
        self.show_levels()

    def show_levels(self) -> None:
        pid = self.person.value()
        best = intro_absence.best_levels(pid) if pid else {}
        parts = [f"{_(codes.SKILLS[k])}: {v}" for k, v in best.items() if k in codes.SKILLS]
        if "social_studies" in best:
            parts.append(_("Social studies: {result}").format(
                result=_(codes.SOCIAL_STUDIES_RESULTS.get(best["social_studies"], ""))))
        self.levels.setText(_("Best results: {list}").format(list=", ".join(parts)) if parts else "")

    def _pid(self) -> int | None:
        pid = self.person.value()
        if pid is None:
            self.error.setText(_("Choose the participant from the list that appears as you type."))
            self.error.show()
        return pid

    def save(self) -> Changes | None:
        pid = self._pid()
        if pid is None:
            return None
        texts = {n: (f.toPlainText() if isinstance(f, QPlainTextEdit) else f.text()) for n, f in self.texts.items()}
        return self.call(lambda: introduction.save_mapping(
            self.ctx, person_id=pid, mapped_on=self.mapped_on.text(), mapped_by=self.mapped_by.currentData(),
            education_years=self.years.text() or None, highest_education=self.level.currentData(),
            digital_skills=self.digital.currentData(), **texts))

    def add_test(self) -> Changes | None:
        pid = self._pid()
        if pid is None:
            return None
        changes = self.call(lambda: intro_absence.record_test(
            self.ctx, person_id=pid, test_date=self.test_date.text(), subject=self.subject.currentData(),
            skill=self.skill.currentData() or "", level=self.test_level.currentData()))
        if changes is not None:
            self.show_levels()
        return changes

    def print_mapping(self, *, show: bool = True):
        pid = self._pid()
        if pid is None:
            return None
        from ..documents.templates import TemplateError  # the printing code (reportlab) loads when first used
        from ..services import intro_printing
        try:
            doc = intro_printing.mapping_printout(self.ctx, person_id=pid)
        except (ValidationError, PermissionDenied, TemplateError) as exc:  # shown beside the form, nothing printed
            self.error.setText("\n".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc))
            self.error.show()
            return None
        self.error.hide()
        from .print_preview import preview_documents
        return preview_documents(self, self.ctx, self.bus, [doc], show=show)
