"""Drop-downs and forms in an area give way on a narrow screen (ui.widgets.give_way_on_narrow_screens); the
whole-window check on every area, tab and report is in test_no_clipped_text.py."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from hemsedal_integrering.ui.widgets import COMBO_MIN_WIDTH, give_way_on_narrow_screens


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
    give_way_on_narrow_screens(root)
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


def test_a_form_puts_a_field_under_its_label_when_the_two_do_not_fit(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    form = QFormLayout(root)
    field = QLineEdit()
    field.setMinimumWidth(300)
    form.addRow(QLabel("Under 25 år: bor med en eller begge foreldrene"), field)
    kept = QFormLayout()
    kept.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.addRow(kept)
    side_by_side = root.minimumSizeHint().width()
    give_way_on_narrow_screens(root)
    assert form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapLongRows
    assert kept.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapAllRows  # a policy of its own is kept
    assert root.minimumSizeHint().width() < side_by_side - 200  # label over field: the wider of the two


def test_a_dialog_is_never_sized_beyond_the_screen_it_opens_on(qtbot):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QDialog

    from hemsedal_integrering.ui.widgets import FRAME, resize_within_screen
    room = QGuiApplication.primaryScreen().availableGeometry()
    big, small = QDialog(), QDialog()
    qtbot.addWidget(big)
    qtbot.addWidget(small)
    resize_within_screen(big, room.width() + 300, room.height() + 300)  # the print preview asked for 960 high
    resize_within_screen(small, 400, 300)
    assert (big.width(), big.height()) == (room.width() - FRAME[0], room.height() - FRAME[1])
    assert (small.width(), small.height()) == (400, 300)


def test_no_dialog_asks_for_more_than_the_screen_by_itself():
    """Every fixed dialog size in ui/ goes through resize_within_screen when it is larger than 1280×640."""
    import re
    from pathlib import Path

    import hemsedal_integrering.ui as ui
    found = []
    for path in Path(ui.__file__).parent.glob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = re.search(r"\.resize\((\d+), (\d+)\)", line)
            if m and (int(m[1]) > 1264 or int(m[2]) > 640) and "smoke" not in path.name:
                found.append(f"{path.name}:{n}: {line.strip()}")
    assert not found, found
