"""The Rapporter area and the grant rates dialog (pytest-qt, offscreen)."""

from __future__ import annotations


from openpyxl import load_workbook
from PySide6.QtCharts import QBarSeries, QLineSeries, QPieSeries
from PySide6.QtCore import QDate

from hemsedal_integrering.models import GrantRate, User
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.grant_rates_dialog import GrantRatesDialog
from hemsedal_integrering.ui.reports_area import ReportsArea


def _area(qtbot, ctx):
    area = ReportsArea(ctx, ChangeBus())
    qtbot.addWidget(area)
    area.resize(1200, 800)
    assert area.wait()
    return area


def test_arrivals_table_and_bar_chart(qtbot, demo_ctx):
    # given
    area = _area(qtbot, demo_ctx)
    # when: arrivals 2010–2024 for Hemsedal
    area.set_report("arrivals")
    area.from_spin.setValue(2010)
    area.to_spin.setValue(2024)
    area.municipality_box.setCurrentIndex(area.municipality_box.findData("hemsedal"))
    area.show_button.click()
    assert area.wait()
    # then: the first tab is the table per year, its sum row says 178; the chart has two bar sets
    model = area.tabs.widget(0).model()
    assert model.rowCount() == 16
    assert model.index(15, 0).data() == "Sum" and model.index(15, 1).data() == "178"
    series = area.chart_view.chart().series()
    assert isinstance(series[0], QBarSeries) and [s.label() for s in series[0].barSets()] == ["Bosatt",
                                                                                              "Flyttet ut"]
    assert "178" in area.headline.text() and "74" in area.headline.text()
    # the date field is hidden for a span report
    assert area.date_edit.isHidden() and not area.from_spin.isHidden()
    # a pie of countries is the second chart
    area.chart_box.setCurrentIndex(1)
    pie = area.chart_view.chart().series()[0]
    assert isinstance(pie, QPieSeries) and pie.slices()[0].label().startswith("Ukraina")


def test_kpi_chart_has_the_50_percent_line(qtbot, demo_ctx):
    area = _area(qtbot, demo_ctx)
    area.set_report("kpi")
    assert area.wait()
    assert not area.months_spin.isHidden() and area.from_spin.isHidden()
    lines = [s for s in area.chart_view.chart().series() if isinstance(s, QLineSeries)]
    assert len(lines) == 1 and [p.y() for p in lines[0].points()] == [50.0, 50.0]
    assert "18–66 år" in area.definition.text()


def test_housing_on_a_chosen_date_and_exports(qtbot, demo_ctx, tmp_path):
    area = _area(qtbot, demo_ctx)
    area.set_report("housing")
    area.date_edit.setDate(QDate(2025, 3, 15))
    area.municipality_box.setCurrentIndex(area.municipality_box.findData("hemsedal"))
    area.show_button.click()
    assert area.wait()
    assert "6 av 11" in area.headline.text()
    xlsx = area.export_excel(tmp_path / "bolig.xlsx")
    assert area.wait()
    pdf = area.export_pdf(tmp_path / "bolig")
    assert area.wait()
    assert xlsx is not None and load_workbook(xlsx)["Boliger"]["B1"] is not None
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")


def test_bad_span_shows_a_message_and_disables_export(qtbot, demo_ctx):
    area = _area(qtbot, demo_ctx)
    area.set_report("placements")
    area.from_spin.setValue(2025)
    area.to_spin.setValue(2020)
    area.show_button.click()
    assert area.wait()
    assert area.result is None and "Fra-året" in area.message.text()
    assert not area.excel_button.isEnabled()
    assert area.export_excel("/tmp/never.xlsx") is None


def test_rates_dialog_saves_through_the_service_and_reports_follow(qtbot, demo_ctx):
    # given: the administrator, the area showing the grant report, and the dialog
    admin = User.get(User.username == "admin")
    ctx = demo_ctx.as_user(admin)
    bus = ChangeBus()
    area = ReportsArea(ctx, bus)
    qtbot.addWidget(area)
    area.set_report("grants")
    area.show()
    assert area.wait()
    assert area.rates_button.isVisibleTo(area)
    dialog = GrantRatesDialog(ctx, bus)
    qtbot.addWidget(dialog)
    # when: a bad amount, then a good one
    dialog.amount_edit.setText("mye")
    assert not dialog.save() and "Beløp" in dialog.errors.text()
    dialog.year_spin.setValue(2026)
    dialog.category_box.setCurrentIndex(dialog.category_box.findData("general"))
    dialog.grant_year_spin.setValue(5)
    dialog.amount_edit.setText("95 000")
    assert dialog.save()
    assert area.wait()
    # then: stored, listed, and the open report recomputed from the bus
    assert GrantRate.get().amount == 95000 and dialog.table.rowCount() == 1
    rates = area.result.table("rates")
    assert rates.rows == [[2026, "År 2–5 (alle)", 5, 95000]]
    dialog.table.selectRow(0)
    assert dialog.delete_selected() and GrantRate.select().count() == 0


def test_officer_sees_no_rates_button(qtbot, demo_ctx):
    officer = User.get(User.username == "programradgiver")
    area = _area(qtbot, demo_ctx.as_user(officer))
    assert not area.rates_button.isVisibleTo(area)
    assert area.result is not None


def test_housing_staff_are_refused(qtbot, demo_ctx):
    bolig = User.get(User.username == "bolig")
    area = _area(qtbot, demo_ctx.as_user(bolig))
    assert area.result is None and "tilgang" in area.message.text()


def test_report_runs_in_a_worker_with_its_own_connection_and_a_busy_bar(qtbot, demo_ctx, monkeypatch):
    """The GUI thread only starts the report; the report's queries run on another thread and connection."""
    import threading

    from hemsedal_integrering.ui import reports_area
    seen = []
    original = reports_area.run_report

    def spy(ctx, name, **kw):
        seen.append((threading.current_thread() is threading.main_thread(), id(ctx.db.connection())))
        return original(ctx, name, **kw)

    monkeypatch.setattr(reports_area, "run_report", spy)
    area = _area(qtbot, demo_ctx)
    area.show()
    area.set_report("population")
    assert area.busy_bar.isVisible() and area.cancel_button.isVisible()
    assert area.wait()
    assert not area.busy_bar.isVisible()
    assert seen and seen[-1][0] is False and seen[-1][1] != id(demo_ctx.db.connection())
    assert area.result.name == "population"


def test_a_replaced_request_is_dropped_and_cancel_keeps_the_old_figures(qtbot, demo_ctx):
    area = _area(qtbot, demo_ctx)
    area.set_report("arrivals")
    area.set_report("population")  # replaces arrivals before it is shown
    assert area.wait()
    assert area.result.name == "population"
    shown = area.heading.text()
    area.set_report("kpi")
    area.cancel()
    assert area.wait() and not area.busy_bar.isVisible()
    qtbot.wait(300)  # the cancelled worker's answer, if any, arrives and is dropped
    assert area.result.name == "population" and area.heading.text() == shown


def test_worker_opens_an_encrypted_database_with_the_sessions_key(qtbot, tmp_path):
    """SQLCipher: the worker's connection is keyed by the session's database object (db.crypto)."""
    import datetime as dt
    import os

    from hemsedal_integrering.context import Context, fixed_clock
    from hemsedal_integrering.db import open_database
    from hemsedal_integrering.db.crypto import is_encrypted_file
    from hemsedal_integrering.services import people
    from hemsedal_integrering.services.setup import ensure_municipalities
    path = tmp_path / "kryptert.sqlite3"
    db = open_database(path, key=os.urandom(32))
    ctx = Context(db=db, clock=fixed_clock(dt.date(2026, 11, 23)))
    ensure_municipalities(ctx)
    people.register_household(ctx, municipality="gol", name="Familien Ny", legal_basis="collective",
                              settlement_date="2026-10-01", members=[{"first_name": "Iryna", "last_name": "Ny"}])
    assert is_encrypted_file(path)
    area = _area(qtbot, ctx)
    area.set_report("population")
    assert area.wait()
    assert area.result is not None and "1" in area.headline.text()
    db.close()


def test_a_granted_disability_amount_is_entered_for_one_person(qtbot, ctx):
    from hemsedal_integrering.models import PersonGrant
    from hemsedal_integrering.services import people
    ch = people.register_household(ctx, municipality="gol", name="Familien Test", legal_basis="asylum",
                                   settlement_date="2026-01-10",
                                   members=[dict(first_name="Ola", last_name="Test", role="adult",
                                                 birth_date="1990-01-01")])
    pid = ch.first_created("person")
    dialog = GrantRatesDialog(ctx, ChangeBus())
    qtbot.addWidget(dialog)
    assert not dialog.save_person_grant() and "Velg personen" in dialog.errors.text()
    dialog.person_pick.set_value(pid)
    dialog.person_amount.setText("123 456")
    dialog.person_note.setText("IMDi 2026")
    assert dialog.save_person_grant()
    row = PersonGrant.get()
    assert (row.person_id, row.year, row.amount, row.note) == (pid, 2026, 123456, "IMDi 2026")


def test_each_table_is_sized_when_first_shown_and_old_tables_are_freed(qtbot, demo_ctx):
    from PySide6.QtWidgets import QTableView
    # given the arrivals report shown (several tables, the first one current)
    area = _area(qtbot, demo_ctx)
    area.show()
    area.set_report("arrivals")
    assert area.wait()
    views = [area.tabs.widget(i) for i in range(area.tabs.count())]
    assert len(views) > 1 and views[0].property("sized") and not views[1].property("sized")
    # when another table's tab is chosen, then its columns fit what they hold
    area.tabs.setCurrentIndex(1)
    assert views[1].property("sized")
    columns = range(views[1].model().columnCount())
    assert all(views[1].columnWidth(c) >= views[1].sizeHintForColumn(c) > 0 for c in columns)
    # when the report is shown again, the earlier tables are gone (not kept alive behind the tabs)
    area.show_button.click()
    assert area.wait()
    qtbot.waitUntil(lambda: len(area.tabs.findChildren(QTableView)) == area.tabs.count(), timeout=3000)
