"""Start the GUI: choose the database, offer demo data on first start, log in, show the window.

The acting user is set in exactly one place: ``ui.login_dialog.login`` returns
the session (database + user + read-only flag) the main window works in.
"""

from __future__ import annotations

import sys
from typing import cast
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QThread, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from ..context import Context
from ..services import database
from ..errors import DatabaseError
from ..i18n import _

ORGANISATION = "Hemsedal kommune"  # i18n: data (the QSettings key; renaming it forgets every saved layout)
APPLICATION = "Hemsedal integrering"


def settings() -> QSettings:
    """Window geometry, last area and last database path (never data)."""
    return QSettings(ORGANISATION, APPLICATION)


def choose_database(explicit: str | None, prefs: QSettings) -> Path:
    """--db wins; else the database used last time (if it still exists); else the default path."""
    if explicit:
        return Path(explicit)
    last = prefs.value("last_database")
    if last and Path(str(last)).exists():
        return Path(str(last))
    return database.default_path()


class DemoWorker(QThread):
    """Fills demo data off the GUI thread. peewee keeps one SQLite connection per
    thread, so this thread gets its own connection to the same file; it is
    closed when the work is done. Widgets are never touched from here."""

    message = Signal(str)

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.error: Exception | None = None

    def run(self) -> None:
        from ..demo import fill_demo_data
        try:
            fill_demo_data(self.ctx, progress=self.message.emit)
        except Exception as exc:  # shown to the user by the GUI thread
            self.error = exc
        finally:
            self.ctx.db.close()


def fill_demo_with_progress(ctx: Context, parent: QWidget | None = None) -> Exception | None:
    """Run the demo fill in a worker with a progress dialog; return the error, if any."""
    dialog = QProgressDialog(_("Creating demo data …"), "", 0, 0, parent)
    dialog.setWindowTitle(_("Hemsedal integrering"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(440)
    worker = DemoWorker(ctx)
    worker.message.connect(lambda m: dialog.setLabelText(_("Creating demo data: {step} …").format(step=m)))
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    dialog.show()
    worker.start()
    loop.exec()
    worker.wait()
    dialog.close()
    return worker.error


def ask_first_start(parent: QWidget | None, path: Path) -> str:
    """'demo', 'empty' or 'server': the first-start question."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("Welcome to Hemsedal integrering"))
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(_("Welcome! This is the first start."))
    box.setInformativeText(_("Do you want to try the program with made-up demo data, or start with an empty database "
                             "(you then create an administrator first)?\n\nThe database is stored in: {path}").format(
        path=path))
    demo = box.addButton(_("Fill with demo data"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Start empty"), QMessageBox.ButtonRole.RejectRole)
    server = box.addButton(_("Connect to a database server …"), QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(demo)
    box.exec()
    if box.clickedButton() is server:
        return "server"
    return "demo" if box.clickedButton() is demo else "empty"


def open_or_explain(path: Path) -> Context | None:
    """Open (create, upgrade) the database; on failure show why and return None."""
    try:
        return database.open_session_database(path)
    except DatabaseError as exc:
        QMessageBox.critical(None, _("Cannot open the database"), str(exc))
        return None


def install_error_dialog(app: QApplication | None = None, log_folder: Path | None = None):
    """Log every unexpected error to the rotating log file and show it in Norwegian (``ui.error_report``)."""
    from .. import paths
    from .error_report import install_error_handling
    return install_error_handling(cast(QApplication, app or QApplication.instance()),  # a widgets program
                                  paths.log_dir() if log_folder is None else log_folder)


def prepare_folders(db_path: Path) -> None:
    """Create the data folder and the database's folder (owner-only) before anything writes there.

    A brand-new machine has neither; the key file of an encrypted database is
    written before the database itself, so it must not rely on SQLite creating
    the folder.
    """
    from .. import paths
    paths.ensure_private_dir(paths.data_dir())
    paths.ensure_private_dir(Path(db_path).parent)


def offer_setup(window) -> None:
    """Right after "Start tom": the setup wizard (letterheads, contacts, backups, users) over the new window."""
    from ..services.access import can
    from ..services.setup import setup_done
    if can(window.ctx, "admin.settings") and not setup_done():
        from .setup_wizard import open_setup
        window.show()
        open_setup(window)


def first_start(path: Path, choice: str | None = None) -> bool:
    """Ask demo or empty; fill demo data in a worker. False when the program must stop."""
    if (choice or ask_first_start(None, path)) != "demo":
        return True  # the login step asks for the first administrator
    ctx = open_or_explain(path)
    if ctx is None:
        return False
    error = fill_demo_with_progress(ctx)
    ctx.db.close()
    if error is not None:
        QMessageBox.critical(None, _("Demo data"), _("Demo data could not be created: {error}").format(error=error))
        return True
    QMessageBox.information(
        None, _("Demo data added"),
        _("The database is filled with made-up demo data. Log in as one of the demo users:\n\n"
          "  programradgiver – programme adviser\n  bolig – housing office\n  admin – administrator\n\n"
          "The password is “demo-passord” for all of them."))
    return True


LAST_MODE_KEY = "last_mode"  # "server" when the last login was to a database server (issue 17)


def run_server(app: QApplication, prefs: QSettings, url: str | None) -> int:
    """Server mode: the server login (``--db postgresql://…`` or a saved connection), then the same window."""
    from ..services.server_login import ServerTarget
    from .login_dialog import login
    target = ServerTarget.from_url(url) if url else None
    session = login(None, target if target is not None else "server:")
    if session is None:
        return 1
    prefs.setValue(LAST_MODE_KEY, "server")
    from .main_window import MainWindow
    server = session.server
    window = MainWindow(session.ctx, settings=prefs, db_label=server.label() if server is not None else "",
                        session=session)
    app.aboutToQuit.connect(lambda: window.session and window.session.close())
    window.show()
    return app.exec()


def main(argv: list[str] | None = None, db: str | None = None) -> int:
    """Run the program; the exit code is non-zero when the database could not be opened."""
    from ..services import auth
    from .login_dialog import keep_lock_alive, login
    from .identity import apply_identity, set_app_user_model_id
    set_app_user_model_id()  # Windows task bar: our own group and icon, not python.exe's
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv if argv is None else argv))
    apply_identity(app)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setStyle("Fusion")
    from .qt_texts import setup_language
    app.qt_texts = setup_language(app)  # type: ignore[attr-defined]  # kept alive with the application
    install_error_dialog(app)  # before anything else can fail
    prefs = settings()
    from ..services.server_login import is_server_target
    if (db and is_server_target(db)) or (not db and prefs.value(LAST_MODE_KEY) == "server"):
        return run_server(app, prefs, db)
    path = choose_database(db, prefs)
    try:
        prepare_folders(path)
    except OSError as exc:
        QMessageBox.critical(None, _("Cannot create the data folder"),
                             _("The folder {folder} could not be created: {reason}. Start the program with "
                               "--db and a file in a folder you can write to, or ask IT for access.").format(
                                 folder=path.parent, reason=exc.strerror or exc))
        return 2
    try:
        state = auth.database_state(path)
    except DatabaseError as exc:
        QMessageBox.critical(None, _("Cannot open the database"), str(exc))
        return 2
    if state == "missing":
        choice = ask_first_start(None, path)
        if choice == "server":
            return run_server(app, prefs, None)
        if not first_start(path, choice):
            return 2
    elif state != "encrypted":
        ctx = open_or_explain(path)  # upgrades the schema (after a backup) or explains why not
        if ctx is None:
            return 2
        ctx.db.close()
    first_admin = auth.needs_first_admin(path)  # "Start tom": the setup wizard follows the recovery key
    session = login(None, path)
    if session is None:
        return 1
    prefs.setValue("last_database", str(path))
    prefs.setValue(LAST_MODE_KEY, "file")
    from .main_window import MainWindow
    window = MainWindow(session.ctx, settings=prefs, db_label=path.name, session=session)
    keep_lock_alive(session, window)
    if first_admin and not session.read_only:
        offer_setup(window)
    app.aboutToQuit.connect(lambda: window.session and window.session.close())
    window.show()
    return app.exec()
