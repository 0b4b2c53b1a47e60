"""Network locations never get WAL: UNC paths, mapped network drives (GetDriveTypeW), network mounts."""

from __future__ import annotations

from pathlib import Path

from hemsedal_integrering.db import connection
from hemsedal_integrering.db.connection import DRIVE_REMOTE, is_network_path, open_database

DRIVE_FIXED = 3


def test_unc_paths_are_network():
    assert is_network_path(Path(r"\\filserver\integrering\db.sqlite3"))
    assert is_network_path(Path("//filserver/integrering/db.sqlite3"))


def test_mapped_drive_is_asked_with_get_drive_type(monkeypatch):
    asked = []
    monkeypatch.setattr(connection.sys, "platform", "win32")
    monkeypatch.setattr(connection, "windows_drive_type",
                        lambda root: asked.append(root) or (DRIVE_REMOTE if root.upper() == "H:\\" else DRIVE_FIXED))
    assert is_network_path(r"H:\Integrering\integrering.sqlite3")
    assert not is_network_path(r"C:\Users\kari\AppData\Local\hemsedal-integrering\integrering.sqlite3")
    assert asked == ["H:\\", "C:\\"]


def test_drive_type_failure_counts_as_local(monkeypatch):
    monkeypatch.setattr(connection.sys, "platform", "win32")

    def broken(root):
        raise OSError("no kernel32 here")
    monkeypatch.setattr(connection, "windows_drive_type", broken)
    assert not is_network_path(r"D:\data.sqlite3")


def test_linux_network_mount_is_recognised(monkeypatch, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    mounts = f"/dev/sda1 / ext4 rw 0 0\n//filserver/integrering {share} cifs rw 0 0\n"
    real_read = Path.read_text
    monkeypatch.setattr(connection.sys, "platform", "linux")
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: mounts if str(self) == "/proc/self/mounts"
                        else real_read(self, *a, **k))
    assert is_network_path(share / "db.sqlite3")
    assert not is_network_path(tmp_path / "local.sqlite3")


def test_network_location_opens_with_rollback_journal_not_wal(monkeypatch, tmp_path):
    monkeypatch.setattr(connection, "is_network_path", lambda p: True)
    db = open_database(tmp_path / "delt.sqlite3")
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()
    monkeypatch.undo()
    db = open_database(tmp_path / "lokal.sqlite3")
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
