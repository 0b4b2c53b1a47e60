"""Everything a housing login can reach in the window works on the server (issue 17): the housing group role may
select only some columns, so every area, list row, detail link, button, dialog and letter it can open is opened
here as a real housing login role on the demo data moved to PostgreSQL, and any "permission denied" the server
answers (caught or not) fails the test, naming the statement."""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid

import pytest

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.db.postgres import ServerDatabase, apply_roles
from hemsedal_integrering.services import accounts

from tests.conftest import _pg_with_db, pg_clone, pg_drop

TODAY = dt.date(2026, 11, 23)
PASSWORD = "passord-123456"
HOUSING_AREAS = ["overview", "housing", "leases", "housing_tasks", "inspections"]


@pytest.fixture(scope="module")
def demo_server(pg_server, pg_demo_template):
    """The demo data on a server database of its own, the group roles applied, and a housing login role."""
    name = pg_clone(pg_server, pg_demo_template, "h_")
    url = _pg_with_db(pg_server, name)
    server = open_database(url)
    apply_roles(server)
    login = f"bolig_{uuid.uuid4().hex[:8]}"
    accounts.create_user(Context(db=server, clock=fixed_clock(TODAY)), username=login, full_name="Bolig Testesen",
                         role="housing", password=PASSWORD)
    officer = f"radgiver_{uuid.uuid4().hex[:8]}"
    accounts.create_user(Context(db=server, clock=fixed_clock(TODAY)), username=officer, full_name="Rådgiver Test",
                         role="officer", password=PASSWORD)
    server.close()
    yield url, login, officer
    pg_drop(pg_server, name, login, officer)


@pytest.fixture
def refused(monkeypatch):
    """Every statement the server refused for lack of privilege (SQLSTATE 42501), in any connection or thread."""
    seen: list[str] = []
    plain = ServerDatabase.execute_sql

    def watched(self, sql, params=None, *args, **kwargs):
        try:
            return plain(self, sql, params, *args, **kwargs)
        except Exception as exc:
            cause: BaseException | None = exc
            while cause is not None:
                if getattr(cause, "sqlstate", None) == "42501" or "permission denied" in str(cause):
                    import traceback
                    where = [f"{f.filename.split('hemsedal_integrering/')[-1]}:{f.lineno} {f.name}"
                             for f in traceback.extract_stack()[:-1]
                             if "/hemsedal_integrering/" in f.filename and "/db/" not in f.filename][-3:]
                    line = f"{str(cause).strip()} ← {str(sql)[:120]} … at {' > '.join(where)}"
                    if line not in seen:
                        seen.append(line)
                    break
                cause = cause.__cause__ or cause.__context__
            raise
    monkeypatch.setattr(ServerDatabase, "execute_sql", watched)
    return seen


class Responder:
    """Answers every modal dialog and popup menu the walk opens: records it and closes it, except that a letter's
    options are accepted (the letter is built and previewed) and a menu's entries are chosen one per opening.
    With ``save``, a form's OK button is pressed first (it stays open when its checks fail: then it is closed)
    and a question is answered yes, so every save a housing login can make is made."""

    def __init__(self, save: bool = False) -> None:
        from PySide6.QtCore import QTimer
        self.save = save
        self.seen: list[str] = []
        self.menu_turn: dict[tuple[str, ...], int] = {}
        self.menu_open = self.menu_left = False
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

        from hemsedal_integrering.ui.letter_menu import LetterOptionsDialog
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu) and not popup.property("walked"):
            popup.setProperty("walked", True)  # (a marker on the widget: Python ids of gone wrappers are reused)
            actions = [a for a in popup.actions() if a.isEnabled() and not a.isSeparator() and a.text()]
            key = tuple(a.text() for a in actions)
            turn = self.menu_turn.get(key, 0)
            self.menu_turn[key] = turn + 1
            self.menu_open, self.menu_left = True, turn + 1 < len(actions)
            popup.close()
            if turn < len(actions):
                self.seen.append(f"menu: {actions[turn].text()}")
                QTimer.singleShot(0, actions[turn].trigger)
            return
        modal = QApplication.activeModalWidget()
        if modal is None:
            return
        if modal.property("walked") == "closed":  # shown again (a letter's options after a refusal): closed again
            if time.monotonic() - float(modal.property("closed_at") or 0) > 1.0:
                modal.setProperty("closed_at", time.monotonic())
                QTimer.singleShot(0, modal.reject)
            return
        if modal.property("walked") == "tried":  # the form's checks held it open (or the save is still running)
            modal.setProperty("walked", "closed")
            modal.setProperty("closed_at", time.monotonic())
            QTimer.singleShot(0, modal.reject)
            return
        text = modal.text() if isinstance(modal, QMessageBox) else ""
        self.seen.append(f"{type(modal).__name__}: {modal.windowTitle()} {text}".strip())
        modal.setProperty("walked", "closed")
        modal.setProperty("closed_at", time.monotonic())
        if isinstance(modal, LetterOptionsDialog):
            QTimer.singleShot(0, modal.accept)
            return
        ok = self._ok_button(modal) if self.save and "Preview" not in type(modal).__name__ else None
        if ok is not None:
            modal.setProperty("walked", "tried")
            self.seen[-1] += f" → {ok.text()}"
            QTimer.singleShot(0, ok.click)
        else:
            QTimer.singleShot(0, modal.reject)

    @staticmethod
    def _ok_button(modal):
        from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox
        if isinstance(modal, QFileDialog):
            return None
        if isinstance(modal, QMessageBox):
            return next((b for b in modal.buttons() if modal.buttonRole(b) in (
                QMessageBox.ButtonRole.YesRole, QMessageBox.ButtonRole.AcceptRole,
                QMessageBox.ButtonRole.DestructiveRole)), None)
        for box in modal.findChildren(QDialogButtonBox):
            for button in box.buttons():
                if box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole and button.isEnabled():
                    return button
        return None

    def stop(self) -> None:
        self.timer.stop()


def _settle(qtbot, ms: int = 150) -> None:
    from PySide6.QtWidgets import QApplication
    for _ in range(100):
        qtbot.wait(ms)
        if QApplication.activeModalWidget() is None and QApplication.activePopupWidget() is None:
            return


def _walk(qtbot, area, responder: Responder) -> int:
    """Select rows of every list in ``area``, follow every detail link and press every enabled button (a menu
    button once per entry); return how many things were pressed."""
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QAbstractItemView, QPushButton, QTextBrowser
    pressed = 0
    views = [v for v in area.findChildren(QAbstractItemView) if v.isVisibleTo(area) and v.model() is not None]
    from shiboken6 import isValid
    for view in views:
        if not isValid(view):  # replaced meanwhile (the reports area builds a new table per report)
            continue
        rows = view.model().rowCount()
        for row in sorted({0, rows // 2, rows - 1}) if rows else [None]:
            if not isValid(view):
                break
            if row is not None:
                view.setCurrentIndex(view.model().index(row, 0))
                _settle(qtbot)
            for browser in area.findChildren(QTextBrowser):
                if not (isValid(browser) and browser.isVisibleTo(area)):
                    continue
                for href in dict.fromkeys(re.findall(r'href="([^"]+)"', browser.toHtml())):
                    if not isValid(browser):
                        break
                    browser.anchorClicked.emit(QUrl(href))
                    pressed += 1
                    _settle(qtbot)
            for button in area.findChildren(QPushButton):
                if not (isValid(button) and button.isVisibleTo(area) and button.isEnabled()):
                    continue
                for _turn in range(8):  # a button with a menu: once per entry
                    if not (isValid(button) and button.isVisibleTo(area) and button.isEnabled()):
                        break
                    responder.menu_open = False
                    button.click()
                    pressed += 1
                    _settle(qtbot)
                    if not responder.menu_open or not responder.menu_left:
                        break
    return pressed


def _walk_as(qtbot, url: str, login: str, tmp_path, area_key: str, areas: list[str],
             responder: Responder, refused: list[str]) -> int:
    """Log in to the server as ``login``, open ``area_key`` (``areas`` are what the login must see) and walk it
    with ``responder`` answering every dialog; then check nothing was refused or failed. Buttons pressed."""
    from PySide6.QtCore import QSettings

    from hemsedal_integrering.services.server_login import login_server
    from hemsedal_integrering.ui.main_window import MainWindow
    session = login_server(url, login, PASSWORD, clock=fixed_clock(TODAY))
    try:
        window = MainWindow(session.ctx, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                            session=session)
        qtbot.addWidget(window)
        window.show()
        keys = [cls.key for cls in window.area_classes]
        assert keys == areas  # what this login sees; a new area must be walked here too
        window.sidebar.setCurrentRow(keys.index(area_key))
        _settle(qtbot, 300)
        pressed = _walk(qtbot, window.stack.currentWidget(), responder)
        _settle(qtbot, 300)
        window.stop_background_work()
        window.close()
    finally:
        responder.stop()
        session.close()
    assert not refused, "\n".join(refused)
    problems = [s for s in responder.seen if "permission denied" in s or "Noe gikk galt" in s or "ikke tilgang" in s]
    assert not problems, "\n".join(problems)
    return pressed


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["open", "save"])
@pytest.mark.parametrize("area_key", HOUSING_AREAS)
def test_every_list_link_button_dialog_and_letter_of_a_housing_login_works_on_the_server(
        qtbot, demo_server, refused, tmp_path, area_key, mode):
    url, login, _officer = demo_server
    responder = Responder(save=mode == "save")
    pressed = _walk_as(qtbot, url, login, tmp_path, area_key, HOUSING_AREAS, responder, refused)
    assert pressed > 0 or area_key == "overview", responder.seen
    import psycopg
    with psycopg.connect(url) as owner:  # what the housing login saved, from the audit log
        saved = owner.execute("SELECT action, entity, count(*) FROM audit_entry WHERE username = %s AND action "
                              "NOT IN ('read', 'login') GROUP BY action, entity ORDER BY 2, 1", (login,)).fetchall()
    print(area_key, mode, pressed, sorted(set(responder.seen)), saved)


def test_the_columns_the_housing_code_reads_are_the_columns_the_housing_group_may_read(pg_ctx):
    from hemsedal_integrering.queries import contact
    apply_roles(pg_ctx.db)
    for columns in (contact.HOUSEHOLD_COLUMNS, contact.PERSON_COLUMNS, contact.USER_COLUMNS):
        for field in columns:
            table, column = field.model._meta.table_name, field.column_name
            allowed = pg_ctx.db.execute_sql("SELECT has_column_privilege('integrering_housing', %s, %s, 'SELECT')",
                                            (f'"{table}"', column)).fetchone()[0]
            assert allowed, f"{table}.{column}"
    for table, column in (("person", "national_id"), ("person", "health_note"), ("household", "legal_basis"),
                          ("household", "notes"), ("user", "password_hash")):  # and still not these
        assert not pg_ctx.db.execute_sql("SELECT has_column_privilege('integrering_housing', %s, %s, 'SELECT')",
                                         (f'"{table}"', column)).fetchone()[0]


OFFICER_AREAS = ["overview", "people", "housing", "leases", "placements", "introduction", "tasks", "inspections",
                 "reports"]


@pytest.mark.slow
@pytest.mark.parametrize("area_key", OFFICER_AREAS)
def test_every_list_link_button_and_dialog_of_an_officer_login_opens_on_the_server(
        qtbot, demo_server, refused, tmp_path, area_key):
    """The officer group may do everything with persons and households, but not change other users' rows: the
    same walk (opening, not saving) as an officer's own login role."""
    url, _login, officer = demo_server
    responder = Responder()
    pressed = _walk_as(qtbot, url, officer, tmp_path, area_key, OFFICER_AREAS, responder, refused)
    print(area_key, "officer", pressed, sorted(set(responder.seen)))


def test_a_housing_login_gets_the_checklist_on_a_new_server_whose_checklist_is_still_empty(pg_ctx, pg_url):
    """The default checklist points are stored on first use; a housing login may not write templates, so on a
    new server it reads the shipped defaults instead of being refused."""
    from hemsedal_integrering.models import ChecklistTemplateItem, Tenancy
    from hemsedal_integrering.services import housing, inspections, people
    from hemsedal_integrering.services.server_login import login_server
    apply_roles(pg_ctx.db)
    hid = people.register_household(pg_ctx, municipality="hemsedal", name="Familien Haile", legal_basis="asylum",
                                    settlement_date="2026-01-10", members=[
                                        dict(first_name="Selam", last_name="Haile", role="adult",
                                             birth_date="1990-01-01")]).first_created("household")
    unit = housing.create_unit(pg_ctx, municipality="hemsedal", address="Tunvegen 1", ownership="municipal"
                               ).first_created("housing_unit")
    housing.move_in(pg_ctx, household_id=hid, unit_id=unit, start_date="2026-01-10")
    tenancy = Tenancy.select(Tenancy.id).where(Tenancy.household == hid).get().id
    pg_ctx.db.execute_sql("DELETE FROM checklist_template_item")  # (a new server: nobody has opened one yet)
    name = f"bolig_{uuid.uuid4().hex[:8]}"
    accounts.create_user(pg_ctx, username=name, full_name="Bolig", role="housing", password=PASSWORD)
    session = login_server(pg_url, name, PASSWORD)
    try:
        checklist = inspections.checklist_for(session.ctx, tenancy_id=tenancy, on=TODAY)
        assert sum(len(g.points) for g in checklist.groups) > 5
        assert not ChecklistTemplateItem.select().exists()  # nothing written by the housing login
    finally:
        session.close()
        pg_ctx.db.execute_sql(f'DROP OWNED BY "{name}"')
        pg_ctx.db.execute_sql(f'DROP ROLE "{name}"')
