"""The household and person forms: what they need to be opened with, and a member removed from a form
opened without a change bus (as the server and stale-form tests open it)."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.models import Person
from hemsedal_integrering.services import people
from hemsedal_integrering.ui import people_dialogs
from hemsedal_integrering.ui.people_dialogs import HouseholdDialog, PersonDialog


def _household(ctx) -> int:
    return people.register_household(ctx, municipality="hemsedal", name="Familien Haile", legal_basis="resettlement",
                                     settlement_date=dt.date(2026, 1, 10), members=[
                                         dict(first_name="Selam", last_name="Haile", role="adult",
                                              birth_date=dt.date(1990, 1, 1)),
                                         dict(first_name="Yonas", last_name="Haile", role="adult",
                                              birth_date=dt.date(1991, 2, 2))]).first_created("household")


def test_a_person_form_needs_the_id_of_what_it_saves(qtbot, ctx):
    with pytest.raises(ValueError, match="household_id"):
        PersonDialog(ctx, None, mode="add")
    with pytest.raises(ValueError, match="person_id"):
        PersonDialog(ctx, None, mode="edit")
    qtbot.addWidget(PersonDialog(ctx, None, mode="collect"))  # a new household's member: no id yet


def test_a_member_is_removed_from_a_household_form_without_a_bus(qtbot, ctx, monkeypatch):
    hid = _household(ctx)
    dialog = HouseholdDialog(ctx, None, household_id=hid)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(people_dialogs, "confirm", lambda *args, **kwargs: True)
    dialog.members_table.selectRow(1)
    dialog.remove_member()  # the service's changes go nowhere instead of to None.publish
    assert [p.first_name for p in Person.select().where(Person.household == hid)] == ["Selam"]
    assert dialog.members_table.rowCount() == 1
