"""queries.records: what the GUI holds instead of a model instance (issue 18)."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.queries import people as people_read
from hemsedal_integrering.queries import records
from hemsedal_integrering.services import people


def _household(ctx) -> int:
    return people.register_household(ctx, municipality="gol", name="Familien Tesfay", legal_basis="resettlement",
                                     settlement_date=dt.date(2025, 3, 1), members=[
                                         dict(first_name="Abeba", last_name="Tesfay", role="adult",
                                              birth_date=dt.date(1992, 2, 2))]).first_created("household")


def test_a_record_is_a_snapshot_whose_references_are_ids_only(ctx):
    hid = _household(ctx)
    [person] = people_read.members_in_order(ctx, hid)
    # given a person as a record
    assert (person.table, person.first_name, person.full_name, person.household_id) == (
        "person", "Abeba", "Abeba Tesfay", hid)
    assert person.values["row_version"] >= 1  # what a form tracks (issue 17)
    # then following a reference fails loudly instead of querying behind the caller's back
    with pytest.raises(AttributeError, match="household_id"):
        person.household  # noqa: B018
    # and it cannot be changed (writes go through services)
    with pytest.raises(AttributeError):
        person.first_name = "Other"


def test_fetch_require_and_exists(ctx):
    assert not records.exists(ctx, "household")
    hid = _household(ctx)
    assert records.exists(ctx, "household")
    assert records.fetch(ctx, "household", hid).name == "Familien Tesfay"
    assert records.fetch(ctx, "household", hid + 100) is None
    assert records.fetch(ctx, "household", None) is None
    with pytest.raises(Exception, match="does not exist"):
        records.require(ctx, "household", hid + 100)
    assert list(records.municipalities(ctx)) == ["hemsedal", "gol"]
    assert records.municipality_code(ctx, records.fetch(ctx, "household", hid).municipality_id) == "gol"


def test_household_detail_joins_what_the_pane_shows(ctx):
    hid = _household(ctx)
    detail = people_read.household_detail(ctx, hid)
    assert detail.municipality_name.startswith("Gol") and detail.municipality_code == "gol"
    assert detail.home is None and [m.full_name for m in detail.members] == ["Abeba Tesfay"]
    assert people_read.household_detail(ctx, hid + 100) is None
