"""Start the GUI: choose and open the database, offer demo data on first start, show the window.

The acting user is set in exactly one place, ``authenticate``: until login
exists it returns the context unchanged (the system user, ``ctx.user`` None);
the login screen replaces that function's body.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QThread, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from ..context import Context
from ..db import default_database_path, open_database
from ..errors import DatabaseError

ORGANISATION = "Hemsedal kommune"
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
    return default_database_path()


def authenticate(ctx: Context, parent: QWidget | None = None) -> Context | None:
    """Return the context with the acting user set, or None when the user gives up.

    The one place login plugs in. For now: the system user.
    """
    return ctx


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
    dialog = QProgressDialog("Lager demodata …", "", 0, 0, parent)
    dialog.setWindowTitle("Hemsedal integrering")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(440)
    worker = DemoWorker(ctx)
    worker.message.connect(lambda m: dialog.setLabelText(f"Lager demodata: {m} …"))
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    dialog.show()
    worker.start()
    loop.exec()
    worker.wait()
    dialog.close()
    return worker.error


def ask_first_start(parent: QWidget | None, path: Path) -> str:
    """'demo' or 'empty': the first-start question."""
    box = QMessageBox(parent)
    box.setWindowTitle("Velkommen til Hemsedal integrering")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText("Dette er første oppstart. Databasen er opprettet.")
    box.setInformativeText(f"Vil du prøve programmet med oppdiktede demodata, eller starte med en tom database?\n\n"
                           f"Fil: {path}")
    demo = box.addButton("Fyll med demodata", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Start tom", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(demo)
    box.exec()
    return "demo" if box.clickedButton() is demo else "empty"


def open_or_explain(path: Path) -> Context | None:
    """Open (create, upgrade) the database; on failure show why and return None."""
    from ..services.setup import ensure_municipalities
    try:
        db = open_database(path)
        ctx = Context(db=db)
        ensure_municipalities(ctx)
        return ctx
    except DatabaseError as exc:
        QMessageBox.critical(None, "Kan ikke åpne databasen", str(exc))
        return None


def install_error_dialog() -> None:
    """Show an unexpected error in a message box (and on stderr) instead of losing it in a slot."""
    import traceback

    def hook(kind, value, tb) -> None:
        traceback.print_exception(kind, value, tb)
        QMessageBox.critical(None, "Uventet feil", f"Det oppstod en uventet feil:\n\n{kind.__name__}: {value}\n\n"
                                                   "Det du holdt på med, er kanskje ikke lagret. Kontroller og prøv igjen.")
    sys.excepthook = hook


def main(argv: list[str] | None = None, db: str | None = None) -> int:
    """Run the program; the exit code is non-zero when the database could not be opened."""
    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setStyle("Fusion")
    prefs = settings()
    path = choose_database(db, prefs)
    first_start = not path.exists()
    ctx = open_or_explain(path)
    if ctx is None:
        return 2
    if first_start and ask_first_start(None, path) == "demo":
        error = fill_demo_with_progress(ctx)
        if error is not None:
            QMessageBox.critical(None, "Demodata", f"Demodata kunne ikke lages: {error}. Databasen er tom.")
    ctx = authenticate(ctx)
    if ctx is None:
        return 1
    prefs.setValue("last_database", str(path))
    install_error_dialog()
    from .main_window import MainWindow
    window = MainWindow(ctx, settings=prefs, db_label=path.name)
    window.show()
    code = app.exec()
    ctx.db.close()
    return code
