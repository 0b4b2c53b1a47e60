"""The self-test the bundle runs (``--smoke-test``) works from the source tree too, so it cannot rot."""

from __future__ import annotations

import json
import shutil

from pypdf import PdfReader


def test_smoke_test_prints_a_letter_and_runs_a_report(qapp, demo_file, tmp_path):
    from hemsedal_integrering.ui import smoke
    shutil.copy(demo_file, tmp_path / "demo.sqlite3")
    assert smoke.run(tmp_path) == 0, (tmp_path / "smoke.json").read_text(encoding="utf-8")
    report = json.loads((tmp_path / "smoke.json").read_text(encoding="utf-8"))
    assert report["ok"] and report["letter"]["printed_pages"] >= 1
    assert "printsupport" in report["qt_plugins"] and "platforms" in report["qt_plugins"]
    assert len(PdfReader(tmp_path / "letter-printed.pdf").pages) == report["letter"]["pages"]
    for name in ("window.png", "report.png", "report-kpi.pdf", "report-kpi.xlsx"):
        assert (tmp_path / name).stat().st_size > 0
