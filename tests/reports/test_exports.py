"""Excel and PDF exports: real cell types, definitions, Norwegian formats, charts."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hemsedal_integrering.reports import arrivals, excel, fmt, housing, pdf, run_report


def test_formats_are_norwegian():
    assert fmt.number(12345) == "12\u00a0345"
    assert fmt.percent(0.2703) == "27,0\u00a0%"
    assert fmt.money(9800) == "kr\u00a09\u00a0800"
    assert fmt.date(dt.date(2025, 3, 1)) == "01.03.2025"
    assert fmt.long_date(dt.date(2026, 11, 23)) == "23. november 2026"


def test_excel_has_real_numbers_dates_and_definitions(demo_ctx, tmp_path):
    # given
    result = arrivals.to_result(arrivals.arrivals_departures(demo_ctx, year_from=2010, year_to=2024,
                                                             municipality="hemsedal"))
    path = excel.write(result, tmp_path / "a.xlsx")
    # when
    wb = load_workbook(path)
    # then: an overview sheet plus one sheet per table and one per chart, names that read whole
    assert wb.sheetnames[0] == "Oversikt" and len(wb.sheetnames) == 1 + len(result.tables) + len(result.charts)
    assert "Bosatt og utflyttet per år" in wb.sheetnames and "Bosatt etter opprinnelsesland" in wb.sheetnames
    assert "Bosatt og flyttet ut" in wb.sheetnames and "Diagram Bosatt og utflyttet" in wb.sheetnames
    ws = wb[wb.sheetnames[1]]
    header_row = next(r for r in range(1, 15) if ws.cell(row=r, column=1).value == "År")
    assert [ws.cell(row=header_row, column=c).value for c in range(1, 6)] == \
        ["År", "Bosatt", "Flyttet ut", "Født i Norge", "Netto"]
    first = [ws.cell(row=header_row + 1, column=c).value for c in range(1, 6)]
    assert first[0] == 2010 and all(isinstance(v, int) for v in first)
    total = [ws.cell(row=header_row + 16, column=c).value for c in range(1, 3)]
    assert total == ["Sum", 178]
    assert any("Netto = bosatt" in str(ws.cell(row=r, column=1).value) for r in range(1, header_row))
    assert ws.column_dimensions["A"].width >= 8
    cohort = wb[wb.sheetnames[2]]
    pct = [c for row in cohort.iter_rows() for c in row if isinstance(c.value, float)]
    assert pct and pct[0].number_format == "0.0%" and pct[0].value == pytest.approx(20 / 74)


def test_excel_dates_are_dates(demo_ctx, tmp_path):
    result = housing.to_result(housing.housing(demo_ctx, date=dt.date(2025, 3, 15), municipality="hemsedal"))
    wb = load_workbook(excel.write(result, tmp_path / "h.xlsx"))
    ws = wb[[n for n in wb.sheetnames if n.startswith("Husleie")][0]]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, dt.datetime)]
    assert len(cells) == 12 and cells[0].number_format == "mmmm yyyy"
    money = [c for row in ws.iter_rows() for c in row if c.column == 2 and isinstance(c.value, int)]
    assert money[0].value == 160000 and "kr" in money[0].number_format


def test_pdf_council_report(demo_ctx):
    result = run_report(demo_ctx, "kpi", municipality="hemsedal")
    data = pdf.to_bytes(result, printed=demo_ctx.today())
    reader = PdfReader(__import__("io").BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert reader.pages[0].mediabox.width == pytest.approx(595.27, abs=0.1)  # A4
    assert "Arbeid og utdanning" in text and "23. november 2026" in text
    assert "18–66 år" in text and "Mål 50 %" in text.replace("\u00a0", " ")
    assert "%" in text and "Side 1" in text
