"""Benchmark (a script, not a test): the main window on a 100,000-person database.

    PYTHONPATH=. python bench/bench_gui.py [--persons 100000] [--db /tmp/bench-100k.sqlite3]

Builds the database once (bulk insert through peewee ``insert_many``: for the
benchmark only, the program itself always writes through the services), then
reports: time to open the main window, time to show the person list, and
search-as-you-type latency (median and worst of 50 keystrokes). Targets:
window ready < 1.5 s, every keystroke < 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("HEMSEDAL_BENCH_CODE"):  # run_all.py --code: measure that checkout, not this one
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.models import Household, HousingUnit, Municipality, Person, Tenancy
from hemsedal_integrering.services.setup import ensure_municipalities

TODAY = dt.date(2026, 11, 23)
FIRST = ["Ali", "Sara", "Ahmad", "Hiba", "Olena", "Serhii", "Aman", "Selam", "Marie", "Joseph", "Noor", "Karim",
         "Yonas", "Tala", "Adam", "Lana", "Polina", "Nazar", "Halyna", "Biniam", "Chantal", "Glody"]
LAST = ["Haddad", "Darwish", "Bondarenko", "Boiko", "Tesfay", "Ilunga", "Kasongo", "Mutombo", "Berhane",
        "Abdalla", "Petrenko", "Tkachenko", "Hussein", "Mohammed", "Kovalenko", "Shevchenko", "Ghebre"]


def build(path: Path, persons: int) -> None:
    rng = random.Random(1)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_database(path)
    ctx = Context(db=db, clock=fixed_clock(TODAY))
    ensure_municipalities(ctx)
    munis = [m.id for m in Municipality.select()]
    now = dt.datetime(2026, 11, 23, 9)
    households, people, n = [], [], 0
    hid = 0
    while n < persons:
        hid += 1
        size = min(rng.randint(1, 6), persons - n)
        last = rng.choice(LAST)
        settled = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randint(0, 6100))
        moved = settled + dt.timedelta(days=rng.randint(200, 2000)) if rng.random() < 0.3 else None
        if moved and moved > TODAY:
            moved = None
        households.append(dict(id=hid, created_at=now, municipality=rng.choice(munis), name=f"Familien {last} {hid}",
                               settlement_date=settled, legal_basis=rng.choice(["asylum", "collective", "family"]),
                               case_reference="", contact_phone="", address_note="", notes="",
                               moved_out_date=moved, moved_to="Oslo" if moved else "", move_reason=None))
        for k in range(size):
            n += 1
            adult = k < 2
            birth = dt.date(1960 if adult else 2008, 1, 1) + dt.timedelta(days=rng.randint(0, 12000 if adult else 5000))
            people.append(dict(created_at=now, household=hid, first_name=rng.choice(FIRST), last_name=last,
                               role="adult" if adult else "child", birth_date=birth, national_id=f"{n:011d}",
                               duf_number=None, gender=None, country="UA", languages="uk", interpreter_language=None,
                               legal_basis=None, phone=f"9{rng.randint(0, 9999999):07d}", email="", arrival_date=None,
                               born_in_norway=False, moved_out_date=moved, moved_to="Oslo" if moved else "",
                               move_reason=None, health_note="", case_note=""))
    with db.atomic():
        for i in range(0, len(households), 2000):
            Household.insert_many(households[i:i + 2000]).execute()
        for i in range(0, len(people), 2000):
            Person.insert_many(people[i:i + 2000]).execute()
        units = [dict(created_at=now, municipality=munis[i % 2], address=f"Bygdevegen {i}", postal_code="3560",
                      place="Trøim", ownership="municipal", size_m2=60, bedrooms=2, capacity=1, heating="electric",
                      has_wood_stove=False, has_garden=False, snow_clearing_by="tenant", lawn_mowing_by="none",
                      notes="", active=True) for i in range(1, 301)]
        HousingUnit.insert_many(units).execute()
        unit_ids = [u.id for u in HousingUnit.select(HousingUnit.id)]
        Tenancy.insert_many([dict(created_at=now, unit=u, household=h, start_date=dt.date(2024, 1, 1), end_date=None,
                                  monthly_rent=8000, notes="")
                             for u, h in zip(unit_ids, range(1, 250), strict=False)]).execute()
    db.execute_sql("ANALYZE")
    db.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--db", default="/tmp/bench-100k.sqlite3")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    path = Path(args.db)
    if args.rebuild or not path.exists():
        t = time.perf_counter()
        build(path, args.persons)
        print(f"built {args.persons:,} persons in {time.perf_counter() - t:.1f} s → {path}")

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])

    from hemsedal_integrering.ui.main_window import MainWindow
    t0 = time.perf_counter()
    db = open_database(path)
    ctx = Context(db=db, clock=fixed_clock(TODAY))
    window = MainWindow(ctx)
    window.show()
    app.processEvents()
    t_window = time.perf_counter() - t0
    count = Person.select().count()

    t1 = time.perf_counter()
    window.show_key("people")
    app.processEvents()
    panel = window.current_area().panel
    if hasattr(panel, "wait"):
        panel.wait()  # read in a worker in a large database: until the rows are there
    t_list = time.perf_counter() - t1
    shown = panel.count_label.text()

    keys = list("haddad") + ["BS"] * 6 + list("ali") + ["BS"] * 3 + list("0000123") + ["BS"] * 7 + \
        list("tesfay selam") + ["BS"] * 6
    keys = keys[:50]
    latencies = []
    for key in keys:
        start = time.perf_counter()
        if key == "BS":
            QTest.keyClick(panel.search, Qt.Key.Key_Backspace)
        else:
            QTest.keyClick(panel.search, key)
        app.processEvents()  # includes the repaint of the list (checked: data() is called for every cell)
        latencies.append((time.perf_counter() - start) * 1000)
    print(f"database: {count:,} persons")
    print(f"main window ready:        {t_window * 1000:7.0f} ms   (target < 1500 ms)")
    print(f"person list shown:        {t_list * 1000:7.0f} ms   "
          f"({shown}; includes reading the search texts in idle time)")
    from hemsedal_integrering.queries import lists as list_queries, text_search
    for spec in (list_queries.PERSONS, list_queries.HOUSEHOLDS):
        t_ix = time.perf_counter()
        size = len(text_search.search_index(db, spec))
        print(f"search texts read ({spec.name}): {(time.perf_counter() - t_ix) * 1000:5.0f} ms   ({size:,} rows)")
    print(f"search keystroke median:  {statistics.median(latencies):7.1f} ms   (n={len(latencies)})")
    print(f"search keystroke worst:   {max(latencies):7.1f} ms   (target < 50 ms)")
    print(f"keystrokes over 50 ms:    {sum(ms > 50 for ms in latencies):7d}   of {len(latencies)}")
    worst = sorted(zip(latencies, keys, strict=True), reverse=True)[:5]
    print("slowest keys:", ", ".join(f"{k!r} {ms:.0f} ms" for ms, k in worst))

    def typing(widget, keys: list[str]) -> list[float]:
        out = []
        for key in keys:
            start = time.perf_counter()
            QTest.keyClick(widget, Qt.Key.Key_Backspace) if key == "BS" else QTest.keyClick(widget, key)
            app.processEvents()
            out.append((time.perf_counter() - start) * 1000)
        return out

    area = window.current_area()
    t2 = time.perf_counter()
    area.show_households()
    app.processEvents()
    if hasattr(area.households, "wait"):
        area.households.wait()
    print(f"household tab shown:      {(time.perf_counter() - t2) * 1000:7.0f} ms   "
          f"({area.households.count_label.text()})")
    hh = typing(area.households.search, keys)
    print(f"household keystroke:      median {statistics.median(hh):.1f} ms, worst {max(hh):.1f} ms; slowest",
          ", ".join(f"{k!r} {ms:.0f}" for ms, k in sorted(zip(hh, keys, strict=True), reverse=True)[:5]))
    from hemsedal_integrering.ui.placement_dialogs import PlacementDialog
    t3 = time.perf_counter()
    dialog = PlacementDialog(ctx, window.bus, window)
    dialog.show()
    app.processEvents()
    print(f"Start praksis opened:     {(time.perf_counter() - t3) * 1000:7.0f} ms   "
          "(includes reading the adults for the person picker in idle time)")
    from hemsedal_integrering.queries import pickers as picker_queries
    t_pick = time.perf_counter()
    adults = len(picker_queries.PickerIndex(db, picker_queries.PLACEMENT_PERSONS).ids)
    print(f"picker records read:      {(time.perf_counter() - t_pick) * 1000:7.0f} ms   ({adults:,} adults)")
    picked = typing(dialog.fields["person_id"], keys)
    print(f"picker keystroke:         median {statistics.median(picked):.1f} ms, worst {max(picked):.1f} ms")
    dialog.fields["person_id"].completer_popup().hide()
    dialog._snapshot = None
    dialog.reject()
    window.close()
    db.close()
    return 0



# ----- longest event-loop stall per area (``run_all.py --only areas``) -----

class StallMeter:
    """The longest gap between ticks of a 5 ms timer: how long the event loop was blocked."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer
        self.last = time.perf_counter()
        self.worst = 0.0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.worst = 0.0
        self.last = time.perf_counter()

    def run(self, seconds: float) -> None:
        """Let the event loop run for ``seconds`` (the meter ticking)."""
        from PySide6.QtWidgets import QApplication
        app = QApplication.instance()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)


def _busy(widget) -> bool:
    """Whether any background job under ``widget`` (the window, or a dialog) is still working."""
    from hemsedal_integrering.ui.background import BackgroundJob
    return any(job.busy for job in widget.findChildren(BackgroundJob))


def settle(app, widget, *, quiet: float = 0.3, timeout: float = 120.0) -> None:
    """Process events until ``widget``'s background work is done and ``quiet`` seconds more passed
    (idle-time work, e.g. a list's search texts, happens in that time and counts)."""
    end = time.perf_counter() + timeout
    calm_since = None
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
        if _busy(widget):
            calm_since = None
        elif calm_since is None:
            calm_since = time.perf_counter()
        elif time.perf_counter() - calm_since >= quiet:
            return


def filter_widgets(area) -> list:
    """The drop-downs and check boxes that filter an area's lists (the list panels' filters, a
    searchable area's ``filter_widgets``, the introduction month list's choices)."""
    from hemsedal_integrering.ui.list_panel import ListPanel
    from PySide6.QtWidgets import QCheckBox, QComboBox

    from hemsedal_integrering.ui import searchable_area
    found = list(getattr(area, "filter_widgets", ()))
    if not found and isinstance(area, searchable_area.SearchableArea):  # code from before ``filter_widgets``
        found = area.findChildren(QComboBox) + area.findChildren(QCheckBox)
    for panel in area.findChildren(ListPanel):
        found += list(panel.filter_boxes.values())
    month = getattr(area, "month", None)
    if month is not None and hasattr(month, "municipality"):
        found += [month.municipality, month.which]
    return found


def _changes(widget) -> list:
    """Changing a filter and changing it back: two steps (a drop-down to its next choice and back)."""
    from PySide6.QtWidgets import QCheckBox
    if isinstance(widget, QCheckBox):
        return [lambda: widget.setChecked(not widget.isChecked())] * 2
    start = widget.currentIndex()
    return [lambda: widget.setCurrentIndex((start + 1) % widget.count()), lambda: widget.setCurrentIndex(start)]


def area_stalls(ctx, *, report=None) -> dict[str, float]:
    """Seconds of the longest event-loop stall while each side-bar area is first shown (built,
    shown, its lists filled), while each of its tabs is first shown, and while each filter is
    changed and changed back; also the audit log dialog opened. ``report(line)`` hears each step."""
    from PySide6.QtWidgets import QApplication, QTabWidget

    from hemsedal_integrering.ui.main_window import MainWindow
    app = QApplication.instance() or QApplication([])
    say = report or (lambda _line: None)
    window = MainWindow(ctx)
    window.show()
    meter = StallMeter()
    settle(app, window)
    out: dict[str, float] = {}
    skip = {"reports"}  # measured on its own (run_all.py --only stall)
    for i, cls in enumerate(window.area_classes):
        if cls.key in skip:
            continue
        meter.reset()
        window.sidebar.setCurrentRow(i)
        settle(app, window)
        first = meter.worst
        say(f"{cls.key}: first show {first * 1000:.0f} ms")
        area = window.current_area()
        for tabs in area.findChildren(QTabWidget):
            for t in range(1, tabs.count()):
                meter.reset()
                tabs.setCurrentIndex(t)
                settle(app, window)
                say(f"{cls.key}: tab {tabs.tabText(t)!r} {meter.worst * 1000:.0f} ms")
                first = max(first, meter.worst)
            tabs.setCurrentIndex(0)
            settle(app, window)
        out[f"stall, {cls.key} first show"] = first
        worst_filter = 0.0
        for widget in filter_widgets(area):
            for change in _changes(widget):  # changed, and changed back
                meter.reset()
                change()
                settle(app, window)
                say(f"{cls.key}: filter {widget.objectName() or type(widget).__name__} {meter.worst * 1000:.0f} ms")
                worst_filter = max(worst_filter, meter.worst)
        if worst_filter:
            out[f"stall, {cls.key} filter change"] = worst_filter
    from hemsedal_integrering.ui.audit_dialog import AuditDialog
    meter.reset()
    dialog = AuditDialog(ctx, window)
    dialog.show()
    settle(app, dialog)
    out["stall, audit log opened"] = meter.worst
    say(f"audit log: opened {meter.worst * 1000:.0f} ms")
    dialog.close()
    window.close()
    return out


if __name__ == "__main__":
    sys.exit(main())
