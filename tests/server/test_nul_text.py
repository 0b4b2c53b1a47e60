"""A NUL character in typed text gives a Norwegian validation message on both backends, never a database error
(PostgreSQL cannot store NUL in text; issue 17)."""

from __future__ import annotations

import pytest

from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.services import accounts, people


@pytest.mark.parametrize("field", ["username", "full_name", "password"])
def test_a_nul_in_a_new_user_is_a_validation_message(backend_ctx, field):
    values = dict(username="kari", full_name="Kari Nordmann", role="officer", password="passord-123456")
    values[field] = values[field][:2] + "\x00" + values[field][2:]
    with pytest.raises(ValidationError) as info:
        accounts.create_user(backend_ctx, **values)
    assert list(info.value.errors) == [field] and "tegn" in info.value.errors[field]


def test_a_nul_in_a_household_name_is_a_validation_message(backend_ctx):
    with pytest.raises(ValidationError):
        people.register_household(backend_ctx, municipality="hemsedal", name="Familien\x00Ali",
                                  legal_basis="asylum", settlement_date="2026-01-10",
                                  members=[dict(first_name="Ali", last_name="Ali", role="adult",
                                                birth_date="1990-01-01")])


def test_the_server_refuses_nul_in_any_query_with_a_norwegian_message(pg_ctx):
    from hemsedal_integrering.models import User
    with pytest.raises(ValidationError, match="NUL"):
        User.select().where(User.username == "a\x00b").exists()
