"""Start the GUI: open the database, then show the main window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None, db: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    label = QLabel("Hemsedal integrering")
    label.resize(640, 400)
    label.show()
    return app.exec()
