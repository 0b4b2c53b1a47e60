"""GUI: plan an inspection (short-notice confirmation) and record it with an action."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.models import FollowUpItem, Inspection, InspectionPoint, User
from hemsedal_integrering.services import accounts, housing, inspections, people
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.inspections_area import InspectionsArea

D = dt.date


@pytest.fixture
def staff_ctx(ctx):
    inspections.ensure_checklist(ctx)
    hid = people.register_household(ctx, municipality="hemsedal", name="Familien Mwamba", legal_basis="resettlement",
                                    settlement_date=D(2025, 6, 1), members=[
                                        dict(first_name="Grace", last_name="Mwamba", role="adult",
                                             birth_date=D(1987, 3, 3))]).first_created("household")
    uid = housing.create_unit(ctx, municipality="hemsedal", address="Ulsåkvegen 4", postal_code="3560",
                              place="Ulsåk", ownership="municipal").first_created("housing_unit")
    housing.move_in(ctx, household_id=hid, unit_id=uid, start_date=D(2025, 6, 1))
    accounts.create_user(ctx, username="bolig", full_name="Ola Haugen", role="housing", password="demo-passord-123")
    return ctx.as_user(User.get(User.username == "bolig"))


def test_plan_with_short_notice_asks_and_record_inspection(qtbot, staff_ctx):
    ctx = staff_ctx
    bus = ChangeBus()
    area = InspectionsArea(ctx, bus)
    qtbot.addWidget(area)
    assert area.wait()
    assert area.model.rows[0].due and "1 bebodd bolig skal ha tilsyn" in area.summary.text()
    area.units.selectRow(0)
    # when planning for the day after tomorrow, the § 5-6 question comes; saying no saves nothing
    dialog = area.plan()
    dialog.when.setText("25.11.2026 10:00")
    asked = []
    dialog.ask = lambda warning: asked.append(warning) or False
    assert not dialog.save()
    assert "§ 5-6" in asked[0] and Inspection.select().count() == 0
    # saying yes plans it
    dialog.ask = lambda warning: True
    with qtbot.waitSignal(bus.changed):
        assert dialog.save()
    insp = Inspection.get()
    assert (insp.follow_up_year, insp.season, insp.status) == (2, "winter", "planned")
    assert area.wait()
    assert not area.model.rows[0].due
    # record it: the dialog lists the checklist copied into the inspection
    ctx_visit = ctx.__class__(db=ctx.db, user=ctx.user, clock=lambda: dt.datetime(2026, 11, 25, 12, 0))
    area.ctx = ctx_visit
    area.show_unit()
    rec = area.record()
    assert rec is not None and len(rec.combos) == insp.points.count()
    smoke = [p.id for p in insp.points if p.template_key == "smoke_detector"][0]
    i = rec.point_ids.index(smoke)
    rec.set_result(i, "follow_up", "")
    assert not rec.save()  # no remark and the other points have no result
    assert "mangler resultat" in rec.error.text() and Inspection.get_by_id(insp.id).status == "planned"
    rec.set_result(i, "follow_up", "Røykvarsler på soverommet mangler")
    rec.rest_ok()
    rec.add_action("Montere røykvarsler på soverommet", D(2026, 12, 2))
    rec.overall.setPlainText("God bolig, ryddig.")
    with qtbot.waitSignal(bus.changed):
        assert rec.save()
    insp = Inspection.get_by_id(insp.id)
    assert (insp.status, insp.performed_date, insp.remarks) == ("done", D(2026, 11, 25), "God bolig, ryddig.")
    assert InspectionPoint.get_by_id(smoke).result == "follow_up"
    assert area.wait()
    action = FollowUpItem.get(FollowUpItem.source == "inspection")
    assert (action.title, action.due_date, action.responsible) == ("Montere røykvarsler på soverommet",
                                                                  D(2026, 12, 2), "housing")
    assert area.history.item(0, 1).text() == "Gjennomført"


def test_finished_inspection_opens_as_a_record_and_prints_filled_in(qtbot, staff_ctx, monkeypatch):
    from PySide6.QtCore import Qt
    from hemsedal_integrering.services import printing
    from hemsedal_integrering.ui.inspection_detail import InspectionDetailDialog
    ctx = staff_ctx
    bus = ChangeBus()
    area = InspectionsArea(ctx, bus)
    qtbot.addWidget(area)
    assert area.wait()
    area.units.selectRow(0)
    # given no planned visit, "Registrer tilsyn" is still offered: an unplanned visit, planned and recorded at once
    assert area.record_button.isEnabled() and "uplanlagt" in area.record_button.text()
    rec = area.record()
    assert rec.inspection_id is None and rec.tenancy_id is not None
    rec.rest_ok()
    i = rec.point_ids.index("smoke_detector")
    rec.set_result(i, "follow_up", "Røykvarsler på soverommet mangler")
    rec.add_action("Montere røykvarsler på soverommet", ctx.today() + dt.timedelta(days=7))
    with qtbot.waitSignal(bus.changed):
        assert rec.save()
    assert area.wait()
    # then the list shows a one-line summary
    summary = area.history.item(0, 4).text()
    assert "1 må følges opp" in summary and "1 tiltak" in summary, summary
    # when the user presses Enter on it, the record opens: each point's result and remark, the measure's task
    area.history.setFocus()
    area.history.setCurrentCell(0, 0)
    opened = []
    monkeypatch.setattr(InspectionDetailDialog, "open", lambda self: opened.append(self))
    qtbot.keyClick(area.history, Qt.Key.Key_Return)
    assert len(opened) == 1
    d = opened[0]
    qtbot.addWidget(d)
    cells = [(d.points.item(r, 0).text(), d.points.item(r, 1).text() if d.points.item(r, 1) else "",
              d.points.item(r, 2).text() if d.points.item(r, 2) else "") for r in range(d.points.rowCount())]
    assert ("Røykvarsler testet (hver måned) og batteri byttet (hvert år)", "Må følges opp",
            "Røykvarsler på soverommet mangler") in cells
    assert d.measures.item(0, 0).text() == "Montere røykvarsler på soverommet"
    assert d.measures.item(0, 2).text() == "Boligkontor / eiendom" and d.measures.item(0, 3).text() == "Åpen"
    # and the checklist printed from it is the filled-in one (results, remark, measure), not a blank form
    import io
    from pypdf import PdfReader
    from hemsedal_integrering.documents.render import render
    doc = printing.inspection_checklist(ctx, inspection_id=Inspection.get().id)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render([doc]))).pages).split())
    assert "(registrert)" in text and "Røykvarsler på soverommet mangler" in text
    assert "Montere røykvarsler på soverommet" in text and "Ola Haugen" in text
