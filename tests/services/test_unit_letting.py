"""A municipal unit is let to refugees, let to others, or vacant — never two at once."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.reports import housing as housing_report
from hemsedal_integrering.services import housing, people, unit_letting

D = dt.date


@pytest.fixture
def units(ctx):
    a = housing.create_unit(ctx, municipality="hemsedal", address="Tuvsvegen 1", ownership="municipal").first_created(
        "housing_unit")
    b = housing.create_unit(ctx, municipality="hemsedal", address="Tuvsvegen 2", ownership="municipal").first_created(
        "housing_unit")
    c = housing.create_unit(ctx, municipality="hemsedal", address="Tuvsvegen 3", ownership="municipal").first_created(
        "housing_unit")
    hid = people.register_household(ctx, municipality="hemsedal", name="Familien Haile", legal_basis="resettlement",
                                    settlement_date=D(2025, 1, 10), members=[
                                        dict(first_name="Selam", last_name="Haile", role="adult",
                                             birth_date=D(1990, 1, 1))]).first_created("household")
    housing.move_in(ctx, household_id=hid, unit_id=a, start_date=D(2025, 1, 10))
    return a, b, c, hid


def test_three_states_in_the_housing_report(ctx, units):
    a, b, c, _hid = units
    unit_letting.let_to_others(ctx, unit_id=b, start_date=D(2024, 8, 1), tenant_group="employees",
                               note="Ansatt, skolen")
    assert [unit_letting.unit_state(u, D(2025, 3, 15)) for u in (a, b, c)] == ["refugees", "others", "vacant"]
    rep = housing_report.housing(ctx, date=D(2025, 3, 15), municipality="hemsedal")
    assert (rep.municipal_let, rep.municipal_others, rep.municipal_vacant, rep.municipal_total) == (1, 1, 1, 3)
    assert [v[0] for v in rep.vacant] == ["Tuvsvegen 3"]
    result = housing_report.to_result(rep)
    rows = {r[0]: r[1] for r in result.tables[0].rows}
    assert rows["Kommunale boliger utleid til andre (f.eks. ansatte)"] == 1


def test_let_to_others_never_overlaps_a_refugee_tenancy(ctx, units):
    a, b, _c, hid = units
    with pytest.raises(ValidationError) as err:
        unit_letting.let_to_others(ctx, unit_id=a, start_date=D(2025, 6, 1))
    assert "Familien Haile" in err.value.errors["start_date"]
    unit_letting.let_to_others(ctx, unit_id=b, start_date=D(2025, 6, 1), end_date=D(2025, 12, 31))
    with pytest.raises(ValidationError) as err:
        unit_letting.let_to_others(ctx, unit_id=b, start_date=D(2025, 12, 1))
    assert "allerede" in err.value.errors["start_date"]
    # a refugee household cannot move into a unit let to others
    other = people.register_household(ctx, municipality="hemsedal", name="Familien Tesfay",
                                      legal_basis="resettlement", settlement_date=D(2025, 7, 1), members=[
                                          dict(first_name="Abel", last_name="Tesfay", role="adult",
                                               birth_date=D(1991, 1, 1))]).first_created("household")
    with pytest.raises(ValidationError) as err:
        housing.move_in(ctx, household_id=other, unit_id=b, start_date=D(2025, 7, 1))
    assert "utleid til andre" in err.value.errors["unit"]
    # once the letting ended, the unit is free again
    housing.move_in(ctx, household_id=other, unit_id=b, start_date=D(2026, 1, 1))


def test_only_municipal_units(ctx):
    p = housing.create_unit(ctx, municipality="hemsedal", address="Privatvegen 1", ownership="private").first_created(
        "housing_unit")
    with pytest.raises(ValidationError) as err:
        unit_letting.let_to_others(ctx, unit_id=p, start_date=D(2025, 1, 1))
    assert "kommunale" in err.value.errors["unit"].lower()
