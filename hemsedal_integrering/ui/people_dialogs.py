"""Forms for households and persons: household with members, person, status, moving away."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from .. import vocab
from ..context import Context
from ..i18n import _
from ..queries import people as read
from ..queries import records
from ..services import people
from ..services.access import can
from ..services.base import Changes
from . import fmt
from .bus import ChangeBus
from .forms import FormDialog, confirm, error_label, run_action
from .widgets import resize_within_screen

ERROR_ROW = QColor("#fde7e9")
PERSON_FIELDS = [f.name for f in fields(people.PersonInput)]


class PersonDialog(FormDialog):
    """All fields of one person.

    ``mode`` 'collect' only gathers values for a new household (the household
    form saves them together); 'add' calls ``add_person``; 'edit' calls
    ``update_person``.
    """

    def __init__(self, ctx: Context, bus: ChangeBus | None, parent: QWidget | None = None, *, mode: str = "edit",
                 value: people.PersonInput | None = None, household_id: int | None = None,
                 person_id: int | None = None, errors: dict[str, str] | None = None) -> None:
        title = {"edit": _("Edit person"), "add": _("New person in the household"), "collect": _("Person")}[mode]
        needs = {"add": ("household_id", household_id), "edit": ("person_id", person_id)}.get(mode)
        if needs is not None and needs[1] is None:
            raise ValueError(f"PersonDialog(mode={mode!r}) needs {needs[0]}")
        super().__init__(ctx, bus, title, parent, columns=2)
        self.mode = mode
        self.household_id = household_id
        self.person_id = person_id
        if value is None and person_id is not None:
            loaded = records.require(ctx, "person", person_id)
            self.track(loaded)  # a save based on this version is refused if someone saved since (issue 17)
            value = people.person_input_from(loaded)
        v = value or people.PersonInput()
        self.result_input: people.PersonInput | None = None
        self.add_text("first_name", _("First name"), value=v.first_name)
        self.add_text("last_name", _("Last name"), value=v.last_name)
        self.add_choice("role", _("Role"), vocab.ROLES_IN_HOUSEHOLD, value=v.role)
        self.birth_date_edit = self.add_date("birth_date", _("Date of birth"), value=v.birth_date)
        self.add_choice("gender", _("Gender"), vocab.GENDERS, value=v.gender, empty="—")
        self.national_id_edit = self.add_text("national_id", _("National ID / D number"),
                                              value=v.national_id or "", placeholder=_("11 digits"))
        self.duf_number_edit = self.add_text("duf_number", _("DUF number"), value=v.duf_number or "",
                                             placeholder=_("12 digits"))
        country = self.add_choice("country", _("Country of origin"), vocab.COUNTRIES, value=v.country, empty="—",
                                  searchable=True)
        country.insertSeparator(1 + len(vocab.COUNTRIES_COMMON))  # the common origins first, then all (CLDR)
        self.add_check("born_in_norway", "", value=v.born_in_norway, text=_("Born in Norway"))
        self.add_check("unaccompanied_minor", "", value=v.unaccompanied_minor,
                       text=_("Unaccompanied minor (status at settlement)"))
        self.add_languages("languages", _("Languages"), vocab.LANGUAGES, column=1, value=v.languages)
        interpreter = self.add_choice("interpreter_language", _("Interpreter"), vocab.LANGUAGES, column=1,
                                      value=v.interpreter_language, empty=_("Needs no interpreter"), searchable=True)
        interpreter.insertSeparator(1 + len(vocab.LANGUAGES_COMMON))
        self.add_choice("legal_basis", _("Legal basis for residence"), vocab.LEGAL_BASES, column=1,
                        value=v.legal_basis, empty=_("As the household"))
        self.add_text("phone", _("Phone"), column=1, value=v.phone)
        self.add_text("email", _("Email"), column=1, value=v.email)
        self.add_date("arrival_date", _("Arrival date"), column=1, value=v.arrival_date,
                      hint=_("Empty = the household's settlement date"))
        if can(ctx, "persons.read_sensitive"):
            self.add_multiline("health_note", _("Health note"), column=1, value=v.health_note, height=50)
            self.add_multiline("case_note", _("Case note"), column=1, value=v.case_note, height=50)
        # An identity number is checked as soon as the field is left (issue 15), not first at Lagre.
        self.national_id_edit.editingFinished.connect(self.check_national_id)
        self.birth_date_edit.editingFinished.connect(self.check_national_id)
        self.duf_number_edit.editingFinished.connect(self.check_duf_number)
        if mode == "collect":  # saved together with the household, not now
            self.buttons.button(self.buttons.StandardButton.Save).setText(_("OK"))
        self.fields["first_name"].setFocus()
        if errors:
            self.show_errors(errors)

    def check_national_id(self) -> str:
        """Red message for a wrong number; an orange note when its date is not the birth date. Returns the text."""
        from ..rules import identity
        label = self.errors["national_id"]
        raw = self.national_id_edit.text().strip()
        text, colour = "", ""
        if raw:
            check = identity.check_national_id(raw)
            if check.message is not None:  # not ok
                text, colour = check.message, "#b3261e"
            else:
                from ..services.base import Errors, parse_date
                born = parse_date(Errors(), "birth_date", self.birth_date_edit.text())
                if identity.date_mismatch(check.number, born):
                    text, colour = _("The date in the number is not the date of birth. That can be right for a "
                                     "D number; check both."), "#8a5a00"
        label.setText(text)
        label.setStyleSheet(f"color: {colour};")
        label.setVisible(bool(text))
        return text

    def check_duf_number(self) -> str:
        from ..rules import identity
        label = self.errors["duf_number"]
        raw = self.duf_number_edit.text().strip()
        check = identity.check_duf_number(raw) if raw else None
        text = check.message if check is not None and not check.ok else ""
        label.setText(text or "")
        label.setStyleSheet("color: #b3261e;")
        label.setVisible(bool(text))
        return text or ""

    def person_input(self) -> people.PersonInput:
        vals = self.values()
        return people.PersonInput(**{k: vals[k] for k in PERSON_FIELDS if k in vals})

    def submit(self) -> Changes | None:
        if self.mode == "collect":
            self.result_input = self.person_input()
            return None
        if self.mode == "add" and self.household_id is not None:  # __init__ refuses 'add' without it
            return people.add_person(self.ctx, household_id=self.household_id, person=self.person_input())
        if self.mode == "edit" and self.person_id is not None:  # likewise 'edit' without the person
            vals = self.values()
            return people.update_person(self.ctx, person_id=self.person_id,
                                        **{k: vals[k] for k in PERSON_FIELDS if k in vals})
        raise ValueError(f"PersonDialog: unknown mode {self.mode!r}")


class HouseholdDialog(FormDialog):
    """A household's fields and its members.

    New household: members are collected here and saved together with
    ``register_household`` (one call). Existing household: Lagre calls
    ``update_household``; adding, editing and removing a member are their own
    saves (``add_person``/``update_person``/``remove_person``) done at once.
    """

    def __init__(self, ctx: Context, bus: ChangeBus | None, parent: QWidget | None = None,
                 household_id: int | None = None) -> None:
        self.household_id = household_id
        h = records.require(ctx, "household", household_id) if household_id else None
        title = _("Household: {name}").format(name=h.name) if h else _("New household")
        super().__init__(ctx, bus, title, parent, columns=2)
        self.track(h)  # issue 17: refuse a save based on an older version
        resize_within_screen(self, 900, 640)
        self.add_text("name", _("Name of the household"), value=h.name if h else "",
                      placeholder=_("e.g. the Haddad family"))
        munis = {code: fmt.municipality(name) for code, name in records.municipalities(ctx).items()}
        self.add_choice("municipality", _("Municipality"), munis,
                        value=records.municipality_code(ctx, h.municipality_id) if h else None,
                        empty=_("Choose a municipality"))
        settlement = self.add_date("settlement_date", _("Settlement date"), value=h.settlement_date if h else None,
                                   hint=_("Empty if the household has not arrived yet"))
        self.add_choice("legal_basis", _("Legal basis for residence"), vocab.LEGAL_BASES,
                        value=h.legal_basis if h else None, empty=_("Choose a legal basis"))
        self._done_before_touched = False
        self.done_before: QLineEdit | None = None
        if h is None or h.settlement_date is None:  # back-registration: only when the plan is made now
            self.done_before = self.add_date("done_before", _("Tasks already done before"),
                                             hint=_("Tasks due before this date are marked done «registered after "
                                                    "the fact». Empty = none."))
            self.done_before.textEdited.connect(self._done_before_edited)
            settlement.textChanged.connect(self._settlement_changed)
        self.add_text("case_reference", _("Case number"), column=1, value=h.case_reference if h else "")
        self.add_text("contact_phone", _("Phone"), column=1, value=h.contact_phone if h else "")
        address = self.add_text("address_note", _("Address (other than municipal housing)"), column=1,
                                value=h.address_note if h else "")
        # A whole postal address ("street 12, 3560 Hemsedal") is read without scrolling the field.
        address.setMinimumWidth(address.fontMetrics().horizontalAdvance("Hemsedalsvegen 2950, leil. 2, 3560 Hemsedal")
                                + 16)  # i18n: data (a width sample, never shown)
        if can(ctx, "persons.read_sensitive"):
            self.add_multiline("notes", _("Note"), column=1, value=h.notes if h else "", height=50)
        # members
        self.body.addWidget(QLabel("<b>" + _("Persons in the household") + "</b>"))
        self.members_table = QTableWidget(0, 5)
        self.members_table.setObjectName("members")
        self.members_table.setHorizontalHeaderLabels([_("Name"), _("Role"), _("Date of birth"),
                                                      _("National ID / D number"), _("Languages")])
        self.members_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.members_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members_table.doubleClicked.connect(self.edit_member)
        self.body.addWidget(self.members_table)
        self.members_error = error_label()
        self.members_error.setObjectName("error_members")
        self.body.addWidget(self.members_error)
        row = QHBoxLayout()
        for text, slot, name in ((_("Add person …"), self.add_member, "add_member"),
                                 (_("Edit person …"), self.edit_member, "edit_member"),
                                 (_("Remove person"), self.remove_member, "remove_member")):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        self.body.addLayout(row)
        self.members: list[people.PersonInput] = []
        self.member_ids: list[int] = []
        self.member_errors: dict[int, dict[str, str]] = {}
        self._members_dirty = False
        self.load_members()
        self.fields["name"].setFocus()

    # ----- back-registration -----

    def _done_before_edited(self, _text: str) -> None:
        self._done_before_touched = True

    def _settlement_changed(self, value: str) -> None:
        """A settlement date in the past suggests "everything due before today is done" (until the user edits it)."""
        if self._done_before_touched or self.done_before is None:
            return
        from ..services.base import Errors, parse_date
        day = parse_date(Errors(), "settlement_date", value)
        past = day is not None and day < self.ctx.today()
        self.done_before.setText(fmt.date(self.ctx.today()) if past else "")

    # ----- members -----

    def load_members(self) -> None:
        if self.household_id:
            rows = read.members_in_order(self.ctx, self.household_id)
            self.member_ids = [p.id for p in rows]
            self.members = [people.person_input_from(p) for p in rows]
        t = self.members_table
        t.setRowCount(len(self.members))
        for i, m in enumerate(self.members):
            cells = [f"{m.first_name} {m.last_name}".strip(), vocab.label(vocab.ROLES_IN_HOUSEHOLD, m.role),
                     fmt.date(m.birth_date) if hasattr(m.birth_date, "isoformat") else str(m.birth_date or ""),
                     m.national_id or "", fmt.languages(m.languages)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if i in self.member_errors:
                    item.setBackground(QBrush(ERROR_ROW))
                    item.setToolTip("\n".join(self.member_errors[i].values()))
                t.setItem(i, c, item)

    def _selected(self) -> int:
        rows = self.members_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def add_member(self) -> None:
        if self.household_id:
            dlg = PersonDialog(self.ctx, self.bus, self, mode="add", household_id=self.household_id,
                               value=people.PersonInput(role="child" if self.members else "adult",
                                                        last_name=self.members[0].last_name if self.members else ""))
            if dlg.exec():
                self.load_members()
            return
        dlg = PersonDialog(self.ctx, None, self, mode="collect", value=people.PersonInput(
            role="child" if len(self.members) >= 2 else "adult",
            last_name=self.members[0].last_name if self.members else ""))
        if dlg.exec() and dlg.result_input is not None:
            self.members.append(dlg.result_input)
            self._members_dirty = True
            self.load_members()

    def edit_member(self, *_args: Any) -> None:
        i = self._selected()
        if i < 0:
            return
        if self.household_id:
            dlg = PersonDialog(self.ctx, self.bus, self, mode="edit", person_id=self.member_ids[i])
            if dlg.exec():
                self.load_members()
            return
        dlg = PersonDialog(self.ctx, None, self, mode="collect", value=self.members[i],
                           errors=self.member_errors.get(i))
        if dlg.exec() and dlg.result_input is not None:
            self.members[i] = dlg.result_input
            self.member_errors.pop(i, None)
            self._members_dirty = True
            self.load_members()

    def remove_member(self) -> None:
        i = self._selected()
        if i < 0:
            return
        m = self.members[i]
        name = f"{m.first_name} {m.last_name}".strip() or _("the person")
        if self.household_id:
            if confirm(self, _("Remove person"), _("Delete {name} from the household? Use this only for registration "
                                                   "errors; otherwise register moving away.").format(name=name)):
                if run_action(self, self.bus, lambda: people.remove_person(self.ctx, person_id=self.member_ids[i])):
                    self.load_members()
            return
        del self.members[i]
        self.member_errors = {}
        self._members_dirty = True
        self.load_members()

    # ----- saving -----

    def is_dirty(self) -> bool:
        return self._members_dirty or super().is_dirty()

    def show_errors(self, errors: dict[str, str]) -> None:
        own = {k: v for k, v in errors.items() if not k.startswith("members")}
        super().show_errors(own)
        self.member_errors = {}
        lines = []
        for key, message in errors.items():
            if key == "members":
                lines.append(message)
            elif key.startswith("members["):
                i = int(key[len("members["):key.index("]")])
                field = key[key.index("]") + 2:]
                self.member_errors.setdefault(i, {})[field] = message
                m = self.members[i] if i < len(self.members) else None
                who = f"{m.first_name} {m.last_name}".strip() if m else _("Person {number}").format(number=i + 1)
                lines.append(f"{who}: {message}")
        self.members_error.setText("\n".join(lines))
        self.members_error.setVisible(bool(lines))
        self.load_members()

    def clear_errors(self) -> None:
        super().clear_errors()
        if hasattr(self, "members_error"):
            self.members_error.hide()

    def submit(self) -> Changes:
        vals = self.values()
        household = {k: vals[k] for k in ("name", "municipality", "settlement_date", "legal_basis", "case_reference",
                                          "contact_phone", "address_note", "notes", "done_before") if k in vals}
        if self.household_id:
            return people.update_household(self.ctx, household_id=self.household_id, **household)
        return people.register_household(self.ctx, members=list(self.members), **household)


class StatusDialog(FormDialog):
    """Add a status period (what the person does) with ``add_status``."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, person_id: int) -> None:
        p = records.require(ctx, "person", person_id)
        super().__init__(ctx, bus, _("New status for {name}").format(name=p.full_name), parent,
                         intro=_("An ongoing status ends automatically the day before the new one starts."))
        self.person_id = person_id
        self.add_choice("status", _("Status"), vocab.STATUSES, empty=_("Choose a status"))
        self.add_date("start_date", _("From"), value=ctx.today())
        self.add_date("end_date", _("To"), hint=_("Empty = ongoing"))
        self.add_multiline("note", _("Remark"), height=50)

    def submit(self) -> Changes:
        v = self.values()
        return people.add_status(self.ctx, person_id=self.person_id, status=v["status"], start_date=v["start_date"],
                                 end_date=v["end_date"], note=v["note"])


class MoveAwayDialog(FormDialog):
    """Record moving away (utflytting) for the whole household or some members."""

    aliases = {"person_ids": "members"}

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, household_id: int,
                 person_id: int | None = None) -> None:
        h = records.require(ctx, "household", household_id)
        super().__init__(ctx, bus, _("Register moving away: {household}").format(household=h.name), parent,
                         intro=_("Ongoing work placements and statuses end on the moving date. If everyone moves, "
                                 "the tenancy ends too."))
        self.household_id = household_id
        self.add_date("date", _("Moving date"), value=ctx.today())
        self.add_text("moved_to", _("Moving to (municipality)"))
        self.add_choice("reason", _("Reason"), vocab.MOVE_REASONS, empty=_("Choose a reason"))
        picker = QListWidget()
        picker.setMaximumHeight(130)
        for p in read.members_in_order(ctx, household_id):
            if p.moved_out_date is not None:
                continue
            item = QListWidgetItem(f"{p.full_name} ({vocab.label(vocab.ROLES_IN_HOUSEHOLD, p.role).lower()})")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            picker.addItem(item)
        self.picker = picker
        self._add("members", _("Who is moving"), picker)

    def value(self, name: str) -> Any:
        if name == "members":
            return tuple(self.picker.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.picker.count())
                         if self.picker.item(i).checkState() == Qt.CheckState.Checked)
        return super().value(name)

    def submit(self) -> Changes:
        v = self.values()
        chosen = list(v["members"])
        everyone = len(chosen) == self.picker.count()
        return people.record_moving_away(self.ctx, household_id=self.household_id, date=v["date"],
                                         moved_to=v["moved_to"], reason=v["reason"],
                                         person_ids=None if everyone else chosen)


class ProgrammeDialog(FormDialog):
    """Create or edit a person's introduction programme (``record_programme``)."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, person_id: int,
                 programme_id: int | None = None) -> None:
        p = records.require(ctx, "person", person_id)
        row = records.require(ctx, "intro_programme", programme_id) if programme_id else None
        super().__init__(ctx, bus, _("Introduction programme: {name}").format(name=p.full_name), parent)
        self.person_id = person_id
        self.programme_id = programme_id
        self.add_date("start_date", _("Start"), value=row.start_date if row else None)
        self.add_date("planned_end_date", _("Planned end"), value=row.planned_end_date if row else None)
        self.add_date("actual_end_date", _("Actual end"), value=row.actual_end_date if row else None)
        self.add_text("end_reason", _("Reason for ending"), value=row.end_reason if row else "")
        if row is None:  # a new programme goes through § 8 (services.status.record_programme)
            self.add_check("discretionary", "",
                           text=_("Offered without a right (discretionary, integreringsloven § 8)"))

    def submit(self) -> Changes:
        return people.record_programme(self.ctx, person_id=self.person_id, programme_id=self.programme_id,
                                       **self.values())


# What saving these forms needs: a role without it (or a read-only database) opens them for reading.
for _form in (PersonDialog, HouseholdDialog, StatusDialog, MoveAwayDialog, ProgrammeDialog):
    _form.permission = "persons.write"
