"""Drop-downs in an area give way on a narrow screen (ui.widgets.let_combos_shrink); the whole-window
check on every area, tab and report is in test_no_clipped_text.py."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from hemsedal_integrering.ui.widgets import COMBO_MIN_WIDTH, let_combos_shrink


def _row(qtbot) -> tuple[QWidget, QComboBox, QComboBox, QComboBox]:
    root = QWidget()
    qtbot.addWidget(root)
    row = QHBoxLayout(root)
    long, short, own = QComboBox(), QComboBox(), QComboBox()
    long.addItems(["Alle grunnlag", "Familiegjenforent med flyktning (utenfor familieinnvandring)"])
    short.addItems(["Ja", "Nei"])
    own.addItems(["Familiegjenforent med flyktning (utenfor familieinnvandring)"])
    own.setMinimumWidth(300)
    for combo in (long, short, own):
        row.addWidget(combo)
    return root, long, short, own


def test_a_long_drop_down_keeps_its_width_when_there_is_room_and_gives_way_when_not(qtbot):
    root, long, short, own = _row(qtbot)
    full = long.sizeHint().width()
    assert long.minimumSizeHint().width() > COMBO_MIN_WIDTH  # before: the row's minimum held every long choice
    let_combos_shrink(root)
    assert long.minimumWidth() == COMBO_MIN_WIDTH
    assert long.sizeHint().width() == full  # still asks for its longest choice
    assert short.minimumWidth() == 0  # short ones need nothing
    assert own.minimumWidth() == 300  # a minimum of its own is kept
    root.resize(root.sizeHint())
    root.show()
    qtbot.waitExposed(root)
    assert long.width() >= full - 2  # room: the whole choice
    root.resize(root.minimumSizeHint().width(), root.height())
    qtbot.wait(10)
    assert COMBO_MIN_WIDTH <= long.width() < full  # no room: it gives way, down to its minimum
