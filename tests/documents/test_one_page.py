"""Letters that must stay short: the Norwegian inspection notice on one page for every year
and season of the shipped checklist; the checklist keeps each point with its remark lines;
the placement agreement fits the type of placement."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from hemsedal_integrering.documents import render
from hemsedal_integrering.models import ChecklistTemplateItem, Inspection, Placement, Workplace
from hemsedal_integrering.services import inspections, printing
from tests.printing_world import pdf_pages, pdf_text


@pytest.mark.parametrize("year", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("season", ["winter", "summer"])
def test_the_norwegian_notice_is_one_page_with_the_shipped_checklist(world, year, season):
    # given the full default checklist (not the fixture's five points)
    ChecklistTemplateItem.delete().execute()
    inspections.ensure_checklist(world.ctx)
    Inspection.update(follow_up_year=year, season=season).execute()
    # when the notice is printed in Norwegian only
    doc = printing.inspection_notice(world.ctx, inspection_id=world.inspection_id)
    data = render([doc])
    # then it is one page, with the signature on it
    assert pdf_pages(data) == 1
    text = pdf_text(data)
    assert "Med vennlig hilsen" in text and "Brannsikkerhet" in text


def test_the_checklist_keeps_each_point_with_its_remark_lines(world):
    ChecklistTemplateItem.delete().execute()
    inspections.ensure_checklist(world.ctx)
    doc = printing.inspection_checklist(world.ctx, inspection_id=world.inspection_id)
    with pdfplumber.open(io.BytesIO(render([doc]))) as pdf:
        assert len(pdf.pages) > 1
        for page in pdf.pages:
            words = page.extract_words()
            remarks = [w for w in words if w["text"] == "Merknad:"]
            lines = [ln for ln in page.lines if abs(ln["x1"] - ln["x0"]) > 300]
            # every remark label has its own ruled line below it and one more line to write on
            for r in remarks:
                below = sorted(ln["top"] for ln in lines if ln["top"] > r["top"])
                assert len(below) >= 2, "a remark without its writing lines on the same page"
                assert below[1] - r["top"] > 15 * 72 / 25.4, "less than 15 mm to write a remark"
            # no point is parted from its remark: as many points (three tick boxes each) as remark labels
            boxes = [r for r in page.rects if 9 < r["width"] < 12 and 9 < r["height"] < 12]
            assert len(boxes) == 3 * len(remarks), f"page {page.page_number}: {len(boxes) // 3} points, " \
                f"{len(remarks)} remarks"


def _agreement(world, type_code, sector, municipal):
    Placement.update(type=type_code).execute()
    Workplace.update(sector=sector, is_municipal=municipal).execute()
    return pdf_text(render([printing.placement_agreement(world.ctx, placement_id=world.placement_id)]))


def test_the_placement_agreement_fits_the_type(world):
    language = _agreement(world, "language", "health_care", True)
    assert "ikke ansatt og får ikke lønn" in language.replace("\n", " ")
    assert "Politiattest" in language and "Taushetserklæring" in language
    temporary = _agreement(world, "temporary", "retail", False)
    flat = temporary.replace("\n", " ")
    assert "ikke ansatt" not in flat and "arbeidsavtale" in flat
    assert "Politiattest" not in temporary and "Taushetserklæring" not in temporary
    school = _agreement(world, "work", "education", False)
    assert "Politiattest" in school and "Taushetserklæring" not in school
