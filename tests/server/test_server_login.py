"""Logging in to the server as the user's own login role; user administration creates server roles (issue 17)."""

from __future__ import annotations

import uuid

import pytest

from hemsedal_integrering.context import Context
from hemsedal_integrering.db.postgres import apply_roles
from hemsedal_integrering.errors import ServerUnavailable
from hemsedal_integrering.models import User
from hemsedal_integrering.services import accounts, server_roles
from hemsedal_integrering.services.auth import LoginFailed
from hemsedal_integrering.services.server_login import ServerTarget, current_login_role, login_server


@pytest.fixture
def names():
    """Unique login-role names (roles are the whole cluster's), dropped afterwards."""
    made: list[str] = []

    def make(prefix: str) -> str:
        made.append(f"{prefix}_{uuid.uuid4().hex[:8]}")
        return made[-1]
    yield make
    import os

    import psycopg
    with psycopg.connect(os.environ["HEMSEDAL_TEST_PG"], autocommit=True) as admin:
        for name in made:
            admin.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.fixture
def server(pg_ctx):
    apply_roles(pg_ctx.db)
    return pg_ctx


def _drop_owned(ctx, *roles):
    for name in roles:
        ctx.db.execute_sql(f'DROP OWNED BY "{name}"')


def test_an_administrator_creates_the_login_role_in_the_right_group_and_it_logs_in(server, pg_url, names):
    admin_name, officer_name = names("sjef"), names("kari")
    accounts.create_user(server, username=admin_name, full_name="Sjef", role=["admin", "officer"],
                         password="passord-123456")
    state = server_roles.role_state(server, admin_name)
    assert state.exists and state.login and state.groups == {"integrering_admin", "integrering_officer"}
    # No password hash is kept in the program's table on a server: the server checks the login role's password.
    assert User.get(User.username == admin_name).password_hash is None

    session = login_server(ServerTarget.from_url(pg_url), admin_name.upper(), "passord-123456")
    try:
        assert current_login_role(session.db) == admin_name
        assert session.db_path is None and session.user.username == admin_name and not session.read_only
        assert not server_roles.can_manage(session.ctx)  # an ordinary login role: no CREATEROLE
        accounts.create_user(session.ctx, username=officer_name, full_name="Kari", role="officer",
                             password="passord-654321")
        kari = User.get(User.username == officer_name)
        assert not server_roles.role_state(session.ctx, officer_name).exists
        sql = server_roles.missing_sql(session.ctx, kari)
        assert sql == [f'CREATE ROLE "{officer_name}" LOGIN PASSWORD \'…\' IN ROLE integrering_officer;']
    finally:
        session.close()
    # The owner (CREATEROLE) runs the same for the IT partner's part; then a deactivation turns LOGIN off.
    apply_ok = server_roles.apply(server, username=officer_name, roles=["officer"], active=True,
                                  password="passord-654321")
    assert apply_ok and server_roles.missing_sql(server, User.get(User.username == officer_name)) == []
    accounts.update_user(server, user_id=User.get(User.username == officer_name).id, active=False)
    assert not server_roles.role_state(server, officer_name).login
    accounts.update_user(server, user_id=User.get(User.username == officer_name).id, active=True, role="housing")
    assert server_roles.role_state(server, officer_name).groups == {"integrering_housing"}
    _drop_owned(server, admin_name, officer_name)


def test_a_password_is_sent_hashed_never_in_clear(server, names):
    name = names("ola")
    accounts.create_user(server, username=name, full_name="Ola", role="officer", password="hemmelig-passord")
    stored = server.db.execute_sql("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,)).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$") and "hemmelig" not in stored


def test_a_login_role_without_a_program_user_is_refused(server, pg_url, names):
    name = names("fremmed")
    server.db.execute_sql(f'CREATE ROLE "{name}" LOGIN IN ROLE integrering_officer')
    with pytest.raises(LoginFailed, match="har ingen aktiv bruker|no active user"):
        login_server(pg_url, name, "x")


def test_an_unknown_role_gets_the_same_message_as_a_wrong_password(server, pg_url):
    with pytest.raises(LoginFailed) as info:
        login_server(pg_url, "finnes_ikke_" + uuid.uuid4().hex[:6], "x")
    assert "passord" in str(info.value).lower() or "password" in str(info.value).lower()


def test_a_server_that_cannot_be_reached_says_so_in_norwegian():
    with pytest.raises(ServerUnavailable) as info:
        login_server("postgresql://127.0.0.1:1/integrering?sslmode=disable&connect_timeout=2", "kari", "x")
    assert "Prøv igjen" in str(info.value)


def _kill_connection(ctx) -> None:
    import os

    import psycopg
    pid = ctx.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(os.environ["HEMSEDAL_TEST_PG"], autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_connection_lost_inside_a_save_is_server_unavailable_and_the_next_call_reconnects(server):
    from hemsedal_integrering.models import Municipality
    from hemsedal_integrering.services import people
    from hemsedal_integrering.services.base import transaction
    with pytest.raises(ServerUnavailable, match="Prøv igjen"), transaction(server):
        Municipality.select().count()
        _kill_connection(server)
        Municipality.update(name=Municipality.name).execute()
    members = [dict(first_name="A", last_name="B", role="adult", birth_date="1980-01-01")]
    _kill_connection(server)  # a read outside a transaction simply connects again
    people.register_household(server, municipality="hemsedal", name="X", settlement_date="2025-03-01",
                              legal_basis="asylum", members=members)


def test_a_write_outside_a_transaction_on_a_lost_connection_is_not_repeated(server):
    from hemsedal_integrering.models import Municipality
    _kill_connection(server)
    with pytest.raises(ServerUnavailable):
        Municipality.update(name=Municipality.name).execute()
    assert Municipality.select().count() == 2  # the next call connects again


def test_sqlite_users_are_untouched_by_server_roles(ctx):
    accounts.create_user(ctx, username="lokal", full_name="Lokal", role="officer", password="passord-123456")
    user = User.get(User.username == "lokal")
    assert user.password_hash and server_roles.missing_sql(ctx, user) == []
    assert not server_roles.apply(Context(db=ctx.db), username="lokal", roles=["officer"], active=True)


def test_a_letterhead_logo_on_a_server_is_shared_through_the_database(pg_ctx, tmp_path, monkeypatch):
    """The logo an administrator chose on one workstation prints on every workstation: it is kept in the
    database, and each workstation writes it to its own data folder (never the working folder) when a letter
    needs it."""
    from hemsedal_integrering import paths
    from hemsedal_integrering.models import Municipality, Setting
    from hemsedal_integrering.services import printing, setup
    from hemsedal_integrering.services.setup import SetupInput
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "admin-pc")
    monkeypatch.chdir(tmp_path)  # a server logo once landed in the working folder
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    setup.apply_setup(pg_ctx, SetupInput(municipalities={}, logos={"hemsedal": str(logo)}, contacts={},
                                         backup_folder=None, users=[]))
    assert Setting.get(Setting.key == "letters.logo.hemsedal").value.startswith(setup.LOGO_IN_DATABASE)
    logo.unlink()  # gone from the administrator's disk: the database has it
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "other-pc")  # another workstation
    hemsedal = Municipality.get(Municipality.code == "hemsedal")
    printed = printing._logo(hemsedal)
    assert printed and printed.startswith(str(tmp_path / "other-pc"))
    assert open(printed, "rb").read() == b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert setup.municipality_details("hemsedal")["logo"] == printed  # the wizard shows the same picture
    assert not (tmp_path / "brevlogo").exists()
    setup.apply_setup(pg_ctx, SetupInput(municipalities={}, logos={"hemsedal": ""}, contacts={},
                                         backup_folder=None, users=[]))
    assert printing._logo(hemsedal) == ""  # removed for everyone


def test_a_housing_login_moves_a_household_in_and_out_and_marks_its_task_done(server, pg_url, names):
    """The housing office's daily work on the server, as its own login role with column privileges only."""
    from hemsedal_integrering.models import FollowUpItem, Tenancy
    from hemsedal_integrering.services import followup, housing, people
    hid = people.register_household(server, municipality="hemsedal", name="Familien Haile", legal_basis="asylum",
                                    settlement_date="2026-01-10", members=[
                                        dict(first_name="Selam", last_name="Haile", role="adult",
                                             birth_date="1990-01-01", national_id="15108695088")]
                                    ).first_created("household")
    units = [housing.create_unit(server, municipality="hemsedal", address=f"Tunvegen {i}", ownership="municipal"
                                 ).first_created("housing_unit") for i in (1, 2)]
    name = names("bolig")
    accounts.create_user(server, username=name, full_name="Bolig", role="housing", password="passord-123456")
    session = login_server(pg_url, name, "passord-123456")
    try:
        housing.move_in(session.ctx, household_id=hid, unit_id=units[0], start_date="2026-11-01")
        tenancy = Tenancy.select(Tenancy.id).where(Tenancy.household == hid).get()
        housing.move_out(session.ctx, tenancy_id=tenancy.id, end_date="2026-11-20")
        housing.move_in(session.ctx, household_id=hid, unit_id=units[1], start_date="2026-11-21")
        task = (FollowUpItem.select(FollowUpItem.id).where((FollowUpItem.household == hid)
                                                            & (FollowUpItem.responsible == "housing")).first())
        assert task is not None
        followup.mark_done(session.ctx, item_id=task.id)
    finally:
        session.close()
    text = server.db.execute_sql("SELECT search_text FROM person WHERE household_id = %s", (hid,)).fetchone()[0]
    assert "Tunvegen 2" in text  # the search text's refresh ran with the owner's rights
    _drop_owned(server, name)


def test_a_server_login_changes_its_own_password(server, pg_url, names):
    # On a server the program keeps no password hash: «Endre passord» used to refuse every current password.
    name = names("per")
    accounts.create_user(server, username=name, full_name="Per", role="officer", password="passord-111111")
    session = login_server(ServerTarget.from_url(pg_url), name, "passord-111111")
    try:
        accounts.change_own_password(session.ctx, current_password="passord-111111",
                                     new_password="passord-222222", new_password_again="passord-222222")
        assert session.user.must_change_password is False
    finally:
        session.close()
    login_server(ServerTarget.from_url(pg_url), name, "passord-222222").close()
    _drop_owned(server, name)


def test_a_wrong_current_password_is_refused_by_the_server_not_by_a_stored_hash(server, pg_url, names, monkeypatch):
    # The test cluster trusts local logins, so the server's refusal is played by libpq's own message.
    import psycopg

    from hemsedal_integrering.errors import ValidationError
    name = names("liv")
    accounts.create_user(server, username=name, full_name="Liv", role="officer", password="passord-111111")
    session = login_server(ServerTarget.from_url(pg_url), name, "passord-111111")
    tried: list[dict] = []

    def refuse(**params):
        tried.append(params)
        raise psycopg.OperationalError(f'connection failed: FATAL:  password authentication failed for user "{name}"')
    monkeypatch.setattr(psycopg, "connect", refuse)
    try:
        with pytest.raises(ValidationError) as refused:
            accounts.change_own_password(session.ctx, current_password="feil-passord-1",
                                         new_password="passord-222222", new_password_again="passord-222222")
        assert set(refused.value.errors) == {"current_password"}
        assert tried and tried[0]["user"] == name and tried[0]["password"] == "feil-passord-1"
    finally:
        session.close()
    _drop_owned(server, name)
