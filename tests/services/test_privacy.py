"""Retention: who is due, preview, anonymise (identities and free text gone, statistics kept); art. 15 export."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import AuditEntry, Household, Person, StatusPeriod, User
from hemsedal_integrering.services import privacy
from hemsedal_integrering.services.accounts import create_user
from hemsedal_integrering.services.people import add_status, register_household
from tests.privacy_helpers import PASSWORD, fast_kdf


@pytest.fixture
def admin(ctx, monkeypatch):
    fast_kdf(monkeypatch)
    create_user(ctx, username="sjef", full_name="Sjef", role="admin", password=PASSWORD)
    return ctx.as_user(User.get(User.username == "sjef"))


def _household(ctx, settled: dt.date, name: str, nid: str | None = None, late_arrival: dt.date | None = None) -> int:
    members = [dict(first_name="Amal", last_name=name, role="adult", birth_date="1980-04-02", national_id=nid or "",
                    country="SY", phone="99999999", health_note="astma", case_note="fortrolig")]
    if late_arrival:
        members.append(dict(first_name="Omar", last_name=name, role="adult", birth_date="1979-01-01",
                            arrival_date=late_arrival))
    changes = register_household(ctx, municipality="gol", name=f"Familien {name}", settlement_date=settled,
                                 legal_basis="asylum", members=members, notes="Saksnotat om familien",
                                 contact_phone="11223344")
    hid = changes.first_created("household")
    pid = min(changes.created["person"])
    add_status(ctx, person_id=pid, status="intro", start_date=settled, end_date=settled + dt.timedelta(days=700),
               note="fritekst om status")
    return hid


def test_due_list_follows_follow_up_end_plus_retention(ctx, admin):
    # today is 23.11.2026; follow-up ends the day before the 5th anniversary, retention default 5 years
    old = _household(ctx, dt.date(2011, 6, 1), "Gammel")       # due since 2021
    edge = _household(ctx, dt.date(2016, 11, 24), "Grense")     # ends 23.11.2021, due 24.11.2026: not yet
    late = _household(ctx, dt.date(2010, 1, 1), "Sen", late_arrival=dt.date(2019, 1, 1))  # member until 2028+5
    due = privacy.due_for_anonymisation(admin)
    assert [c.household_id for c in due] == [old]
    assert due[0].due_since == dt.date(2021, 6, 1)
    tomorrow = Context(db=ctx.db, user=admin.user, clock=fixed_clock(dt.date(2026, 11, 24)))
    assert [c.household_id for c in privacy.due_for_anonymisation(tomorrow)] == [old, edge]
    # a longer retention period set by the admin moves everyone out
    privacy.set_retention_years(admin, years="12")
    assert privacy.due_for_anonymisation(admin) == []
    with pytest.raises(ValidationError):
        privacy.set_retention_years(admin, years="-1")
    assert late not in [c.household_id for c in privacy.due_for_anonymisation(tomorrow)]


def test_preview_then_anonymise_removes_identities_keeps_statistics(ctx, admin):
    hid = _household(ctx, dt.date(2011, 6, 1), "Gammel", nid="15076500565")
    pid = Person.get(Person.household == hid).id
    # when the admin previews
    [preview] = privacy.preview_anonymisation(admin, household_ids=[hid])
    assert preview.persons == ["Amal Gammel"]
    assert preview.cleared["Person.national_id"] == 1 and preview.cleared["Statusperiode.merknad"] == 1
    assert Person.get_by_id(pid).national_id == "15076500565"  # preview changed nothing
    # and anonymises
    privacy.anonymise_households(admin, household_ids=[hid])
    h, p = Household.get_by_id(hid), Person.get_by_id(pid)
    # then identities and free text are gone
    assert h.name.startswith("Anonymisert") and h.notes == "" and h.contact_phone == ""
    assert (p.first_name, p.national_id, p.phone, p.health_note, p.case_note) == ("Anonymisert", None, "", "", "")
    assert StatusPeriod.get(StatusPeriod.person == pid).note == ""
    # and the numbers for the reports are kept
    assert h.settlement_date == dt.date(2011, 6, 1) and p.country == "SY" and p.birth_date.year == 1980
    assert StatusPeriod.get(StatusPeriod.person == pid).status == "intro"
    # and it was audit-logged without values, and the household is no longer due
    row = AuditEntry.get(AuditEntry.action == "anonymise")
    assert row.username == "sjef" and "15076500565" not in row.changes and "person.national_id" in row.changes
    assert privacy.due_for_anonymisation(admin) == []


def test_anonymising_a_household_not_yet_due_is_refused_unchanged(ctx, admin):
    hid = _household(ctx, dt.date(2024, 1, 1), "Ny")
    with pytest.raises(ValidationError, match="ikke moden"):
        privacy.anonymise_households(admin, household_ids=[hid])
    assert Household.get_by_id(hid).name == "Familien Ny"


def test_access_request_json_contains_everything_and_is_logged(ctx, admin):
    hid = _household(ctx, dt.date(2024, 1, 1), "Innsyn", nid="15076500565")
    pid = Person.get(Person.household == hid).id
    data = privacy.export_person(admin, person_id=pid)
    text = json.dumps(data, ensure_ascii=False)
    assert data["person"]["national_id"] == "15076500565" and data["person"]["health_note"] == "astma"
    assert data["household"]["notes"] == "Saksnotat om familien"
    assert data["status_history"][0]["status"] == "intro"
    assert json.loads(text)["exported_by"] == "sjef"
    assert AuditEntry.select().where((AuditEntry.action == "export") & (AuditEntry.entity_id == pid)).count() == 1
