"""Accounts as a small office needs them: several roles, own passwords, the last area per user."""

from __future__ import annotations

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import User
from hemsedal_integrering.services import accounts, auth, people
from hemsedal_integrering.services.access import can
from tests.privacy_helpers import PASSWORD, fast_kdf

NEW = "mitt-eget-passord"


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    fast_kdf(monkeypatch)


def _user(username: str) -> User:
    return User.get(User.username == username)


def test_first_administrator_can_also_register_households(tmp_path):
    """Given "Start tom", the first administrator is also integration officer (a two-person office)."""
    session, _key = auth.create_first_admin(tmp_path / "ny.sqlite3", username="sjef", full_name="Sjef",
                                            password=PASSWORD)
    try:
        assert set(session.user.roles) == {"admin", "officer"}
        assert can(session.ctx, "admin.users") and can(session.ctx, "persons.write")
        changes = people.register_household(session.ctx, municipality="gol", name="Familien Ny",
                                            legal_basis="collective", settlement_date="2026-10-01",
                                            members=[{"first_name": "Iryna", "last_name": "Ny"}])
        assert changes.created["household"]
    finally:
        session.close()


def test_roles_are_a_set_of_known_codes(ctx):
    accounts.create_user(ctx, username="to", full_name="To Roller", role=["admin", "housing"], password=PASSWORD)
    assert _user("to").role == "housing,admin" and _user("to").roles == ("housing", "admin")
    both = ctx.as_user(_user("to"))
    assert can(both, "admin.audit") and can(both, "housing.write") and not can(both, "persons.write")
    for bad, message in (([], "minst én rolle"), ("admin,sjef", "Ukjent rolle: sjef")):
        with pytest.raises(ValidationError) as err:
            accounts.create_user(ctx, username="x", full_name="X", role=bad)
        assert message in err.value.errors["role"]
    accounts.update_user(ctx, user_id=_user("to").id, role="officer,admin")
    assert _user("to").roles == ("officer", "admin")


def test_the_last_active_administrator_cannot_lose_the_role(ctx):
    accounts.create_user(ctx, username="sjef", full_name="Sjef", role="admin", password=PASSWORD)
    admin = ctx.as_user(_user("sjef"))
    with pytest.raises(ValidationError) as err:
        accounts.update_user(admin, user_id=_user("sjef").id, role="officer")
    assert "Minst én aktiv administrator" in err.value.errors["role"]
    accounts.create_user(admin, username="nestsjef", full_name="Nest", role="admin,officer", password=PASSWORD)
    accounts.update_user(admin, user_id=_user("sjef").id, role="officer")  # now someone else is left
    assert _user("sjef").roles == ("officer",)


def test_a_password_set_by_the_administrator_must_be_changed(tmp_path):
    """Given an encrypted database, when the administrator gives Rita a password, Rita must change it;
    after the change only her own password opens the database (her key slot is rewritten)."""
    path = tmp_path / "kontor.sqlite3"
    session, _key = auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD)
    assert not session.user.must_change_password  # the first administrator chose their own
    accounts.create_user(session.ctx, username="rita", full_name="Rita", role="officer", password=PASSWORD)
    assert _user("rita").must_change_password
    session.close()

    rita = auth.login(path, "rita", PASSWORD)
    assert rita.user.must_change_password
    with pytest.raises(ValidationError) as err:
        accounts.change_own_password(rita.ctx, current_password="feil-passord", new_password=PASSWORD,
                                     new_password_again="noe-annet-igjen")
    assert set(err.value.errors) == {"current_password", "password", "password_again"}
    accounts.change_own_password(rita.ctx, current_password=PASSWORD, new_password=NEW, new_password_again=NEW)
    assert not rita.user.must_change_password and not _user("rita").must_change_password
    rita.close()

    with pytest.raises(auth.LoginFailed):
        auth.login(path, "rita", PASSWORD)
    again = auth.login(path, "rita", NEW)
    assert not again.user.must_change_password
    again.close()


def test_an_administrator_resetting_a_password_forces_a_change_but_not_their_own(ctx):
    accounts.create_user(ctx, username="sjef", full_name="Sjef", role="admin", password=PASSWORD)
    accounts.create_user(ctx, username="rita", full_name="Rita", role="officer", password=PASSWORD)
    admin = ctx.as_user(_user("sjef"))
    accounts.set_password(admin, user_id=_user("rita").id, password="nytt-fra-admin")
    assert _user("rita").must_change_password
    accounts.set_password(admin, user_id=_user("sjef").id, password="nytt-for-meg-selv")
    assert not _user("sjef").must_change_password
    with pytest.raises(PermissionDenied):
        accounts.set_password(ctx.as_user(_user("rita")), user_id=_user("sjef").id, password="kapret-passord")


def test_last_area_is_remembered_per_user(ctx):
    accounts.create_user(ctx, username="a", full_name="A", role="officer", password=PASSWORD)
    accounts.create_user(ctx, username="b", full_name="B", role="housing", password=PASSWORD)
    accounts.remember_area(ctx.as_user(_user("a")), area="tasks")
    accounts.remember_area(ctx.as_user(_user("b")), area="housing")
    assert (_user("a").last_area, _user("b").last_area) == ("tasks", "housing")


def test_command_line_adds_a_user_with_several_roles(tmp_path, monkeypatch):
    from hemsedal_integrering import cli
    path = tmp_path / "kontor.sqlite3"
    auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD, encrypt=False)[0].close()
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)
    monkeypatch.setenv("HEMSEDAL_NEW_PASSWORD", NEW)
    db = ["--db", str(path)]
    assert cli.main(db + ["user", "add", "ola", "--name", "Ola", "--role", "admin,officer", "--user", "sjef"]) == 0
    assert cli.main(db + ["user", "add", "per", "--name", "Per", "--role", "sjef", "--user", "sjef"]) != 0
    session = auth.login(path, "ola", NEW)
    try:
        assert session.user.roles == ("officer", "admin") and session.user.must_change_password
    finally:
        session.close()
