"""Where the program writes: the data folder, folders made when missing, owner-only files, Windows-safe names."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
from pathlib import Path

import pytest

from hemsedal_integrering import paths

WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _windows_safe(name: str) -> bool:
    stem = name.split(".")[0].upper()
    return (not WINDOWS_BAD.search(name) and not name.endswith((".", " ")) and stem not in paths._RESERVED
            and len(name) <= 200)


@pytest.mark.parametrize("raw, expected", [
    ("Rapport 01.12.2026 10:30", "Rapport 01.12.2026 10-30"),
    ('Brev: "Familien" <Haddad>?', "Brev- -Familien- -Haddad--"),
    ("a/b\\c|d*e", "a-b-c-d-e"),
    ("CON", "_CON"), ("con.pdf", "_con.pdf"), ("LPT1.txt", "_LPT1.txt"), ("NUL", "_NUL"),
    ("slutt. ", "slutt"), ("", "fil"), ("...", "fil"),
    ("Innkalling – Olena Kovalenko", "Innkalling – Olena Kovalenko"),  # Unicode is fine on NTFS
])
def test_safe_filename(raw, expected):
    assert paths.safe_filename(raw) == expected
    assert _windows_safe(paths.safe_filename(raw))


def test_data_dir_is_the_platform_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert paths.data_dir() == tmp_path / "xdg" / "hemsedal-integrering"
    assert paths.log_dir() == paths.data_dir() / "logs"
    from hemsedal_integrering.db import default_database_path
    assert default_database_path() == paths.data_dir() / "integrering.sqlite3"


@posix_only
def test_missing_folders_are_made_owner_only_existing_ones_untouched(tmp_path):
    existing = tmp_path / "felles"
    existing.mkdir(mode=0o755)
    os.chmod(existing, 0o755)
    made = paths.ensure_private_dir(existing / "a" / "b")
    assert made.is_dir()
    assert _mode(existing / "a") == 0o700 and _mode(existing / "a" / "b") == 0o700
    assert _mode(existing) == 0o755  # a folder that was there (e.g. the share) keeps its rights
    f = made / "x.txt"
    f.write_text("x")
    paths.make_private(f)
    assert _mode(f) == 0o600


@posix_only
def test_new_database_in_a_missing_folder_is_created_owner_only(tmp_path):
    from hemsedal_integrering.db import open_database
    path = tmp_path / "ny" / "mappe" / "integrering.sqlite3"
    db = open_database(path)
    db.close()
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700


def test_backup_names_are_windows_safe_and_carry_no_colon(tmp_path):
    from hemsedal_integrering.db import backup, open_database
    db_path = tmp_path / "integrering.sqlite3"
    open_database(db_path).close()
    made = backup.timestamped_backup(db_path, tmp_path / "sikkerhetskopier", "daglig",
                                     dt.datetime(2026, 11, 30, 14, 5, 9))
    assert made.name == "integrering-daglig-20261130-140509.sqlite3"
    assert _windows_safe(made.name)
    odd = backup.timestamped_backup(db_path, tmp_path / "sikkerhetskopier", "før: oppgradering",
                                    dt.datetime(2026, 11, 30, 14, 5, 9))
    assert _windows_safe(odd.name) and ":" not in odd.name
    if os.name == "posix":
        assert _mode(made) == 0o600 and _mode(made.parent) == 0o700


def test_printed_file_names_are_windows_safe():
    from types import SimpleNamespace
    pytest.importorskip("PySide6")
    from hemsedal_integrering.ui.print_preview import suggested_filename
    name = suggested_filename([SimpleNamespace(title="Varsel: tilsyn 01.12. kl. 10:00", recipient="CON")])
    assert name.endswith(".pdf") and _windows_safe(name), name


@posix_only
def test_report_and_letter_outputs_are_written_whole_and_owner_only(tmp_path, demo_file):
    from hemsedal_integrering.cli import main
    out = tmp_path / "ut"
    out.mkdir()
    assert main(["report", "kpi", "--db", str(demo_file), "--format", "pdf", "--out", str(out / "kpi.pdf")]) == 0
    assert main(["report", "kpi", "--db", str(demo_file), "--format", "xlsx", "--out", str(out / "kpi.xlsx")]) == 0
    for name in ("kpi.pdf", "kpi.xlsx"):
        assert _mode(out / name) == 0o600
    assert sorted(p.name for p in out.iterdir()) == ["kpi.pdf", "kpi.xlsx"]  # no temp files left
