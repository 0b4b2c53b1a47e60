"""Hjelp → Brukerveiledning: the short user guide (``resources/help/brukerveiledning.md``).

The guide is a resource file (Markdown, Norwegian) so it can be corrected
without touching code; it covers the first day, a new household, a move-in,
an inspection, a letter, a report and backups. The contents on the left jump
to each chapter.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QTextBrowser, QVBoxLayout, QWidget

from ..i18n import _
from ..resources import resource_path
from .widgets import resize_within_screen

GUIDE = ("help", "brukerveiledning.md")


def guide_text() -> str:
    return resource_path(*GUIDE).read_text(encoding="utf-8")


def chapters(markdown: str) -> list[str]:
    """The '## ' headings, in order."""
    return re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE)


class UserGuideDialog(QDialog):
    """The guide with its chapters listed beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("User guide"))
        text = guide_text()
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(text)
        self.browser.document().setDocumentMargin(14)
        self.contents = QListWidget()
        self.contents.setMaximumWidth(210)
        self.contents.addItems(chapters(text))
        self.contents.currentTextChanged.connect(self.show_chapter)
        row = QHBoxLayout()
        row.addWidget(self.contents)
        row.addWidget(self.browser, 1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row, 1)
        lay.addWidget(box)
        resize_within_screen(self, 900, 640)

    def show_chapter(self, title: str) -> None:
        if title:
            self.browser.find(title)  # selects the heading and scrolls it into view
            cursor = self.browser.textCursor()
            cursor.clearSelection()
            self.browser.setTextCursor(cursor)
            self.browser.ensureCursorVisible()


def open_user_guide(parent: QWidget | None) -> UserGuideDialog:
    dialog = UserGuideDialog(parent)
    dialog.show()
    return dialog
