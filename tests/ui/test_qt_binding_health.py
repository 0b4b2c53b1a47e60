"""The Qt binding must not leak references to None.

PySide6 6.12.0 on Python 3.11 dropped one reference to None on every Qt call
returning nothing (setText, addItem, currentData() …); after a few thousand
calls Python aborted with "Fatal Python error: none_dealloc" in normal use.
The project pins a release without that bug; this test keeps it that way.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QComboBox, QLineEdit


def test_qt_calls_returning_nothing_keep_none_alive(qtbot):
    line, combo = QLineEdit(), QComboBox()
    qtbot.addWidget(line)
    qtbot.addWidget(combo)
    combo.addItem("a")
    before = sys.getrefcount(None)
    for _ in range(500):
        line.setText("x")
        combo.currentData()
    after = sys.getrefcount(None)
    assert before - after < 50, f"None lost {before - after} references over 1,000 Qt calls"
