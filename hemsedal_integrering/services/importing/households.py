"""Rows of persons → households, through ``services.people``.

Rules:

* Rows belong to one household when they share the household column (a
  name or a number); without it, the case number; without that, the same
  last name, settlement date and address.
* A person already registered (same national ID, DUF number, or same name
  and date of birth) is not registered again: the row is "already
  registered". When some members of a household are registered and others
  are new (a child born, a relative reunited), the new ones are added to the
  existing household (``add_person``). So the same file can be imported
  again and adds nothing.
* A new household is one ``register_household`` call with all its members;
  with a settlement date and the run's "done before" day, earlier duties
  are marked done "registrert i ettertid" (back-registration).
* Role missing: 18 years or older on the settlement date is an adult.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from ...context import Context
from ..base import Changes
from ...errors import ValidationError
from ...i18n import _
from ...models import Household
from ...rules.dates import age_on
from .. import people
from .rows import ADDED, DUPLICATE, NEW, REJECTED, RowData, RowOutcome, error_text, find_person, person_key, \
    person_label, with_column
from .values import SYNONYMS, fold

PERSON_FIELDS = ("first_name", "last_name", "role", "birth_date", "national_id", "duf_number", "gender", "country",
                 "languages", "interpreter_language", "legal_basis", "phone", "email", "arrival_date")


class HouseholdRows:
    """Handler for the kind "households"."""

    kind = "households"
    today = dt.date.today()  # replaced by the run's day (ctx.today()) in ``apply``
    changes = Changes()  # replaced by the group's collector in ``apply``
    columns: dict[str, str] = {}  # field -> the sheet's column name, for messages

    def groups(self, rows: list[RowData]) -> list[list[RowData]]:
        grouped: dict[tuple, list[RowData]] = {}
        for row in rows:
            if row.get("household"):
                key: tuple = ("h", fold(row.get("household")))
            elif row.get("case_reference"):
                key = ("c", fold(row.get("case_reference")))
            else:
                settled = row.get("settlement_date")
                key = ("n", fold(row.get("last_name", "")), str(settled or ""), fold(row.get("address_note", "")))
            grouped.setdefault(key, []).append(row)
        return list(grouped.values())

    def apply(self, ctx: Context, group: list[RowData], state: dict[str, Any]) -> list[RowOutcome]:
        self.today = ctx.today()
        self.changes = state["changes"]
        self.columns = state.get("columns", {})
        seen: dict[tuple, int] = state.setdefault("persons", {})
        outcomes: dict[int, RowOutcome] = {}
        fresh: list[RowData] = []
        households: dict[int, str] = {}
        for row in group:
            key = person_key(row)
            if key in seen and key[1:] != ("", "", ""):
                outcomes[row.number] = RowOutcome(row.number, DUPLICATE, person_label(row), _(
                    "The same person as in row {row}.").format(row=seen[key]))
                continue
            seen[key] = row.number
            found = find_person(row, state)
            if found is not None:
                households[found.household_id] = found.household_name
                outcomes[row.number] = RowOutcome(row.number, DUPLICATE, person_label(row), _(
                    "Already registered (household {household}).").format(household=found.household_name))
            else:
                fresh.append(row)
        if fresh:
            if len(households) > 1:
                message = _("The persons of this household are registered in different households: {names}.").format(
                    names=", ".join(sorted(households.values())))
                for row in fresh:
                    outcomes[row.number] = RowOutcome(row.number, REJECTED, person_label(row), message)
            elif households:
                self._add_members(ctx, next(iter(households)), fresh, outcomes)
            else:
                self._register(ctx, fresh, state, outcomes)
        return [outcomes[row.number] for row in group]

    # ----- a household that exists: add the new members -----

    def _add_members(self, ctx: Context, household_id: int, rows: list[RowData],
                     outcomes: dict[int, RowOutcome]) -> None:
        household = Household.get_by_id(household_id)
        for row in rows:
            member = self._person(row, household.settlement_date, household.legal_basis)
            try:
                self.changes.merge(people.add_person(ctx, household_id=household_id, person=member))
            except Exception as exc:  # error_text re-raises what is not a refusal
                outcomes[row.number] = RowOutcome(row.number, REJECTED, person_label(row),
                                                  error_text(exc, self.columns))
            else:
                outcomes[row.number] = RowOutcome(row.number, ADDED, person_label(row), _(
                    "Added to the registered household {household}.").format(household=household.name))

    # ----- a new household -----

    def _register(self, ctx: Context, rows: list[RowData], state: dict[str, Any],
                  outcomes: dict[int, RowOutcome]) -> None:
        values, conflict = self._household_values(rows)
        if conflict:
            for row in rows:
                outcomes[row.number] = RowOutcome(row.number, REJECTED, person_label(row), conflict)
            return
        settled = values.get("settlement_date")
        settled_day = settled if isinstance(settled, dt.date) else None
        members = [self._person(row, settled_day, values.get("legal_basis")) for row in rows]
        done_before = state.get("done_before") if settled_day is not None else None
        try:
            self.changes.merge(people.register_household(ctx, members=members, done_before=done_before, **values))
        except ValidationError as exc:
            self._refusal(exc, rows, outcomes)
            return
        except Exception as exc:  # permission/not found become a reason; bugs re-raise
            message = error_text(exc)
            for row in rows:
                outcomes[row.number] = RowOutcome(row.number, REJECTED, person_label(row), message)
            return
        for row in rows:
            outcomes[row.number] = RowOutcome(row.number, NEW, person_label(row), _("New household {name}.").format(
                name=values["name"]))

    def _refusal(self, exc: ValidationError, rows: list[RowData], outcomes: dict[int, RowOutcome]) -> None:
        """Each member's messages on its own row; the household's on every row."""
        common: list[str] = []
        per_row: dict[int, list[str]] = {}
        columns = self.columns
        for key, message in exc.errors.items():
            if key.startswith("members[") and "]" in key:
                index = int(key[len("members["):key.index("]")])
                per_row.setdefault(index, []).append(with_column(key, message, columns))
            else:
                common.append(with_column(key, message, columns))
        for i, row in enumerate(rows):
            mine = per_row.get(i, [])
            if mine or common:
                text = " ".join(dict.fromkeys(mine + common))
                outcomes[row.number] = RowOutcome(row.number, REJECTED, person_label(row), text)
            else:  # valid itself: the engine marks it "not saved" because of the rejected rows
                outcomes[row.number] = RowOutcome(row.number, NEW, person_label(row))

    def _household_values(self, rows: list[RowData]) -> tuple[dict[str, Any], str]:
        """The household's fields from its rows; a message when the rows disagree."""
        values: dict[str, Any] = {}
        for name, label in (("settlement_date", _("settlement dates")), ("municipality", _("municipalities"))):
            found = list(dict.fromkeys(r.get(name) for r in rows if r.get(name) is not None))
            if len(found) > 1:
                shown = ", ".join(v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else str(v) for v in found)
                return {}, _("The rows of the household have different {what}: {values}.").format(
                    what=label, values=shown)
            values[name] = found[0] if found else (None if name == "settlement_date" else "")
        bases = Counter(r.get("legal_basis") for r in rows if r.get("legal_basis"))
        values["legal_basis"] = bases.most_common(1)[0][0] if bases else ""
        for name in ("case_reference", "address_note", "notes"):
            values[name] = next((str(r.get(name)) for r in rows if r.get(name)), "")
        values["contact_phone"] = next((str(r.get("phone")) for r in rows if r.get("phone")), "")
        values["name"] = self._name(rows)
        return values, ""

    def _name(self, rows: list[RowData]) -> str:
        given = next((str(r.get("household")) for r in rows if r.get("household")), "")
        last_names = {fold(r.get("last_name", "")) for r in rows}
        if given and not given.replace(" ", "").isdigit() and fold(given) not in last_names:
            return given  # a real household name ("Familien Haddad"), not a number or just the last name
        adults = [r for r in rows if r.get("role") == "adult"] or rows
        last = next((str(r.get("last_name")) for r in adults if r.get("last_name")), "")
        return _("The {name} family").format(name=last) if last else given

    def _person(self, row: RowData, settled: dt.date | None, household_basis: str | None) -> people.PersonInput:
        data: dict[str, Any] = {name: row.values.get(name) for name in PERSON_FIELDS
                                if row.values.get(name) not in (None, "")}
        if "role" not in data:
            born = data.get("birth_date")
            if isinstance(born, dt.date):
                data["role"] = "adult" if age_on(born, settled or self.today) >= 18 else "child"
            else:
                data["role"] = "adult"
        interpreter = row.raw.get("interpreter_language")
        answer = SYNONYMS["yes_no"].get(fold(interpreter)) if interpreter not in (None, "") else None
        if answer == "1":  # "Tolk: ja" — the first language they speak
            first = str(data.get("languages", "")).split(",")[0]
            data["interpreter_language"] = first or None
        elif answer == "0":
            data.pop("interpreter_language", None)
        if data.get("legal_basis") == household_basis:
            data.pop("legal_basis")  # the same as the household's: stored once, on the household
        for name in ("first_name", "last_name", "national_id", "duf_number", "phone", "email", "languages"):
            if name in data:
                data[name] = str(data[name])
        return people.PersonInput(**data)
