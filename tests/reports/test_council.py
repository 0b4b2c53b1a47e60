"""Reports for the council name no one and show no small numbers; the internal report
(exempt from public disclosure) keeps the lists of persons."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hemsedal_integrering.models import Person
from hemsedal_integrering.reports import REPORTS, excel, kpi, pdf, run_report
from hemsedal_integrering.reports.common import Column, Table
from hemsedal_integrering.reports.disclosure import DERIVED, NOT_PERSONS, council_version, suppress_table

from .households import adult, settle


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\u00a0", " ")


def _xlsx_cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _names() -> set[str]:
    return {p.full_name for p in Person.select() if len(p.full_name) > 5}


@pytest.mark.parametrize("name", list(REPORTS))
def test_no_council_pdf_or_xlsx_names_a_person(demo_ctx, name):
    # given the demo data's persons
    names = _names()
    assert len(names) > 100
    for municipality in (None, "hemsedal"):
        result = run_report(demo_ctx, name, municipality=municipality)
        # when the council versions are made
        text = _pdf_text(pdf.to_bytes(result, printed=demo_ctx.today()))
        cells = " | ".join(str(v) for v in _xlsx_cells(excel.to_bytes(result)))
        # then no person's name is in them, and the definitions say how small numbers are shown
        for full in names:
            assert full not in text and full not in cells, f"{full} in the council {name} report"
        assert "under 5" in text.replace("\n", " ") or name == "housing"
        # and no count cell of 1-4 is printed as a number in a person table
        for table in council_version(result).tables:
            if name == "housing":
                continue
            if (name, table.key) in NOT_PERSONS:
                continue
            derived = DERIVED.get((name, table.key), ())
            for row in table.rows:
                for i, (value, column) in enumerate(zip(row, table.columns, strict=True)):
                    if column.kind == "int" and i not in derived:
                        assert not (isinstance(value, int) and 0 < value < 5), (name, table.key, row)


def test_the_internal_grants_report_lists_persons_and_is_marked(demo_ctx):
    result = run_report(demo_ctx, "grants")
    text = _pdf_text(pdf.to_bytes(result, printed=demo_ctx.today(), audience="internal"))
    assert "Unntatt offentlighet" in text and "intern" in text
    cells = [str(v) for v in _xlsx_cells(excel.to_bytes(result, "internal"))]
    assert any(n in cells for n in _names())
    # the council version of the same report has no per-person sheet
    council = load_workbook(io.BytesIO(excel.to_bytes(result)))
    assert not any(ws.title.startswith("Tilskuddsår per person") for ws in council.worksheets)
    assert "Tilskuddsår per person (1–5)" in load_workbook(io.BytesIO(excel.to_bytes(result, "internal"))).sheetnames


def test_a_group_of_two_shows_under_5_in_the_council_report(ctx, d):
    # given two adults in Gol, both in permanent work, and eight in Hemsedal
    from hemsedal_integrering.services import people
    gol = settle(ctx, municipality="gol", settled=d("2023-03-01"),
                 members=[adult("Aster", "1990-01-01"), adult("Birhan", "1991-01-01")], name="Familien Gol")
    hem = settle(ctx, municipality="hemsedal", settled=d("2023-03-01"),
                 members=[adult(f"Person{i}", "1985-01-01") for i in range(8)], name="Familien Hemsedal")
    for pid in gol + hem[:3]:
        people.add_status(ctx, person_id=pid, status="work_permanent", start_date="2024-01-01")
    rep = kpi.work_education_kpi(ctx, date=d("2026-11-23"), municipality=None)
    result = kpi.to_result(rep)
    exact = result.table("by_municipality").rows
    assert ["Gol", 2, 2] == exact[[r[0] for r in exact].index("Gol")][:3]
    # when the council PDF and xlsx are made
    text = _pdf_text(pdf.to_bytes(result, printed=ctx.today()))
    cells = _xlsx_cells(excel.to_bytes(result))
    # then Gol's 2 of 2 is "under 5" and its share (100 %) is hidden, in both
    assert "under 5" in text and "100,0 %" not in text
    wb = load_workbook(io.BytesIO(excel.to_bytes(result)))
    rows = {r[0]: r[1:4] for r in wb["Etter kommune"].iter_rows(values_only=True) if r[0] in ("Gol", "Hemsedal")}
    assert rows["Gol"] == ("under 5", "under 5", "skjult")
    # and Hemsedal's base of 8 cannot give Gol's as total minus Hemsedal: it is hidden too
    assert rows["Hemsedal"] == ("skjult", "under 5", "skjult")
    assert "under 5" in cells


def test_suppression_cannot_be_undone_by_subtraction():
    table = Table("by_gender", "Etter kjønn",
                  [Column("Gruppe", "text"), Column("Grunnlag"), Column("Andel", "percent")],
                  [["Kvinner", 2, 1.0], ["Menn", 9, 0.5], ["Annet", 12, 0.5], ["Alle", 23, 0.6]], total_row=True)
    shown, labels = suppress_table("kpi", table)
    rows = shown.rows
    assert rows[0][1] == "under 5" and rows[0][2] == "skjult"
    # the smallest other count of the column is hidden as well, so 23 − 12 − ? gives nothing
    assert rows[1][1] == "skjult" and rows[2][1] == 12 and rows[3][1] == 23
    assert labels == {"Kvinner", "Menn"}
