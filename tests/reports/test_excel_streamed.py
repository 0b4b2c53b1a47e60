"""Large exports stream (openpyxl write-only) and read back the same as the editable workbook."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from hemsedal_integrering.reports import excel
from hemsedal_integrering.reports.common import Column, ReportResult, Table


def big_report(n: int) -> ReportResult:
    rows = [[f"Person {i}", i, i / n, dt.date(2020, 1, 1) + dt.timedelta(days=i % 900), None] for i in range(n)]
    table = Table("rows", "Personer", [Column("Navn", "text", 30), Column("Antall"), Column("Andel", "percent"),
                                        Column("Dato", "date"), Column("Beløp", "money")], rows, note="Merknad")
    return ReportResult("bench", "Tittel", "Undertittel", ["Definisjon én", "Definisjon to"], [table],
                        headline=[("Antall", "12")])


def cells(path):
    wb = load_workbook(path)
    return {ws.title: [[(c.value, c.number_format, c.font.b) for c in row] for row in ws.iter_rows()]
            for ws in wb.worksheets}, {ws.title: (ws.freeze_panes, ws.auto_filter.ref,
                                                  ws.column_dimensions["A"].width) for ws in wb.worksheets}


def test_streamed_export_reads_back_as_the_editable_one(tmp_path, monkeypatch):
    report = big_report(60)
    monkeypatch.setattr(excel, "STREAM_ROWS", 10**9)
    normal = excel.write(report, tmp_path / "normal.xlsx", "internal")
    monkeypatch.setattr(excel, "STREAM_ROWS", 1)
    streamed = excel.write(report, tmp_path / "streamed.xlsx", "internal")
    assert cells(streamed) == cells(normal)


def test_a_large_report_streams(tmp_path, monkeypatch):
    used = []
    original = excel._streamed
    monkeypatch.setattr(excel, "_streamed", lambda r: used.append(1) or original(r))
    excel.write(big_report(excel.STREAM_ROWS + 1), tmp_path / "big.xlsx", "internal")
    assert used
