"""A password an administrator chose is replaced at the first login on a server too, and a login that is not an
administrator can change only its own row of the program's users, only its own columns (issue 17)."""

from __future__ import annotations

import os
import uuid

import pytest

from hemsedal_integrering.db.postgres import apply_roles
from hemsedal_integrering.models import User
from hemsedal_integrering.services import accounts
from hemsedal_integrering.services.server_login import ServerTarget, login_server

GIVEN, OWN = "gitt-av-sjefen-1", "mitt-eget-passord"


@pytest.fixture
def roles(pg_ctx):
    """Login roles made through the program by an administrator (so their passwords must be changed), dropped
    afterwards: ``roles("housing")`` → the new user name."""
    apply_roles(pg_ctx.db)
    made: list[str] = []
    boss = f"sjef_{uuid.uuid4().hex[:8]}"
    accounts.create_user(pg_ctx, username=boss, full_name="Sjef", role=["admin", "officer"], password=GIVEN)
    made.append(boss)
    admin = pg_ctx.as_user(User.get(User.username == boss))

    def make(role: str) -> str:
        name = f"{role[:4]}_{uuid.uuid4().hex[:8]}"
        accounts.create_user(admin, username=name, full_name=f"Test {role}", role=role, password=GIVEN)
        made.append(name)
        return name
    make.admin = admin  # type: ignore[attr-defined]
    yield make
    import psycopg
    for name in made:
        pg_ctx.db.execute_sql(f'DROP OWNED BY "{name}"')
    with psycopg.connect(os.environ["HEMSEDAL_TEST_PG"], autocommit=True) as owner:
        for name in made:
            owner.execute(f'DROP ROLE IF EXISTS "{name}"')


def _must_change(pg_ctx, name: str) -> bool:
    """The flag as the owner reads it (a login binds the models to its own connection)."""
    return pg_ctx.db.execute_sql('SELECT must_change_password FROM "user" WHERE username = %s', (name,)).fetchone()[0]


@pytest.mark.parametrize("role", ["housing", "officer"])
def test_a_password_the_administrator_chose_must_be_changed_at_the_first_server_login(roles, pg_ctx, pg_url, role):
    name = roles(role)
    assert User.get(User.username == name).must_change_password  # was switched off on a server
    session = login_server(ServerTarget.from_url(pg_url), name, GIVEN)
    try:
        assert session.user.must_change_password
        # As the user's own login role (a housing login may not read the password hash or update other columns).
        accounts.change_own_password(session.ctx, current_password=GIVEN, new_password=OWN, new_password_again=OWN)
        assert session.user.must_change_password is False
    finally:
        session.close()
    assert not _must_change(pg_ctx, name)
    again = login_server(ServerTarget.from_url(pg_url), name, OWN)
    assert not again.user.must_change_password
    again.close()


def test_an_administrator_resetting_a_password_on_the_server_forces_a_change(roles):
    name = roles("housing")
    User.update(must_change_password=False).where(User.username == name).execute()
    accounts.set_password(roles.admin, user_id=User.get(User.username == name).id, password="nytt-fra-sjefen")
    assert User.get(User.username == name).must_change_password


def _connect(pg_url: str, role: str):
    import psycopg
    from urllib.parse import urlsplit
    parts = urlsplit(pg_url)
    query = parts.query.replace("user=postgres", "").strip("&")
    return psycopg.connect(f"postgresql:///{parts.path.lstrip('/')}?{query}&user={role}", autocommit=True)


@pytest.mark.parametrize("role", ["housing", "officer"])
def test_hand_written_sql_changes_only_the_own_row_and_only_its_own_columns(roles, pg_url, role):
    import psycopg
    name, other = roles(role), roles("officer")
    with _connect(pg_url, name) as conn:
        own = conn.execute('UPDATE "user" SET last_area = %s WHERE username = %s', ("housing", name))
        assert own.rowcount == 1
        for column in ("last_area", "must_change_password"):  # someone else's row: not even seen for UPDATE
            value = "x" if column == "last_area" else False
            assert conn.execute(f'UPDATE "user" SET {column} = %s WHERE username = %s', (value, other)).rowcount == 0
        assert conn.execute('UPDATE "user" SET last_area = %s', ("x",)).rowcount == 1  # all rows: only the own
        for sql in ('UPDATE "user" SET role = \'admin\'', 'UPDATE "user" SET active = true',
                    'UPDATE "user" SET username = \'x\'', 'UPDATE "user" SET full_name = \'x\'',
                    'DELETE FROM "user"',
                    'INSERT INTO "user" (username, full_name, role) VALUES (\'ny\', \'Ny\', \'admin\')'):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    assert User.get(User.username == other).last_area == ""
    assert User.get(User.username == other).must_change_password
    assert User.get(User.username == name).role == role


def test_an_administrator_login_still_manages_every_user(roles, pg_url):
    boss = roles.admin.user.username
    other = roles("housing")
    with _connect(pg_url, boss) as conn:
        assert conn.execute('UPDATE "user" SET title = \'Boligkonsulent\' WHERE username = %s', (other,)).rowcount == 1
    assert User.get(User.username == other).title == "Boligkonsulent"


def test_the_server_login_window_asks_for_an_own_password_before_handing_out_the_session(qtbot, roles, pg_url,
                                                                                         tmp_path):
    from PySide6.QtCore import QSettings

    from hemsedal_integrering.ui.account_dialogs import ChangePasswordDialog
    from hemsedal_integrering.ui.server_login import ServerLoginDialog
    from tests.ui.gui_helpers import on_next_dialog
    name = roles("housing")
    dialog = ServerLoginDialog(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat),
                               target=ServerTarget.from_url(pg_url))
    qtbot.addWidget(dialog)
    dialog.username.setText(name)
    dialog.password.setText(GIVEN)
    on_next_dialog(lambda change: change.reject(), ChangePasswordDialog)  # «Logg ut» instead of a new password
    dialog.try_login()
    assert dialog.session is None and "logget ut" in dialog.error.text()

    def choose(change) -> None:
        assert change.forced and not change.current.isVisibleTo(change)  # the login's password is the current one
        change.password.setText(OWN)
        change.password_again.setText(OWN)
        change.save()
    dialog.password.setText(GIVEN)
    on_next_dialog(choose, ChangePasswordDialog)
    dialog.try_login()
    assert dialog.session is not None, dialog.error.text()
    try:
        assert not dialog.session.user.must_change_password
    finally:
        dialog.session.close()
    login_server(ServerTarget.from_url(pg_url), name, OWN).close()


def test_a_password_changed_from_the_file_menu_replaces_the_one_the_credential_store_keeps(qtbot, roles, pg_url,
                                                                                           tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from hemsedal_integrering.services import credentials
    from hemsedal_integrering.ui import account_dialogs
    from hemsedal_integrering.ui.account_dialogs import ChangePasswordDialog
    from hemsedal_integrering.ui.main_window import MainWindow
    from tests.ui.gui_helpers import on_next_dialog

    class Store:  # the operating system's credential store, as keyring offers it
        kept: dict = {}

        def get_password(self, service, key):
            return self.kept.get((service, key))

        def set_password(self, service, key, password):
            self.kept[(service, key)] = password
    store = Store()
    monkeypatch.setattr(credentials, "_keyring", lambda: store)
    name = roles("officer")
    target = ServerTarget.from_url(pg_url)
    credentials.store_password(target.profile.url(), name, GIVEN)  # «Husk passordet» at the login
    session = login_server(target, name, GIVEN)
    try:
        window = MainWindow(session.ctx, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                            session=session)
        qtbot.addWidget(window)

        def change(dialog) -> None:
            dialog.current.setText(GIVEN)
            dialog.password.setText(OWN)
            dialog.password_again.setText(OWN)
            on_next_dialog(lambda box: box.accept(), QMessageBox)
            dialog.save()
        on_next_dialog(change, ChangePasswordDialog)
        account_dialogs.change_password(window)
        window.close()
    finally:
        session.close()
    assert credentials.stored_password(target.profile.url(), name) == OWN


def test_a_login_role_created_meanwhile_by_another_session_is_brought_in_step_not_an_error(pg_ctx):
    """Roles belong to the whole server: when another session creates the same login role while this one is
    creating it (two administrators, or parallel test runs on one server), the second is not refused."""
    import threading

    import psycopg

    from hemsedal_integrering.services import server_roles
    apply_roles(pg_ctx.db)
    name = f"samtidig_{uuid.uuid4().hex[:8]}"
    other = psycopg.connect(os.environ["HEMSEDAL_TEST_PG"])  # a transaction left open: CREATE ROLE not committed
    other.execute(f'CREATE ROLE "{name}" NOLOGIN')
    failures: list[BaseException] = []

    def create() -> None:
        try:
            with pg_ctx.db.atomic():
                server_roles.apply(pg_ctx, username=name, roles=["housing"], active=True, password=GIVEN)
        except BaseException as exc:  # handed to the test
            failures.append(exc)
    worker = threading.Thread(target=create)
    try:
        worker.start()
        worker.join(1.0)  # it waits for the other transaction's new role
        other.commit()
        worker.join(30)
        assert not worker.is_alive() and not failures, failures
        state = server_roles.role_state(pg_ctx, name)
        assert state.login and state.groups == {"integrering_housing"}
    finally:
        other.close()
        with psycopg.connect(os.environ["HEMSEDAL_TEST_PG"], autocommit=True) as owner:
            owner.execute(f'DROP ROLE IF EXISTS "{name}"')
