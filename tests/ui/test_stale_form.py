"""A form saved after someone else saved the same record is refused and can reload (issue 17)."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import Household, User
from hemsedal_integrering.services import accounts, people
from hemsedal_integrering.ui.forms import FormDialog
from hemsedal_integrering.ui.people_dialogs import HouseholdDialog

# Runs on PostgreSQL too when HEMSEDAL_TEST_PG is set (issue 17; tests/conftest.py).


def test_a_stale_household_form_is_refused_names_who_and_reloads(qtbot, ctx, monkeypatch):
    hid = people.register_household(ctx, municipality="hemsedal", name="Familien Haile", legal_basis="resettlement",
                                    settlement_date=dt.date(2026, 1, 10), members=[
                                        dict(first_name="Selam", last_name="Haile", role="adult",
                                             birth_date=dt.date(1990, 1, 1))]).first_created("household")
    for name in ("kari", "ola"):
        accounts.create_user(ctx, username=name, full_name=name.title() + " Nordmann", role="officer",
                             password="demo-passord-123")
    kari = ctx.as_user(User.get(User.username == "kari"))
    ola = ctx.as_user(User.get(User.username == "ola"))
    dialog = HouseholdDialog(kari, None, household_id=hid)  # Kari opens the household
    qtbot.addWidget(dialog)
    people.update_household(ola, household_id=hid, name="Familien Haile-Tesfay")  # Ola saves first
    offered = []
    monkeypatch.setattr(FormDialog, "_offer_reload", lambda self, exc: offered.append(str(exc)))
    dialog.set_value("contact_phone", "91234567")
    assert dialog.save() is False
    assert "Ikke lagret" in dialog.form_error.text() and "Ola Nordmann" in dialog.form_error.text()
    assert offered and Household.get_by_id(hid).contact_phone == ""
    dialog.reload()  # «Last inn på nytt»: Ola's change is shown, what Kari typed elsewhere stays
    assert dialog.value("name") == "Familien Haile-Tesfay" and dialog.value("contact_phone") == "91234567"
    ok = dialog.save()
    assert ok is True, {n: dialog.error_text(n) for n in dialog.errors if dialog.error_text(n)}
    saved = Household.get_by_id(hid)
    assert (saved.name, saved.contact_phone) == ("Familien Haile-Tesfay", "91234567")
