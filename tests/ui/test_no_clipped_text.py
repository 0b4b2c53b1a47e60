"""No clipped text at 1366×768 (the most common municipal laptop) and at 1920×1080.

Walks every area (as officer, housing staff and administrator on the demo
data), every tab, the detail pane of the first row, and the dialogs a user
opens most, and fails on any label, button, check box, drop-down or tab whose
text is cut, elided, or wrapped in the middle of a word (``clip_walker``).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea, QTabWidget

from hemsedal_integrering.models import User
from hemsedal_integrering.ui.areas import AREAS
from hemsedal_integrering.ui.main_window import MainWindow
from hemsedal_integrering.ui.tasks_area import COLUMN_WIDTHS

from .clip_walker import problems

#: The window's inside on each screen: minus the title bar and the task bar.
SIZES = {"1366x768": (1366, 700), "1920x1080": (1920, 1010)}
#: The smallest screen the window must fit on: 1920×1080 at Windows' 150 % is 1280×720 logical pixels;
#: minus the window frame (2 × 8), the task bar (48) and the title bar (~32).
SMALLEST = (1264, 640)
TASK_COLUMN_SMALLEST = COLUMN_WIDTHS[2][1]


def _settle() -> None:
    for _i in range(3):
        QApplication.processEvents()


def walk_areas(window: MainWindow) -> list[str]:
    found: list[str] = []
    for i, cls in enumerate(window.area_classes):
        window.sidebar.setCurrentRow(i)
        area = window.current_area()
        if hasattr(area, "wait"):
            area.wait()
        _settle()
        panels = [getattr(area, "panel", None)]
        tabs = area.findChildren(QTabWidget)
        found += [f"{cls.key}: {p}" for p in problems(window)]
        if cls.key == "reports":  # every report, with its own tables as tabs
            for r in range(area.report_box.count()):
                area.report_box.setCurrentIndex(r)
                area.refresh()
                area.wait()
                _settle()
                name = area.report_box.currentText()
                found += [f"reports/{name}: {p}" for p in problems(window)]
                for tab in area.findChildren(QTabWidget):
                    for t in range(tab.count()):
                        tab.setCurrentIndex(t)
                        _settle()
                        found += [f"reports/{name}/{tab.tabText(t)}: {p}" for p in problems(window)]
        for tab in tabs:
            for t in range(tab.count()):
                tab.setCurrentIndex(t)
                _settle()
                found += [f"{cls.key}/{tab.tabText(t)}: {p}" for p in problems(window)]
        del panels
    return sorted(set(found))


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("username", ["programradgiver", "bolig", "admin"])
def test_every_area_reads_whole(qtbot, demo_ctx, size, username):
    ctx = demo_ctx.as_user(User.get(User.username == username))
    w = MainWindow(ctx, areas=AREAS)
    qtbot.addWidget(w)
    w.resize(*SIZES[size])
    w.show()
    _settle()
    found = walk_areas(w)
    assert not found, "\n".join(found)
    # and no area, tab or report makes the window wider or taller than the smallest screen: Qt grows a window
    # to its minimum, past the screen's edge (a row of filters at their longest choices did, at 1366×768)
    need = w.minimumSizeHint().expandedTo(w.minimumSize())
    assert need.width() <= SMALLEST[0] and need.height() <= SMALLEST[1], (
        f"the window needs {need.width()}×{need.height()}, more than {SMALLEST[0]}×{SMALLEST[1]}")


@pytest.mark.parametrize("username", ["programradgiver", "bolig", "admin"])
def test_opening_an_area_never_widens_the_window_past_the_smallest_screen(qtbot, demo_ctx, username):
    # given the window at the size of the smallest screen
    ctx = demo_ctx.as_user(User.get(User.username == username))
    w = MainWindow(ctx, areas=AREAS)
    qtbot.addWidget(w)
    w.resize(*SMALLEST)
    w.show()
    _settle()
    grown: list[str] = []
    squeezed: dict[str, int] = {}
    # when each area is opened for the first time, then the window keeps its size (Qt widens a window to the
    # minimum of a layout as it is first shown, and never narrows it again: the persons area did, to 1337)
    for i, cls in enumerate(w.area_classes):
        w.sidebar.setCurrentRow(i)
        _settle()
        if (w.width(), w.height()) != SMALLEST:
            grown.append(f"{cls.key}: {w.width()}×{w.height()}")
            w.resize(*SMALLEST)
            _settle()
        if cls.key in ("tasks", "housing_tasks"):  # and the task column is readable (Qt's stretch left it 25 px)
            squeezed[cls.key] = w.area(i).table.columnWidth(2)
        if cls.key == "introduction":  # and the participants pane with its start form needs no sideways scrolling
            pane = w.area(i).start_panel.parentWidget().parentWidget().parentWidget()
            assert isinstance(pane, QScrollArea)
            assert pane.horizontalScrollBar().maximum() == 0, "the start form needs sideways scrolling"
    assert not grown, grown
    assert all(width >= TASK_COLUMN_SMALLEST for width in squeezed.values()), squeezed


def _dialogs(ctx, bus):
    """(name, factory) of the dialogs a user opens most, on the demo's records."""
    from hemsedal_integrering import models as m
    from hemsedal_integrering.ui import (audit_dialog, grant_rates_dialog, help_dialog, housing_dialogs,
                                         inspection_detail, inspection_dialogs, letter_menu, letting_dialogs,
                                         people_dialogs, placement_dialogs, retention_dialog, users_dialog)
    adult = m.Person.select().where(m.Person.role == "adult").first()
    household = adult.household
    unit = m.HousingUnit.select().first()
    tenancy = m.Tenancy.select().where(m.Tenancy.end_date.is_null()).first()
    lease = m.Lease.select().first()
    placement = m.Placement.select().first()
    done = m.Inspection.select().where(m.Inspection.status == "done").first()
    planned = m.Inspection.select().where(m.Inspection.status == "planned").first()
    municipal = m.HousingUnit.select().where(m.HousingUnit.ownership == "municipal").first()
    return [
        ("household", lambda: people_dialogs.HouseholdDialog(ctx, bus, None, household.id)),
        ("new household", lambda: people_dialogs.HouseholdDialog(ctx, bus, None)),
        ("person", lambda: people_dialogs.PersonDialog(ctx, bus, None, mode="edit", person_id=adult.id)),
        ("status", lambda: people_dialogs.StatusDialog(ctx, bus, None, adult.id)),
        ("move away", lambda: people_dialogs.MoveAwayDialog(ctx, bus, None, household.id)),
        ("programme", lambda: people_dialogs.ProgrammeDialog(ctx, bus, None, adult.id)),
        ("unit", lambda: housing_dialogs.UnitDialog(ctx, bus, None, unit.id)),
        ("move in", lambda: housing_dialogs.MoveInDialog(ctx, bus, None, household_id=household.id)),
        ("move out", lambda: housing_dialogs.MoveOutDialog(ctx, bus, None, tenancy.id)),
        ("lease", lambda: housing_dialogs.LeaseDialog(ctx, bus, None, lease.id)),
        ("landlord", lambda: housing_dialogs.LandlordDialog(ctx, bus, None, lease.landlord_id)),
        ("end lease", lambda: housing_dialogs.EndLeaseDialog(ctx, bus, None, lease.id)),
        ("let to others", lambda: letting_dialogs.LetToOthersDialog(ctx, bus, None, unit_id=municipal.id)),
        ("placement", lambda: placement_dialogs.PlacementDialog(ctx, bus, None, person_id=adult.id)),
        ("workplace", lambda: placement_dialogs.WorkplaceDialog(ctx, bus, None, placement.workplace_id)),
        ("evaluation", lambda: placement_dialogs.EvaluationDialog(ctx, bus, None, placement.id)),
        ("end placement", lambda: placement_dialogs.EndPlacementDialog(ctx, bus, None, placement.id)),
        ("plan inspection", lambda: inspection_dialogs.PlanInspectionDialog(
            None, ctx, bus, tenancy_id=tenancy.id, address=tenancy.unit.address, household=tenancy.household.name)),
        ("record inspection", lambda: inspection_dialogs.RecordInspectionDialog(None, ctx, bus,
                                                                                inspection_id=planned.id)),
        ("inspection record", lambda: inspection_detail.InspectionDetailDialog(None, ctx, bus,
                                                                               inspection_id=done.id)),
        ("meeting letter", lambda: letter_menu.LetterOptionsDialog("meeting_invitation", interpreter="ti",
                                                                   today=ctx.today())),
        ("audit log", lambda: audit_dialog.AuditDialog(ctx)),
        ("users", lambda: users_dialog.UsersDialog(ctx)),
        ("retention", lambda: retention_dialog.RetentionDialog(ctx)),
        ("grant rates", lambda: grant_rates_dialog.GrantRatesDialog(ctx, bus)),
        ("user guide", lambda: help_dialog.UserGuideDialog()),
    ]


@pytest.mark.parametrize("size", list(SIZES))
def test_every_dialog_reads_whole(qtbot, demo_ctx, size):
    from hemsedal_integrering.ui.bus import ChangeBus
    from hemsedal_integrering.ui.forms import FormDialog
    officer = demo_ctx.as_user(User.get(User.username == "programradgiver"))
    admin = demo_ctx.as_user(User.get(User.username == "admin"))
    screen_w, screen_h = SIZES[size]
    found = []
    admin_only = {"audit log", "users", "retention", "grant rates"}
    todo = [(n, f) for n, f in _dialogs(officer, ChangeBus()) if n not in admin_only]
    todo += [(n, f) for n, f in _dialogs(admin, ChangeBus()) if n in admin_only]
    for name, make in todo:
        dialog = make()
        qtbot.addWidget(dialog)
        if isinstance(dialog, FormDialog):
            dialog.add_footer()
        # as the window manager would: never larger than the screen
        dialog.resize(min(dialog.width(), screen_w), min(dialog.height(), screen_h))
        dialog.show()
        _settle()
        found += [f"{name}: {p}" for p in problems(dialog)]
        dialog.close()
    assert not found, "\n".join(sorted(set(found)))
