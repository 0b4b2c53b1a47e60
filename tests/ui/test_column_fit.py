"""Table columns fitted to the table's width (ui.column_fit): the task column is never squeezed to nothing."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView

from hemsedal_integrering.ui.column_fit import ColumnFit, fitted
from hemsedal_integrering.ui.tasks_area import COLUMN_WIDTHS

PREFERRED = [p for p, _s in COLUMN_WIDTHS]
SMALLEST = [s for _p, s in COLUMN_WIDTHS]


def test_room_to_spare_goes_to_the_growing_column():
    widths = fitted(PREFERRED, SMALLEST, 2, sum(PREFERRED) + 400)
    assert widths[2] == PREFERRED[2] + 400
    assert widths[:2] + widths[3:] == PREFERRED[:2] + PREFERRED[3:]


def test_short_room_is_taken_in_proportion_and_never_below_the_smallest():
    room = sum(PREFERRED) - 200
    widths = fitted(PREFERRED, SMALLEST, 2, room)
    assert abs(sum(widths) - room) <= len(widths)  # rounding
    assert all(s <= w <= p for w, s, p in zip(widths, SMALLEST, PREFERRED, strict=True))
    assert widths[2] > widths[0]  # the task column keeps the most
    assert fitted(PREFERRED, SMALLEST, 2, 100) == SMALLEST  # below the smallest the table scrolls


def test_the_table_fits_itself_until_the_user_drags_a_column(qtbot):
    model = QStandardItemModel(3, len(COLUMN_WIDTHS))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    fit = ColumnFit(table, COLUMN_WIDTHS, grow=2)
    table.resize(900, 300)  # the task list at 1280 pixels (1920×1080 at 150 %)
    table.show()
    qtbot.waitExposed(table)
    qtbot.waitUntil(lambda: table.columnWidth(2) >= SMALLEST[2])
    assert table.columnWidth(2) >= 180  # with Qt's stretch it was 25
    table.resize(1800, 300)
    qtbot.waitUntil(lambda: table.columnWidth(2) > PREFERRED[2])
    assert [table.columnWidth(c) for c in (0, 1, 3)] == [PREFERRED[0], PREFERRED[1], PREFERRED[3]]
    table.horizontalHeader().resizeSection(3, 333)  # the user drags «Household»
    assert fit.user_sized
    table.resize(1000, 300)
    qtbot.wait(20)
    assert table.columnWidth(3) == 333  # kept
