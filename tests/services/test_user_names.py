"""User names cannot deceive (issue 11 point 8): NFKC, one script, no look-alikes, no bidi controls."""

from __future__ import annotations

import pytest

from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import User
from hemsedal_integrering.services import accounts, auth
from hemsedal_integrering.services.names import has_hidden_characters, normalise_username, skeleton
from tests.privacy_helpers import PASSWORD, fast_kdf


@pytest.fixture
def admin_ctx(ctx, monkeypatch):
    fast_kdf(monkeypatch)
    accounts.create_user(ctx, username="admin", full_name="Siri Admin", role="admin", password=PASSWORD)
    return ctx


@pytest.mark.parametrize("name,why", [
    ("admın", "likner"),                 # Latin dotless i beside «admin»
    ("аdmin", "alfabeter"),              # Cyrillic а mixed with Latin
    ("аdmіn", "alfabeter"),              # two Cyrillic letters among Latin
    ("ADMİN", "bokstaver"),              # capital I with dot lower-cases to i + a combining dot
    ("adrnin", "likner"),                # «rn» reads as «m»
    ("Admin", "i bruk"),                 # the same name in capitals
    ("ad\u202emin", "bokstaver"),        # right-to-left override
    ("ad\u200bmin", "bokstaver"),        # zero-width space
    ("ad min", "bokstaver"),
    ("kari\u0627", "alfabeter"),         # Latin + Arabic
])
def test_deceptive_user_names_are_refused(admin_ctx, name, why):
    with pytest.raises(ValidationError) as refused:
        accounts.create_user(admin_ctx, username=name, full_name="Ny", role="officer", password=PASSWORD)
    assert why in refused.value.errors["username"]
    assert User.select().count() == 1


def test_honest_names_in_one_script_are_accepted_and_nfkc_normalised(admin_ctx):
    for name in ("kari.nordby", "øystein_2", "олена", "سمير", "ｋａｒｉｎ"):
        accounts.create_user(admin_ctx, username=name, full_name="Ny", role="officer", password=PASSWORD)
    assert User.select().where(User.username == "karin").exists()  # full-width folded to ASCII by NFKC
    assert normalise_username("ＡＤＭＩＮ") == "admin" and skeleton("admın") == skeleton("admin")


def test_bidi_controls_are_refused_in_full_names(admin_ctx):
    with pytest.raises(ValidationError) as refused:
        accounts.create_user(admin_ctx, username="ola", full_name="Ola \u202eNordmann", role="officer",
                             password=PASSWORD)
    assert "usynlige" in refused.value.errors["full_name"]
    ola = accounts.create_user(admin_ctx, username="ola", full_name="Ola Nordmann", role="officer",
                               password=PASSWORD).first_created("user")
    with pytest.raises(ValidationError):
        accounts.update_user(admin_ctx, user_id=ola, full_name="Ola\u2067 N")
    assert has_hidden_characters("a\u061cb") and not has_hidden_characters("Ola Nordmann")


def test_login_reads_a_full_width_name_as_the_same_user(tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    path = tmp_path / "k.sqlite3"
    session, _ = auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD)
    session.close()
    s = auth.login(path, "ＳＪＥＦ", PASSWORD)
    assert s.user.username == "sjef"
    s.close()
