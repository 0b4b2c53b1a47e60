"""A real spreadsheet program reads every council workbook: LibreOffice Calc converts each
council xlsx (every sheet) to CSV, and the figures, the hidden small numbers and the absence
of names survive. ``.ci/run`` installs Calc (libreoffice-calc-nogui) when it is missing and
sets HEMSEDAL_REQUIRE_CALC=1, so in CI this test runs instead of being skipped."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hemsedal_integrering.models import Person
from hemsedal_integrering.reports import REPORTS, excel, run_report


def calc_program() -> str | None:
    """The soffice executable when LibreOffice *Calc* is installed (Writer alone cannot read xlsx):
    Calc's own library lies next to soffice (Linux/Windows) or in Frameworks (macOS)."""
    for name in ("soffice", "libreoffice", "soffice.exe"):
        found = shutil.which(name)
        if not found:
            continue
        program = Path(os.path.realpath(found)).parent
        libraries = [program / "libsclo.so", program / "sclo.dll", program.parent / "Frameworks" / "libsclo.dylib"]
        if any(p.exists() for p in libraries):
            return found
    return None


CALC = calc_program()
REQUIRED = os.environ.get("HEMSEDAL_REQUIRE_CALC") == "1"


def test_calc_is_there_when_ci_requires_it():
    if REQUIRED:
        assert CALC, "LibreOffice Calc is required (HEMSEDAL_REQUIRE_CALC=1) but libsclo was not found next to soffice"


@pytest.mark.slow
@pytest.mark.skipif(CALC is None and not REQUIRED, reason="LibreOffice Calc not installed")
def test_calc_reads_every_council_workbook(demo_ctx, tmp_path):
    # given every report's council workbook
    files = []
    for name in REPORTS:
        kwargs = {"year_from": 2010, "year_to": 2024} if name == "arrivals" else {}
        files.append(excel.write(run_report(demo_ctx, name, municipality="hemsedal", **kwargs),
                                 tmp_path / f"{name}.xlsx"))
    # when Calc converts every sheet of every file to CSV (sheet number -1 = all sheets, one file each)
    out = tmp_path / "csv"
    subprocess.run([CALC, "--headless", f"-env:UserInstallation=file://{tmp_path.as_posix()}/lo", "--convert-to",
                    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
                    "--outdir", str(out), *map(str, files)], check=True, capture_output=True, timeout=600)
    sheets = {p.name: list(csv.reader(p.open(encoding="utf-8"))) for p in out.glob("*.csv")}
    # then every workbook was read, sheet by sheet
    for name in REPORTS:
        assert any(f.startswith(f"{name}-") for f in sheets), f"Calc wrote no sheet of {name}.xlsx"
    text = "\n".join(",".join(r) for rows in sheets.values() for r in rows)
    # the figures survive as numbers: 178 settled 2010-2024 in Hemsedal, typed in the overview
    years = next(rows for f, rows in sheets.items() if f.startswith("arrivals-Bosatt og utflyttet per"))
    total = next(r for r in years if r and r[0] == "Sum")
    assert total[1] == "178"
    overview = next(rows for f, rows in sheets.items() if f == "arrivals-Oversikt.csv")
    assert ["Bosatt 2010–2024", "178"] in [r[:2] for r in overview]
    # small numbers are hidden and no person is named
    assert "under 5" in text
    names = {p.full_name for p in Person.select() if len(p.full_name) > 5}
    assert not [n for n in names if n in text]
