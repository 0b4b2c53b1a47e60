"""Large exports stream (openpyxl write-only) and read back the same as the editable workbook:
cells, number formats, fonts, fills, widths, frozen header, filter and charts."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess

import pytest
from openpyxl import load_workbook

from hemsedal_integrering.reports import REPORTS, excel, run_report
from hemsedal_integrering.reports.common import Chart, Column, ReportResult, Table

from .test_calc import CALC, REQUIRED


def big_report(n: int) -> ReportResult:
    rows = [[f"Sted {i}", i, i / n, dt.date(2020, 1, 1) + dt.timedelta(days=i % 900), None if i % 7 else 1200 * i]
            for i in range(n)]
    table = Table("rows", "Husstander per sted", [Column("Sted", "text", 30), Column("Antall"),
                                                  Column("Andel", "percent"), Column("Dato", "date"),
                                                  Column("Beløp", "money")], rows, note="Merknad")
    charts = [Chart("bars", "Bosatt per år", "bar", ["2022", "2023", "2024"], [("Bosatt", [12, None, 30])]),
              Chart("kpi", "Andel i arbeid", "kpi", ["Menn", "Kvinner"], [("Andel", [0.5, None])], target=0.7),
              Chart("pie", "Fordeling", "pie", ["A", "B"], [("Antall", [3, 9])])]
    return ReportResult("bench", "Tittel", "Undertittel", ["Definisjon én", "Definisjon to"], [table], charts,
                        headline=[("Antall", "178"), ("Andel", "50,0 %"), ("Sum", "kr 12 500"), ("Tekst", "ingen")])


def cells(path):
    """What a reader sees: every cell's value, format, bold, fill; each sheet's frozen
    header, filter, column widths and charts (type and data ranges)."""
    wb = load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        values = [[(c.value, c.number_format, c.font.b, c.font.i, c.font.sz, c.fill.fgColor.rgb)
                   for c in row if c.value not in (None, "")] for row in ws.iter_rows()]
        widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
        sheets[ws.title] = (values, ws.freeze_panes, ws.auto_filter.ref, widths)
    return sheets


def charts(path) -> dict[str, list[str]]:
    import zipfile
    with zipfile.ZipFile(path) as z:
        return {n: sorted(set(part.split("<")[0] for part in z.read(n).decode().split("<c:f>")[1:]))
                for n in z.namelist() if n.startswith("xl/charts/chart")}


def both(report, tmp_path, monkeypatch, audience="internal"):
    monkeypatch.setattr(excel, "STREAM_ROWS", 10**9)
    normal = excel.write(report, tmp_path / "normal.xlsx", audience)
    monkeypatch.setattr(excel, "STREAM_ROWS", 1)
    streamed = excel.write(report, tmp_path / "streamed.xlsx", audience)
    return normal, streamed


def test_streamed_export_reads_back_as_the_editable_one(tmp_path, monkeypatch):
    normal, streamed = both(big_report(60), tmp_path, monkeypatch)
    assert cells(streamed) == cells(normal)
    assert charts(streamed) == charts(normal) and len(charts(normal)) == 3


@pytest.mark.parametrize("name", sorted(REPORTS))
@pytest.mark.parametrize("audience", ["council", "internal"])
def test_every_report_streams_as_it_is_written(demo_ctx, tmp_path, monkeypatch, name, audience):
    kwargs = {"year_from": 2010, "year_to": 2024} if name == "arrivals" else {}
    report = run_report(demo_ctx, name, municipality="hemsedal", **kwargs)
    normal, streamed = both(report, tmp_path, monkeypatch, audience)
    assert cells(streamed) == cells(normal)
    assert charts(streamed) == charts(normal)


def test_a_large_report_streams_and_a_small_one_does_not(tmp_path, monkeypatch):
    used = []
    original = excel._streamed
    monkeypatch.setattr(excel, "_streamed", lambda r: used.append(1) or original(r))
    excel.write(big_report(10), tmp_path / "small.xlsx", "internal")
    assert not used
    excel.write(big_report(excel.STREAM_ROWS), tmp_path / "big.xlsx", "internal")
    assert used


@pytest.mark.slow
@pytest.mark.skipif(CALC is None and not REQUIRED, reason="LibreOffice Calc not installed")
def test_calc_reads_a_streamed_workbook(tmp_path, monkeypatch):
    # given a streamed workbook
    monkeypatch.setattr(excel, "STREAM_ROWS", 1)
    path = excel.write(big_report(50), tmp_path / "big.xlsx", "internal")
    # when Calc converts every sheet to CSV
    out = tmp_path / "csv"
    subprocess.run([CALC, "--headless", f"-env:UserInstallation=file://{tmp_path.as_posix()}/lo", "--convert-to",
                    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=600)
    sheets = {p.name: list(csv.reader(p.open(encoding="utf-8"))) for p in out.glob("*.csv")}
    # then the rows, the typed headline and the chart numbers are there
    rows = next(r for f, r in sheets.items() if "Husstander" in f)
    assert ["Sted 49", "49"] == rows[-3][:2] and rows[-1] == ["Merknad"] + [""] * (len(rows[-1]) - 1)
    overview = next(r for f, r in sheets.items() if f.endswith("Oversikt.csv"))
    assert ["Antall", "178"] in [r[:2] for r in overview]
    assert any(f.endswith(".csv") and "Bosatt" in f for f in sheets)
