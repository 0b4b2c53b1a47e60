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
