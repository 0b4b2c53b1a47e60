"""Login: wrong password changes nothing, slow-down after failures, first administrator, writer lock."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.db import crypto
from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.services import auth
from hemsedal_integrering.services.housing import create_landlord
from tests.privacy_helpers import PASSWORD, data_checksum, fast_kdf, new_encrypted


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    fast_kdf(monkeypatch)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 9, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now


def test_first_start_needs_an_administrator_then_not(tmp_path):
    path = tmp_path / "ny.sqlite3"
    assert auth.needs_first_admin(path)
    with pytest.raises(ValidationError) as err:
        auth.create_first_admin(path, username="", full_name="", password="kort", password_again="annet")
    assert set(err.value.errors) == {"username", "full_name", "password", "password_again"}
    assert not path.exists()  # nothing created on bad input
    session, recovery = auth.create_first_admin(path, username="Sjef", full_name="Sjef Sjefsen",
                                                password=PASSWORD, password_again=PASSWORD)
    assert set(session.user.roles) == {"admin", "officer"} and session.user.username == "sjef" and recovery
    session.close()
    assert not auth.needs_first_admin(path)
    with pytest.raises(PermissionDenied):
        auth.create_first_admin(path, username="nummer2", full_name="To", password=PASSWORD)


def test_wrong_password_is_refused_and_changes_nothing(tmp_path):
    path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(path)
    session.close()
    db_bytes = path.read_bytes()
    with pytest.raises(auth.LoginFailed, match="Feil brukernavn eller passord"):
        auth.login(path, "radgiver", "feil-passord-123")
    with pytest.raises(auth.LoginFailed, match="Feil brukernavn eller passord"):
        auth.login(path, "finnes-ikke", "feil-passord-123")  # same message: no user enumeration
    assert path.read_bytes() == db_bytes


@pytest.mark.parametrize("encrypted", [True, False])
def test_repeated_failures_slow_down_exponentially(tmp_path, encrypted):
    # given a database and a clock
    clock = Clock()
    path = tmp_path / "k.sqlite3"
    if encrypted:
        session, _ = new_encrypted(path, clock=clock)
    else:
        from tests.privacy_helpers import add_users_and_person
        session, _ = auth.create_first_admin(path, username="sjef", full_name="S", password=PASSWORD,
                                             encrypt=False, clock=clock)
        add_users_and_person(session.ctx)
    session.close()
    # when three wrong passwords are tried, the fourth attempt must wait 1 s, then 2 s, then 4 s
    for _ in range(3):
        with pytest.raises(auth.LoginFailed, match="Feil"):
            auth.login(path, "bolig", "feil-passord-123", clock=clock)
    with pytest.raises(auth.LoginFailed, match="Vent 1 sekund "):
        auth.login(path, "bolig", PASSWORD, clock=clock)  # even the right password waits
    clock.now += dt.timedelta(seconds=1)
    with pytest.raises(auth.LoginFailed, match="Feil"):
        auth.login(path, "bolig", "feil-passord-123", clock=clock)
    with pytest.raises(auth.LoginFailed, match="Vent 2 sekunder"):
        auth.login(path, "bolig", PASSWORD, clock=clock)
    clock.now += dt.timedelta(seconds=2)
    # then the right password works after the wait and resets the counter
    s = auth.login(path, "bolig", PASSWORD, clock=clock)
    s.close()
    with pytest.raises(auth.LoginFailed, match="Feil"):
        auth.login(path, "bolig", "feil-passord-123", clock=clock)
    s = auth.login(path, "bolig", PASSWORD, clock=clock)  # one failure: no wait
    s.close()
    assert auth.delay_after(30) == auth.MAX_DELAY_SECONDS


def test_second_opener_is_read_only_and_told_who_holds_the_file(tmp_path):
    # given the officer is logged in (holds the writer lock)
    path = tmp_path / "k.sqlite3"
    admin, _ = new_encrypted(path)
    admin.close()
    first = auth.login(path, "radgiver", PASSWORD)
    assert not first.read_only
    # when housing staff open the same file
    second = auth.login(path, "bolig", PASSWORD)
    # then they are read-only, told who holds it, and every service write is refused unchanged
    assert second.read_only and "Rita Rådgiver (radgiver)" in second.message
    before = data_checksum()
    with pytest.raises(PermissionDenied, match="i bruk av Rita"):
        create_landlord(second.ctx, name="Utleier fra maskin 2")
    assert data_checksum() == before
    second.close()
    # and when the holder closes, the next opener may write
    first.close()
    third = auth.login(path, "sjef", PASSWORD)
    assert not third.read_only
    third.close()


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    from hemsedal_integrering.db import lock
    path = tmp_path / "k.sqlite3"
    admin, _ = new_encrypted(path)
    admin.close()
    long_ago = dt.datetime.now() - dt.timedelta(hours=2)
    lock.lock_path(path).write_text(
        '{"host": "annen-pc", "user": "Ola", "pid": 1, "since": "%s", "heartbeat": "%s"}'
        % (long_ago.isoformat(), long_ago.isoformat()))
    s = auth.login(path, "sjef", PASSWORD)
    assert not s.read_only
    s.close()
    assert not lock.lock_path(path).exists()


def test_key_file_missing_gives_clear_message(tmp_path):
    from hemsedal_integrering.errors import DatabaseError
    path = tmp_path / "k.sqlite3"
    admin, _ = new_encrypted(path)
    admin.close()
    crypto.key_file_path(path).unlink()
    with pytest.raises(DatabaseError, match="Nøkkelfilen"):
        auth.login(path, "sjef", PASSWORD)
