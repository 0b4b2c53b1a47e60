"""Reports say what they mean: target vs result, counts behind bars, 'ikke registrert' instead
of kr 0, 'Side x av y', typed headline figures, whole sheet names, xlsx charts, and a sentence
where two figures seem to disagree."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from pypdf import PdfReader

from hemsedal_integrering.reports import excel, pdf, run_report


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\u00a0", " ")


def test_kpi_names_the_result_and_the_target_and_the_persons_behind_each_bar(demo_ctx):
    result = run_report(demo_ctx, "kpi", municipality="hemsedal")
    text = _text(pdf.to_bytes(result, printed=demo_ctx.today()))
    flat = text.replace("\n", " ")
    assert "Nasjonalt mål, ett år etter program" not in flat
    assert "I arbeid eller utdanning ett år etter programmet (nasjonalt mål 70 %)" in flat
    assert "(n = " in flat  # the bars of shares say how many persons they stand for


def test_pages_say_page_x_of_y(demo_ctx):
    data = pdf.to_bytes(run_report(demo_ctx, "kpi"), printed=demo_ctx.today())
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages > 1 and f"Side 1 av {pages}" in _text(data) and f"Side {pages} av {pages}" in _text(data)


def test_no_rent_registered_is_said_not_shown_as_zero(demo_ctx):
    from hemsedal_integrering.models import Tenancy
    Tenancy.update(monthly_rent=None).execute()
    result = run_report(demo_ctx, "housing", municipality="hemsedal")
    text = _text(pdf.to_bytes(result, printed=demo_ctx.today()))
    assert "ikke registrert" in text
    cells = [c.value for ws in load_workbook(io.BytesIO(excel.to_bytes(result))).worksheets
             for row in ws.iter_rows() for c in row]
    assert "ikke registrert" in cells


def test_xlsx_headline_figures_are_numbers_and_every_chart_is_there(demo_ctx):
    result = run_report(demo_ctx, "arrivals", municipality="hemsedal", year_from=2010, year_to=2024)
    wb = load_workbook(io.BytesIO(excel.to_bytes(result, "internal")))
    overview = wb["Oversikt"]
    values = {r[0].value: r[1] for r in overview.iter_rows() if r[0].value and len(r) > 1}
    settled = values["Bosatt 2010–2024"]
    assert settled.value == 178 and isinstance(settled.value, int) and settled.number_format == "#,##0"
    chart_sheets = [ws for ws in wb.worksheets if ws._charts]
    assert len(chart_sheets) == len(result.charts)
    assert all(len(name) <= 31 and not name.endswith((" før", " per", " og")) for name in wb.sheetnames)


def test_a_sentence_explains_net_78_against_77_settled(demo_ctx):
    result = run_report(demo_ctx, "arrivals", municipality="hemsedal", year_from=2010, year_to=2024)
    text = _text(pdf.to_bytes(result, printed=demo_ctx.today(), audience="internal")).replace("\n", " ")
    assert "Nettoendringen i perioden (78) er ikke det samme som antall bosatte flyktninger" in text
    assert "(77)" in text and "født i Norge" in text
