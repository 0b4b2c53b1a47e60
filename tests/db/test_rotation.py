"""Backups: once a day at start, 7 daily / 4 weekly / 12 monthly kept, encrypted like the database,
restore shows contents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hemsedal_integrering.db import backup, rotation
from hemsedal_integrering.models import Person
from hemsedal_integrering.services import auth
from tests.privacy_helpers import NATIONAL_ID, PASSWORD, fast_kdf, new_encrypted


def test_rotation_keeps_7_daily_4_weekly_12_monthly():
    # given one automatic backup every day for two years (newest 23.11.2026)
    start = dt.datetime(2026, 11, 23, 8, 0)
    files = [rotation.BackupFile(Path(f"b{i}.sqlite3"), rotation.AUTO_LABEL, start - dt.timedelta(days=i))
             for i in range(730)]
    manual = rotation.BackupFile(Path("manual.sqlite3"), "manuell", start - dt.timedelta(days=900))
    keep = rotation.to_keep(files + [manual])
    kept_days = sorted((start - f.taken).days for f in files if f.path in keep)
    # then the last 7 days, one per week for 4 weeks and one per month for 12 months survive
    assert kept_days[:7] == list(range(7))
    assert len(keep) <= 7 + 4 + 12 and len(keep) >= 12
    assert max(kept_days) < 366
    assert manual.path not in keep  # not selected; prune deletes it only once KEEP_OTHER_DAYS have passed


def test_daily_backup_once_per_day_and_pruned(tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    db_path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(db_path)
    key = session.db.data_key
    folder = tmp_path / "share" / "backups"
    day = dt.datetime(2026, 1, 1, 8, 0)
    made = []
    for i in range(40):
        made.append(rotation.daily_backup(db_path, folder, day + dt.timedelta(days=i), key))
        assert rotation.daily_backup(db_path, folder, day + dt.timedelta(days=i, hours=3), key) is None
    session.close()
    left = rotation.list_backups(folder, db_path.stem)
    assert all(made) and 7 <= len(left) <= 7 + 4 + 2
    # backups are encrypted and carry their key file
    newest = left[0].path
    assert NATIONAL_ID.encode() not in newest.read_bytes()
    assert Path(str(newest) + ".keys").exists()
    # and describing one shows date and counts (with the key), or refuses to read it without
    summary = rotation.describe(newest, key)
    assert summary.ok and summary.counts["person"] == 1 and summary.taken == dt.datetime(2026, 2, 9, 8, 0)
    assert "personer: 1" in "\n".join(summary.lines())
    assert not rotation.describe(newest).ok


def test_restore_encrypted_backup_and_latest_good_backup(tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    db_path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(db_path)
    key = session.db.data_key
    folder = tmp_path / "b"
    good = rotation.daily_backup(db_path, folder, dt.datetime(2026, 11, 20, 8), key)
    Person.delete().execute()  # a disaster after the backup
    session.close()
    # a damaged newer backup is skipped when looking for the latest good one
    bad = folder / f"{db_path.stem}-daglig-20261122-080000.sqlite3"
    bad.write_bytes(b"\x00" * 8192)
    latest = rotation.latest_good_backup(folder, db_path.stem, key)
    assert latest is not None and latest.path == good
    backup.restore_from(good, db_path, key)
    s = auth.login(db_path, "sjef", PASSWORD)
    assert Person.select().count() == 1
    s.close()


def test_damaged_database_at_login_offers_latest_good_backup(tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    db_path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(db_path)
    report = auth.start_of_day(session, dt.datetime(2026, 11, 22, 8))
    assert report.backup is not None
    assert auth.start_of_day(session, dt.datetime(2026, 11, 22, 15)).backup is None  # once a day
    session.close()
    # when pages in the middle of the file are overwritten
    data = bytearray(db_path.read_bytes())
    data[4096:12288] = b"\xff" * 8192
    db_path.write_bytes(bytes(data))
    # then login says the file is damaged and names the latest good backup
    with pytest.raises(auth.DatabaseDamaged) as err:
        auth.login(db_path, "sjef", PASSWORD)
    assert "skadet" in str(err.value) and err.value.backup.path == report.backup
    # and restoring it makes the database usable again
    backup.restore_from(err.value.backup.path, db_path, err.value.key)
    s = auth.login(db_path, "sjef", PASSWORD)
    assert Person.select().count() == 1
    s.close()


def test_damaged_database_finds_backups_in_the_admins_folder(tmp_path, monkeypatch):
    # given the admin chose a folder on the "network share" and a backup was taken there
    from hemsedal_integrering.services import privacy
    fast_kdf(monkeypatch)
    db_path = tmp_path / "lokal" / "k.sqlite3"
    db_path.parent.mkdir()
    session, _ = new_encrypted(db_path)
    share = tmp_path / "share" / "kopier"
    privacy.set_backup_folder(session.ctx, folder=str(share))
    report = auth.start_of_day(session, dt.datetime(2026, 11, 21, 8))
    assert report.backup is not None and report.backup.parent == share
    session.close()
    # when the database file is damaged
    data = bytearray(db_path.read_bytes())
    data[4096:8192] = b"\x00" * 4096
    db_path.write_bytes(bytes(data))
    # then login offers the backup on the share (read from the key file: the database cannot be read)
    with pytest.raises(auth.DatabaseDamaged) as err:
        auth.login(db_path, "sjef", PASSWORD)
    assert err.value.backup is not None and err.value.backup.path == report.backup


def test_a_failed_daily_backup_is_flagged_not_fatal(tmp_path, monkeypatch):
    # given a session whose backup cannot be written (the share is gone)
    fast_kdf(monkeypatch)
    db_path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(db_path)

    def no_share(*args, **kwargs):
        raise OSError("nettverksstasjonen svarer ikke")
    monkeypatch.setattr(auth.rotation, "daily_backup", no_share)
    # when the day starts
    report = auth.start_of_day(session, dt.datetime(2026, 11, 22, 8))
    # then the report says it failed, in Norwegian, with the reason; a normal day is not flagged
    assert report.failed and report.backup is None
    assert "Automatisk sikkerhetskopi mislyktes" in report.message
    assert "nettverksstasjonen svarer ikke" in report.message
    monkeypatch.undo()
    fast_kdf(monkeypatch)
    assert not auth.start_of_day(session, dt.datetime(2026, 11, 23, 8)).failed
    session.close()
