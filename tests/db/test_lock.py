"""The writer lock: first opener holds it, second is told who, stale locks are taken over."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.db import lock


def test_second_acquire_names_the_holder(tmp_path):
    db = tmp_path / "x.sqlite3"
    mine, holder = lock.acquire(db, user="Kari")
    assert mine is not None and holder is None
    other, holder = lock.acquire(db, user="Ola")
    assert other is None and holder.user == "Kari"
    assert "Kari" in lock.read_only_message(holder)
    mine.release()
    again, _ = lock.acquire(db, user="Ola")
    assert again is not None
    again.release()
    assert not lock.lock_path(db).exists()


def test_old_heartbeat_is_stale_and_touch_refreshes(tmp_path):
    db = tmp_path / "x.sqlite3"
    mine, _ = lock.acquire(db, user="Kari", now=dt.datetime.now() - dt.timedelta(hours=1))
    assert lock.is_stale(lock.read_lock(db), dt.datetime.now())
    mine.touch()
    assert not lock.is_stale(lock.read_lock(db), dt.datetime.now())
    mine.release()


def test_release_removes_note_and_lock_file_and_a_second_release_is_harmless(tmp_path):
    db = tmp_path / "x.sqlite3"
    mine, _ = lock.acquire(db, user="Kari")
    assert lock.lock_path(db).exists() and lock.os_lock_path(db).exists()
    assert mine.check() and mine.held
    mine.release()
    mine.release()
    assert not lock.lock_path(db).exists() and not lock.os_lock_path(db).exists()
    assert not mine.check()  # released is not "held"; no listener fires for a normal release


def test_note_naming_someone_else_means_lost_and_listeners_hear_it_once(tmp_path):
    db = tmp_path / "x.sqlite3"
    mine, _ = lock.acquire(db, user="Kari")
    heard = []
    mine.on_lost(heard.append)
    other = lock.LockInfo("pc-2", "Ola", 4242, dt.datetime(2026, 11, 30, 8, 0), dt.datetime(2026, 11, 30, 8, 0),
                          token="not-yours")
    lock._write_note(db, other)
    assert not mine.check() and not mine.check()
    assert len(heard) == 1 and "Ola" in heard[0] and "kan ikke lenger lagre" in heard[0]
    late = []
    mine.on_lost(late.append)  # a listener added after the loss is told at once
    assert late == heard
    # it let go of the OS lock, and does not delete the other holder's note on release
    mine.release()
    assert lock.read_lock(db).user == "Ola"
    again, _ = lock.acquire(db, user="Per")
    assert again is not None
    again.release()


def test_a_note_unreadable_for_a_moment_is_no_verdict(tmp_path):
    db = tmp_path / "x.sqlite3"
    mine, _ = lock.acquire(db, user="Kari")
    lock.lock_path(db).write_text("{half", encoding="utf-8")  # e.g. read while being replaced on a share
    assert mine.check()
    mine.touch()  # and the heartbeat writes a whole note again
    assert lock.read_lock(db).user == "Kari"
    mine.release()


def test_lost_lock_turns_the_database_read_only_before_the_next_write(tmp_path):
    from hemsedal_integrering.context import Context
    from hemsedal_integrering.db.connection import open_database
    from hemsedal_integrering.errors import PermissionDenied
    from hemsedal_integrering.services.base import transaction
    db_path = tmp_path / "x.sqlite3"
    db = open_database(db_path)
    mine, _ = lock.acquire(db_path, user="Kari")
    lock.attach(db, mine)
    ctx = Context(db=db)
    with transaction(ctx):
        pass
    lock.lock_path(db_path).unlink()
    import pytest
    with pytest.raises(PermissionDenied, match="kan ikke lenger lagre"):
        with transaction(ctx):
            raise AssertionError("must not get here")
    assert "kan ikke lenger lagre" in db.read_only_reason
    mine.release()
    db.close()


def test_no_process_is_probed_or_signalled():
    import inspect
    source = inspect.getsource(lock)
    assert "os.kill" not in source and "signal" not in source.replace("signalled", "")


def test_note_that_cannot_be_replaced_for_a_moment_is_retried(tmp_path, monkeypatch):
    # On Windows os.replace fails while another workstation reads the note; the writer retries.
    db = tmp_path / "x.sqlite3"
    real = lock._write_note
    failures = iter([PermissionError(13, "in use"), PermissionError(13, "in use")])

    def flaky(path, info):
        error = next(failures, None)
        if error is not None:
            raise error
        real(path, info)
    monkeypatch.setattr(lock, "_write_note", flaky)
    mine, holder = lock.acquire(db, user="Kari")
    assert mine is not None and mine.check() and lock.read_lock(db).user == "Kari"
    mine.release()


def test_note_that_can_never_be_written_means_read_only_not_a_silent_writer(tmp_path, monkeypatch):
    db = tmp_path / "x.sqlite3"

    def never(path, info):
        raise PermissionError(13, "denied")
    monkeypatch.setattr(lock, "_write_note", never)
    monkeypatch.setattr(lock.time, "sleep", lambda s: None)
    mine, holder = lock.acquire(db, user="Kari")
    assert mine is None and holder.user == "ukjent"
    monkeypatch.undo()
    again, _ = lock.acquire(db, user="Ola")  # the OS lock was given back
    assert again is not None
    again.release()
