"""The report command line."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hemsedal_integrering import cli


def test_json_to_stdout(demo_file, capsys):
    rc = cli.main(["report", "arrivals", "--db", str(demo_file), "--from", "2010", "--to", "2024",
                   "--municipality", "hemsedal", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    years = next(t for t in out["tables"] if t["key"] == "years")
    assert years["rows"][-1][:2] == ["Sum", 178]


def test_xlsx_and_pdf_files(demo_file, tmp_path, capsys):
    xlsx, pdf = tmp_path / "bolig.xlsx", tmp_path / "bolig.pdf"
    assert cli.main(["report", "housing", "--db", str(demo_file), "--date", "15.03.2025", "--municipality",
                     "hemsedal", "--format", "xlsx", "--out", str(xlsx)]) == 0
    assert cli.main(["report", "housing", "--db", str(demo_file), "--date", "2025-03-15", "--municipality",
                     "hemsedal", "--format", "pdf", "--out", str(pdf)]) == 0
    ws = load_workbook(xlsx)["Boliger"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert ["Kommunale boliger utleid til flyktninger", 6, 11] == values[next(
        i for i, r in enumerate(values) if r[0] == "Kommunale boliger utleid til flyktninger")][:3]
    assert "6 av 11" in PdfReader(pdf).pages[0].extract_text()


def test_kpi_with_date_and_months(demo_file, capsys):
    assert cli.main(["report", "kpi", "--db", str(demo_file), "--date", "01.01.2025", "--months", "6"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "minst 6 måneder" in out["definition"][0] and "01.01.2025" in out["subtitle"]


def test_bad_arguments_give_norwegian_errors(demo_file, capsys):
    assert cli.main(["report", "kpi", "--db", str(demo_file), "--from", "2020", "--to", "2024"]) == 2
    assert "gjelder én dato" in capsys.readouterr().err
    assert cli.main(["report", "arrivals", "--db", str(demo_file), "--date", "01.01.2025"]) == 2
    assert "gjelder en periode" in capsys.readouterr().err
    assert cli.main(["report", "arrivals", "--db", str(demo_file), "--from", "2024", "--to", "2010"]) == 2
    assert "Fra-året" in capsys.readouterr().err
    assert cli.main(["report", "kpi", "--db", str(demo_file), "--date", "31.02.2025"]) == 2
    assert "gyldig dato" in capsys.readouterr().err


@pytest.mark.slow
def test_module_entry_point_knows_the_report_command(demo_file, tmp_path):
    """`python -m hemsedal_integrering.cli report …` (the README's way) sees the plugin command."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "kpi.json"
    proc = subprocess.run([sys.executable, "-m", "hemsedal_integrering.cli", "report", "kpi", "--db", str(demo_file),
                           "--format", "json", "--out", str(out)], cwd=root, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["name"] == "kpi"
