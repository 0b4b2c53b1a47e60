"""GUI: a municipal unit let to others reads as such, not vacant; the form records it."""

from __future__ import annotations


from hemsedal_integrering.services import housing
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.housing_area import HousingArea
from hemsedal_integrering.ui.letting_dialogs import LetToOthersDialog


def test_let_a_unit_to_employees_and_see_three_states(qtbot, ctx):
    uid = housing.create_unit(ctx, municipality="hemsedal", address="Tuvsvegen 1",
                              ownership="municipal").first_created("housing_unit")
    housing.create_unit(ctx, municipality="hemsedal", address="Tuvsvegen 2", ownership="municipal")
    bus = ChangeBus()
    area = HousingArea(ctx, bus)
    qtbot.addWidget(area)
    panel = area.panel
    assert panel.select_id(uid)
    assert panel.buttons["let_others"].isEnabled()
    dialog = LetToOthersDialog(ctx, bus, panel, unit_id=uid)
    qtbot.addWidget(dialog)
    dialog.set_value("start_date", "01.11.2026")
    dialog.set_value("note", "Ansatt, helse og omsorg")
    with qtbot.waitSignal(bus.changed):
        assert dialog.save()
    area.activated()
    assert "0 av 2 utleid til flyktninger, 1 utleid til andre, 1 ledige" in panel.summary.text()
    panel.select_id(uid)
    html = panel.detail_html(uid)
    assert "Utleid til andre: Ansatte i kommunen" in html and "Ansatt, helse og omsorg" in html
    states = {panel.model.index(r, 0).data(): panel.model.index(r, 4).data() for r in range(panel.model.rowCount())}
    assert states == {"Tuvsvegen 1": "Utleid til andre", "Tuvsvegen 2": "Ledig"}
    # the unit is let now: letting it again is not offered, and the button says why
    panel.select_id(uid)
    assert not panel.buttons["let_others"].isEnabled()
    assert "avslutt" in panel.buttons["let_others"].toolTip().lower()
