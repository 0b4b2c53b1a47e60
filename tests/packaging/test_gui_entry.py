"""The windowed entry point, the application's name and icon."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gui_script_and_console_script_are_both_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["gui-scripts"]["hemsedal-integrering-gui"] == "hemsedal_integrering.gui:main"
    assert project["scripts"]["hemsedal-integrering"] == "hemsedal_integrering.cli:main"


def test_console_less_process_gets_harmless_stdio(monkeypatch):
    from hemsedal_integrering.gui import ensure_stdio
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    ensure_stdio()
    print("nowhere")  # a pythonw.exe process would have crashed on a library's write to None
    sys.stderr.write("nowhere\n")
    assert sys.stdout is not None and sys.stderr is not None


def test_gui_entry_passes_db_and_keeps_qt_options(monkeypatch):
    from hemsedal_integrering import gui
    from hemsedal_integrering.ui import app
    seen = {}
    monkeypatch.setattr(app, "main", lambda argv=None, db=None: seen.update(argv=argv, db=db) or 0)
    assert gui.main(["--db", "x.sqlite3", "-style", "Fusion"]) == 0
    assert seen["db"] == "x.sqlite3" and seen["argv"][1:] == ["-style", "Fusion"]


def test_application_name_and_icon(qapp):
    from hemsedal_integrering.ui.identity import app_icon, apply_identity, set_app_user_model_id
    apply_identity(qapp)
    assert qapp.applicationDisplayName() == "Hemsedal integrering"
    assert not qapp.windowIcon().isNull()
    sizes = {s.width() for s in app_icon().availableSizes()}
    assert {16, 32, 48, 256} <= sizes, sizes  # the ICO's sizes: crisp in the task bar and in Explorer
    assert set_app_user_model_id() is (sys.platform == "win32")
