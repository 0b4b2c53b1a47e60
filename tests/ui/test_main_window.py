"""The main window: areas, keyboard routing, remembered layout, start-up decisions."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from hemsedal_integrering.services import people
from hemsedal_integrering.ui import app as gui_app
from hemsedal_integrering.ui.areas import AREAS
from hemsedal_integrering.ui.main_window import MainWindow
from hemsedal_integrering.ui.people_dialogs import StatusDialog


def test_side_bar_lists_every_area_and_ctrl_digit_switches(qtbot, window):
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles[:5] == ["Oversikt", "Husstander og personer", "Boliger", "Leieavtaler",
                          "Arbeidsplasser og praksis"]
    assert window.current_area().key == "overview"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area().key == "housing"


def test_window_remembers_last_area_and_geometry(qtbot, ctx, settings):
    first = MainWindow(ctx, settings=settings)
    qtbot.addWidget(first)
    first.show_key("leases")
    first.resize(1000, 700)
    first.close()
    assert settings.value("main_window/area") == "leases"
    second = MainWindow(ctx, settings=settings)
    qtbot.addWidget(second)
    assert second.current_area().key == "leases"
    assert not any("person" in str(k) for k in settings.allKeys())  # settings never hold data


def test_overview_card_counts_follow_saves(qtbot, window, ctx):
    area = window.current_area()
    assert area.wait()
    value = lambda: area.cards[0].findChild(type(area.heading), "card_value").text()  # noqa: E731
    assert value() == "0 personer"
    changes = people.register_household(ctx, municipality="gol", name="Familien Ny", legal_basis="collective",
                                        settlement_date="2026-10-01",
                                        members=[{"first_name": "Iryna", "last_name": "Ny"}])
    window.bus.publish(changes)
    assert area.wait()
    assert value() == "1 person"


def test_area_registry_is_one_list_of_area_classes():
    assert all(cls.title and cls.key for cls in AREAS)
    assert len({cls.key for cls in AREAS}) == len(AREAS)


def test_closing_a_changed_form_asks_first(qtbot, window, ctx, monkeypatch):
    hid = people.register_household(ctx, municipality="gol", name="Familien A", legal_basis="asylum",
                                     settlement_date="2026-01-01", members=[{"first_name": "A", "last_name": "A"}]
                                     ).first_created("household")
    from hemsedal_integrering.models import Person
    dlg = StatusDialog(ctx, window.bus, window, Person.get(Person.household == hid).id)
    qtbot.addWidget(dlg)
    dlg.mark_clean()
    dlg.fields["note"].setPlainText("Begynte i januar")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    dlg.reject()
    assert asked and dlg.result() == 0 and dlg.is_dirty()
    # Esc on an unchanged form closes without asking
    dlg.fields["note"].setPlainText("")
    asked.clear()
    dlg.reject()
    assert not asked


def test_database_too_new_is_explained_and_refused(tmp_path, monkeypatch):
    path = tmp_path / "new.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 999")
    con.close()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert gui_app.open_or_explain(path) is None
    assert "nyere versjon" in shown[0]


def test_choose_database_prefers_argument_then_last_used(tmp_path):
    prefs = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    last = tmp_path / "last.sqlite3"
    last.write_bytes(b"")
    assert gui_app.choose_database(str(tmp_path / "x.sqlite3"), prefs) == tmp_path / "x.sqlite3"
    prefs.setValue("last_database", str(last))
    assert gui_app.choose_database(None, prefs) == last
    last.unlink()
    assert gui_app.choose_database(None, prefs) == gui_app.database.default_path()


@pytest.mark.slow
def test_first_start_demo_fill_runs_in_a_worker_with_its_own_connection(qtbot, ctx, monkeypatch):
    from hemsedal_integrering.models import Household
    from tests.privacy_helpers import fast_kdf
    fast_kdf(monkeypatch)  # the demo users' password hashes: cheap argon2
    error = gui_app.fill_demo_with_progress(ctx)
    assert error is None
    assert Household.select().count() > 50  # visible from the GUI thread's connection


def test_housing_staff_do_not_get_the_persons_area(qtbot, ctx):
    class HousingUser:
        role = "housing"
        active = True
        username = "bolig"
        full_name = "Bolig Kontoret"

    w = MainWindow(ctx.as_user(HousingUser()))
    qtbot.addWidget(w)
    keys = [cls.key for cls in w.area_classes]
    assert "people" not in keys and "placements" not in keys
    assert "housing" in keys and "leases" in keys
    assert "Bolig Kontoret" in w.user_label.text()


def test_each_lazy_area_entry_says_what_its_class_says():
    """The side bar lists areas without importing them; the names given must be the class's own."""
    from hemsedal_integrering.ui.area import Area
    for entry in AREAS:
        cls = entry.load()
        assert issubclass(cls, Area)
        assert (entry.title, entry.key, entry.permission) == (cls.title, cls.key, getattr(cls, "permission", ""))


@pytest.mark.slow
def test_the_window_opens_without_importing_the_other_areas():
    """Cold start: reports, charts, documents and openpyxl load only when first used."""
    import subprocess
    import sys
    code = ("import sys, datetime as dt\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from hemsedal_integrering.context import Context, fixed_clock\n"
            "from hemsedal_integrering.db import open_database\n"
            "from hemsedal_integrering.ui.main_window import MainWindow\n"
            "w = MainWindow(Context(db=open_database(':memory:'), clock=fixed_clock(dt.date(2026, 11, 23))))\n"
            "w.show(); app.processEvents()\n"
            "heavy = ['PySide6.QtCharts', 'openpyxl', 'reportlab', 'hemsedal_integrering.documents',\n"
            "         'hemsedal_integrering.ui.reports_area', 'hemsedal_integrering.ui.people_area',\n"
            "         'hemsedal_integrering.ui.import_dialog', 'hemsedal_integrering.services.importing']\n"
            "print([m for m in heavy if m in sys.modules])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr


@pytest.mark.slow
def test_the_inspections_area_opens_without_loading_the_printing():
    """Its first show only asks whether printing is installed; reportlab loads when something is printed."""
    import subprocess
    import sys
    code = ("import sys, datetime as dt\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from hemsedal_integrering.context import Context, fixed_clock\n"
            "from hemsedal_integrering.db import open_database\n"
            "from hemsedal_integrering.ui.main_window import MainWindow\n"
            "w = MainWindow(Context(db=open_database(':memory:'), clock=fixed_clock(dt.date(2026, 11, 23))))\n"
            "w.show(); w.show_key('inspections'); app.processEvents()\n"
            "area = w.current_area()\n"
            "print(area.key, area.print_button.isVisibleTo(area), 'hemsedal_integrering.ui.letter_menu' in sys.modules,"
            " 'reportlab' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "inspections True False False", out.stdout + out.stderr


@pytest.mark.parametrize(("screen", "maximised"), [((1366, 728), True), ((1280, 672), True), ((1920, 1040), False)])
def test_the_first_start_fills_a_small_screen_and_most_of_a_large_one(qtbot, ctx, settings, monkeypatch,
                                                                     screen, maximised):
    from PySide6.QtCore import QRect

    class Screen:  # the screen's available area, without the task bar
        def availableGeometry(self) -> QRect:  # noqa: N802 (Qt's name)
            return QRect(0, 0, *screen)
    monkeypatch.setattr(MainWindow, "screen", lambda self: Screen())
    w = MainWindow(ctx, settings=settings)  # no geometry remembered on this machine yet
    qtbot.addWidget(w)
    assert bool(w.windowState() & Qt.WindowState.WindowMaximized) == maximised
    width, height = screen  # the size «Gjenopprett» goes back to: most of the screen, never more than all of it
    assert (w.width(), w.height()) == (min(width, max(1100, int(width * 0.92))),
                                       min(height, max(700, int(height * 0.9))))


def test_the_title_leaves_the_program_name_to_qt(window):
    # Qt adds « — Hemsedal integrering» (Windows: « - …») to every title: the title must not say it again
    assert window.windowTitle() == "Integreringstjenesten i Hemsedal og Gol"
