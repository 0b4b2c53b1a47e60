"""Files the program creates are readable by their owner only (issue 11 point 8; POSIX 0600/0700)."""

from __future__ import annotations

import os
import stat

import pytest

from hemsedal_integrering import cli
from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the profile folder restricts access")


def test_database_key_file_backups_and_exports_are_owner_only(tmp_path, monkeypatch, capsys):
    fast_kdf(monkeypatch)
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)
    old = os.umask(0o022)  # a typical desktop umask: without care files would be 0644
    try:
        home = tmp_path / "data"
        path = home / "k.sqlite3"
        session, _ = new_encrypted(path)
        session.close()
        db = ["--db", str(path)]
        assert cli.main(db + ["backup", "--user", "sjef"]) == 0
        assert cli.main(db + ["export-person", "1", "--out", str(home / "innsyn.json"), "--user", "sjef"]) == 0
        assert cli.main(db + ["audit", "--export", str(home / "logg.csv"), "--user", "sjef"]) == 0
    finally:
        os.umask(old)
    open_to_others = []
    for p in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(p.stat().st_mode)
        if mode & 0o077:
            open_to_others.append(f"{p.relative_to(tmp_path)} {oct(mode)}")
    assert open_to_others == []
    names = {p.name for p in home.rglob("*")}
    assert {"k.sqlite3.keys", "k.sqlite3.keys.lock", "innsyn.json", "logg.csv", "sikkerhetskopier"} <= names
