"""Self-test of an installed or bundled program: ``hemsedal-integrering-gui --smoke-test FOLDER``.

Made for the one-folder bundle (``packaging/build_bundle.py`` runs it on
Linux; on a Windows build machine run the same command by hand): it proves
that what the frozen program needs is inside it, using the real window:

1. uses ``FOLDER/demo.sqlite3`` (filled with demo data when missing) and logs
   in as ``programradgiver``,
2. opens the main window (screenshot ``window.png``),
3. renders a welcome letter, loads it into the preview (QtPdf) and prints it
   through QPrinter to ``letter-printed.pdf`` (the print-support plugin),
4. runs the KPI report in the reports area (Qt Charts) and saves it as PDF
   and Excel (``report.png`` shows the area),
5. writes ``smoke.json`` (timings, paths, Qt plugins seen) and exits 0, or
   1 with the error in ``smoke.json``.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from typing import cast
from pathlib import Path

DEMO_USER, DEMO_PASSWORD = "programradgiver", "demo-passord"


def _grab(widget, path: Path) -> None:  # a QWidget
    widget.grab().save(str(path))


def run(folder: str | Path) -> int:
    """Run the self-test in ``folder`` (created); returns the exit code."""
    started = time.perf_counter()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {"ok": False, "frozen": bool(getattr(sys, "frozen", False)), "steps": {}}

    def step(name: str, t0: float) -> None:
        report["steps"][name] = round(time.perf_counter() - t0, 2)

    try:
        from PySide6.QtCore import QLibraryInfo
        from PySide6.QtPrintSupport import QPrinter
        from PySide6.QtWidgets import QApplication

        from ..context import Context
        from ..demo import fill_demo_data
        from ..queries import people as people_read
        from ..resources import resource_root
        from ..services import auth, printing
        from ..services.database import open_plain
        from .identity import apply_identity
        from .main_window import MainWindow
        from .print_preview import PrintPreviewDialog

        t0 = time.perf_counter()
        app = cast(QApplication, QApplication.instance() or QApplication([sys.argv[0]]))
        apply_identity(app)
        from .qt_texts import setup_language
        app.qt_texts = setup_language(app)  # type: ignore[attr-defined]  # kept alive with the application
        step("qt_start", t0)
        report["resources"] = str(resource_root())
        plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
        report["qt_plugins"] = sorted(p.name for p in plugins.iterdir()) if plugins.is_dir() else []

        t0 = time.perf_counter()
        db_path = out / "demo.sqlite3"
        if not db_path.exists():  # the build script makes it with the console program first
            db = open_plain(db_path)
            fill_demo_data(Context(db=db))
            db.close()
            step("demo_data", t0)

        t0 = time.perf_counter()
        session = auth.login(db_path, DEMO_USER, DEMO_PASSWORD)
        window = MainWindow(session.ctx, session=session, db_label=db_path.name)
        window.resize(1280, 720)
        window.show()
        app.processEvents()
        _grab(window, out / "window.png")
        step("login_and_window", t0)
        report["window_shown_at"] = time.time()  # the build script subtracts its launch time: start-up seconds

        t0 = time.perf_counter()
        document = None
        for household_id in people_read.households_with_adults_here(session.ctx):
            try:
                document = printing.welcome_letter(session.ctx, household_id=household_id)
                break
            except Exception:  # e.g. no postal address: try the next household
                continue
        if document is None:
            raise RuntimeError("no household could get a welcome letter")
        from ..documents import render
        pdf = render([document])
        preview = PrintPreviewDialog(pdf, title=document.title, parent=window)
        pages = preview.document.pageCount()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out / "letter-printed.pdf"))
        printed = preview.print_to(printer)
        report["letter"] = {"title": document.title, "pages": pages, "printed_pages": printed,
                            "bytes": (out / "letter-printed.pdf").stat().st_size}
        if pages < 1 or printed < 1:
            raise RuntimeError("the letter preview (QtPdf) had no pages")
        step("letter_print", t0)

        t0 = time.perf_counter()
        index = window.index_of("reports")
        if index < 0:
            raise RuntimeError("no reports area for this user")
        window.sidebar.setCurrentRow(index)
        from .reports_area import ReportsArea
        area = window.area(index)
        assert isinstance(area, ReportsArea)
        area.set_report("kpi")
        area.refresh()
        deadline = time.monotonic() + 120
        while getattr(area, "result", None) is None and time.monotonic() < deadline:  # the report may run in a worker
            app.processEvents()
            time.sleep(0.02)
        app.processEvents()
        if area.result is None:
            raise RuntimeError("the KPI report did not run: " + area.message.text())
        for export, name in ((area.export_pdf, "report-kpi.pdf"), (area.export_excel, "report-kpi.xlsx")):
            export(out / name)  # written by the area's worker: wait for it before the next one
            deadline = time.monotonic() + 120
            while not (out / name).exists() and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.02)
            if not (out / name).exists():
                raise RuntimeError(f"the report export {name} was not written: " + area.message.text())
        _grab(window, out / "report.png")
        report["report"] = {"title": area.result.title, "tables": len(area.result.tables)}
        step("report", t0)

        hold = float(os.environ.get("HEMSEDAL_SMOKE_HOLD", "0") or 0)  # keep the window up for a screenshot
        deadline = time.monotonic() + hold
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.05)
        window.close()
        session.close()
        report["ok"] = True
    except Exception:  # the self-test reports every failure in smoke.json
        report["error"] = traceback.format_exc()
    report["total_seconds"] = round(time.perf_counter() - started, 2)
    (out / "smoke.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0 if report["ok"] else 1
