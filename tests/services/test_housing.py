"""Units, leases and tenancies: capacity, no double homes, lease rules."""

import datetime as dt

import pytest

from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import HousingUnit, Lease, Tenancy
from hemsedal_integrering.services import housing


@pytest.fixture
def private_unit(ctx):
    unit = housing.create_unit(ctx, municipality="hemsedal", address="Fossvegen 3", ownership="private",
                               bedrooms=3).first_created("housing_unit")
    landlord = housing.create_landlord(ctx, name="Kari Lien").first_created("landlord")
    return unit, landlord


def test_unit_validation_reports_each_field(ctx, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        housing.create_unit(ctx, municipality="x", address="", ownership="rented", capacity=0, bedrooms="to",
                            postal_code="35600", heating="nuclear")
    assert {"municipality", "address", "ownership", "capacity", "bedrooms", "postal_code", "heating"} <= set(
        err.value.errors)
    assert snapshot() == before


def test_unit_capacity_is_enforced_over_the_whole_period(ctx, make_household, make_unit):
    a, b, c = (make_household(name=f"Familien {n}") for n in "ABC")
    unit = make_unit(capacity=2)
    housing.move_in(ctx, household_id=a, unit_id=unit, start_date="2025-03-01")
    housing.move_in(ctx, household_id=b, unit_id=unit, start_date="2025-04-01", end_date="2025-06-30")
    with pytest.raises(ValidationError) as err:
        housing.move_in(ctx, household_id=c, unit_id=unit, start_date="2025-03-15")
    assert "full" in err.value.errors["unit"]
    # After B has moved out there is room again.
    housing.move_in(ctx, household_id=c, unit_id=unit, start_date="2025-07-01")
    assert Tenancy.select().where(Tenancy.unit == unit).count() == 3


def test_household_never_lives_in_two_units_at_once(ctx, make_household, make_unit):
    hid = make_household()
    first, second = make_unit("Ulsåkvegen 7A"), make_unit("Ulsåkvegen 7B")
    t = housing.move_in(ctx, household_id=hid, unit_id=first, start_date="2025-03-01").first_created("tenancy")
    with pytest.raises(ValidationError) as err:
        housing.move_in(ctx, household_id=hid, unit_id=second, start_date="2025-10-01")
    assert "Ulsåkvegen 7A" in err.value.errors["household"]
    housing.move_out(ctx, tenancy_id=t, end_date="2025-09-30")
    housing.move_in(ctx, household_id=hid, unit_id=second, start_date="2025-10-01")


def test_move_in_long_before_settlement_or_into_archived_unit_is_refused(ctx, make_household, make_unit):
    hid = make_household(settlement_date="2025-06-01")
    unit = make_unit()
    with pytest.raises(ValidationError) as err:
        housing.move_in(ctx, household_id=hid, unit_id=unit, start_date="2025-01-01")
    assert "bosettingsdatoen" in err.value.errors["start_date"]
    housing.set_unit_active(ctx, unit_id=unit, active=False)
    with pytest.raises(ValidationError) as err:
        housing.move_in(ctx, household_id=hid, unit_id=unit, start_date="2025-06-01")
    assert "arkivert" in err.value.errors["unit"]


def test_private_unit_needs_a_lease_on_the_move_in_date(ctx, make_household, private_unit):
    unit, landlord = private_unit
    hid = make_household()
    with pytest.raises(ValidationError) as err:
        housing.move_in(ctx, household_id=hid, unit_id=unit, start_date="2025-03-01")
    assert "leieavtale" in err.value.errors["unit"]
    housing.create_lease(ctx, unit_id=unit, landlord_id=landlord, monthly_rent="11 500", start_date="01.02.2025")
    housing.move_in(ctx, household_id=hid, unit_id=unit, start_date="2025-03-01")


def test_lease_rules_rent_deposit_dates_and_overlap(ctx, private_unit, snapshot):
    unit, landlord = private_unit
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        housing.create_lease(ctx, unit_id=unit, landlord_id=landlord, monthly_rent=-1, start_date="2025-01-01")
    assert "monthly_rent" in err.value.errors
    with pytest.raises(ValidationError) as err:
        housing.create_lease(ctx, unit_id=unit, landlord_id=landlord, monthly_rent=10000, deposit=60001,
                             start_date="2025-01-01", end_date="2024-12-31")
    assert "seks måneders" in err.value.errors["deposit"] and "end_date" in err.value.errors
    assert snapshot() == before
    housing.create_lease(ctx, unit_id=unit, landlord_id=landlord, monthly_rent=10000, deposit=60000,
                         start_date="2025-01-01", end_date="2027-12-31")
    with pytest.raises(ValidationError) as err:
        housing.create_lease(ctx, unit_id=unit, landlord_id=landlord, monthly_rent=10000, start_date="2027-06-01")
    assert "allerede en leieavtale" in err.value.errors["start_date"]


def test_municipal_unit_cannot_get_a_landlord_lease(ctx, make_unit):
    unit = make_unit()
    landlord = housing.create_landlord(ctx, name="Per").first_created("landlord")
    with pytest.raises(ValidationError) as err:
        housing.create_lease(ctx, unit_id=unit, landlord_id=landlord, monthly_rent=9000, start_date="2025-01-01")
    assert "kommunal" in err.value.errors["unit"]


def test_ending_a_lease_while_someone_lives_there_is_refused(ctx, make_household, private_unit):
    unit, landlord = private_unit
    lease = housing.create_lease(ctx, unit_id=unit, landlord_id=landlord, monthly_rent=9000,
                                 start_date="2025-01-01").first_created("lease")
    hid = make_household()
    t = housing.move_in(ctx, household_id=hid, unit_id=unit, start_date="2025-03-01").first_created("tenancy")
    with pytest.raises(ValidationError):
        housing.end_lease(ctx, lease_id=lease, end_date="2026-01-31")
    housing.move_out(ctx, tenancy_id=t, end_date="2026-01-31")
    housing.end_lease(ctx, lease_id=lease, end_date="2026-01-31")
    assert Lease.get_by_id(lease).terminated_date == dt.date(2026, 1, 31)


def test_unit_with_history_cannot_be_deleted_but_can_be_archived(ctx, make_household, make_unit):
    unit = make_unit()
    hid = make_household()
    t = housing.move_in(ctx, household_id=hid, unit_id=unit, start_date="2025-03-01").first_created("tenancy")
    with pytest.raises(ValidationError):
        housing.set_unit_active(ctx, unit_id=unit, active=False)
    housing.move_out(ctx, tenancy_id=t, end_date="2025-12-31")
    with pytest.raises(ValidationError):
        housing.delete_unit(ctx, unit_id=unit)
    housing.set_unit_active(ctx, unit_id=unit, active=False)
    assert HousingUnit.get_by_id(unit).active is False


def test_capacity_cannot_drop_below_current_occupants(ctx, make_household, make_unit):
    unit = make_unit(capacity=2)
    for name in ("A", "B"):
        housing.move_in(ctx, household_id=make_household(name=name), unit_id=unit, start_date="2025-03-01")
    with pytest.raises(ValidationError) as err:
        housing.update_unit(ctx, unit_id=unit, capacity=1)
    assert "capacity" in err.value.errors


def test_move_out_before_move_in_is_refused(ctx, make_household, make_unit):
    t = housing.move_in(ctx, household_id=make_household(), unit_id=make_unit(),
                        start_date="2025-03-01").first_created("tenancy")
    with pytest.raises(ValidationError):
        housing.move_out(ctx, tenancy_id=t, end_date="2025-02-01")
