"""Bad-input fuzzing of the service layer (hypothesis).

Identity numbers, dates, amounts, very long and mixed-script text: every
call either succeeds or raises ValidationError with a non-empty message per
field — and then the data is byte-for-byte unchanged (checksum of every
table except the audit log before and after).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.services import housing, people
from tests.privacy_helpers import data_checksum

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

mixed_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=150, max_size=400),
    st.sampled_from(["Ølstad-Ærø", "محمد الحسن", "ሰላም ተስፋይ", "Олена Коваленко", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "a\x00b", "\u202eevil",
                     "x" * 20001, "   ", "Robert'); DROP TABLE person;--"]),
)
id_numbers = st.one_of(
    st.text(alphabet="0123456789", min_size=0, max_size=13),
    st.text(max_size=14),
    st.sampled_from(["15076500565", "15076500566", "55076500565", "01019912345", "000000000000", "12345678901"]),
)
dates = st.one_of(
    st.none(), st.dates(min_value=dt.date(1, 1, 1)), st.text(max_size=12),
    st.sampled_from(["31.02.2024", "29.02.2023", "2024-13-01", "1.1.1899", "01.01.2101", "0.0.0", "12.12.12"]),
)
amounts = st.one_of(
    st.integers(min_value=-10**12, max_value=10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=15), st.sampled_from(["12 500 kr", "12,5", "-1", "1e9", "٣٠٠٠", "NaN", ""]),
)


def _call_checked(fn, **kwargs) -> None:
    before = data_checksum()
    try:
        fn(**kwargs)
    except ValidationError as exc:
        assert exc.errors and all(isinstance(m, str) and m.strip() for m in exc.errors.values())
        assert data_checksum() == before


@FUZZ
@given(first=mixed_text, last=mixed_text, nid=id_numbers, duf=id_numbers, birth=dates, settled=dates,
       note=mixed_text)
def test_register_household_rejects_cleanly(ctx, first, last, nid, duf, birth, settled, note):
    _call_checked(people.register_household, ctx=ctx, municipality="hemsedal", name=f"Familien {last}"[:300],
                  settlement_date=settled, legal_basis="asylum", notes=note,
                  members=[dict(first_name=first, last_name=last, role="adult", birth_date=birth,
                                national_id=nid, duf_number=duf, health_note=note)])


@FUZZ
@given(rent=amounts, deposit=amounts, start=dates, end=dates, notice=amounts, notes=mixed_text)
def test_create_lease_rejects_cleanly(ctx, rent, deposit, start, end, notice, notes):
    unit = housing.create_unit(ctx, municipality="gol", address="Fuzzvegen 1", ownership="private")
    landlord = housing.create_landlord(ctx, name="Fuzz Utleie AS")
    _call_checked(housing.create_lease, ctx=ctx, unit_id=unit.first_created("housing_unit"),
                  landlord_id=landlord.first_created("landlord"), monthly_rent=rent, deposit=deposit,
                  start_date=start, end_date=end, notice_months=notice, notes=notes)


@FUZZ
@given(address=mixed_text, bedrooms=amounts, capacity=amounts, size=amounts, notes=mixed_text)
def test_create_unit_rejects_cleanly(ctx, address, bedrooms, capacity, size, notes):
    _call_checked(housing.create_unit, ctx=ctx, municipality="hemsedal", address=address, ownership="municipal",
                  bedrooms=bedrooms, capacity=capacity, size_m2=size, notes=notes)


@pytest.fixture
def person_id(ctx):
    changes = people.register_household(ctx, municipality="gol", name="Familien Fuzz",
                                        settlement_date=dt.date(2024, 1, 10), legal_basis="asylum",
                                        members=[dict(first_name="Fuzz", last_name="Testesen", role="adult")])
    return min(changes.created["person"])


@FUZZ
@given(nid=id_numbers, birth=dates, phone=mixed_text, health=mixed_text, start=dates, end=dates)
def test_person_and_status_edits_reject_cleanly(ctx, person_id, nid, birth, phone, health, start, end):
    _call_checked(people.update_person, person_id=person_id, ctx=ctx, national_id=nid, birth_date=birth,
                  phone=phone, health_note=health)
    _call_checked(people.add_status, ctx=ctx, person_id=person_id, status="work_temporary", start_date=start,
                  end_date=end)


@FUZZ
@given(username=mixed_text, full_name=mixed_text, role=st.sampled_from(["officer", "housing", "admin", "", "root"]),
       password=mixed_text)
def test_create_user_rejects_cleanly(ctx, username, full_name, role, password):
    from hemsedal_integrering.services import accounts
    _call_checked(accounts.create_user, ctx=ctx, username=username, full_name=full_name, role=role,
                  password=password or None)
