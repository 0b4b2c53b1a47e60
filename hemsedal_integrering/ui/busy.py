"""A small "Henter …" indicator for lists read in a worker (``ui.background.BackgroundJob``).

It appears only when a read is still running after ``DELAY_MS`` — a quick read shows
nothing, so a list that refreshes in 20 ms does not blink a bar — and it keeps its place
in the layout while hidden, so the widgets around it never jump when it comes and goes.
Given a ``partner`` (a list's row count), it takes that widget's place instead of a place of
its own: the partner hides while the indicator shows, and both are given the same width.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from ..i18n import _
from .background import BackgroundJob

#: How long a read may run before the indicator shows.
DELAY_MS = 150


class BusyIndicator(QWidget):
    """A moving bar and a short text, shown while any watched job is busy (after ``DELAY_MS``)."""

    def __init__(self, text: str | None = None, parent: QWidget | None = None, *,
                 partner: QWidget | None = None) -> None:
        super().__init__(parent)
        self.partner = partner
        self.setObjectName("busy")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(text if text is not None else _("Fetching …"))
        self.label.setStyleSheet("color: #555;")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # a moving bar: running, length unknown
        self.bar.setTextVisible(False)
        self.bar.setFixedSize(60 if partner is not None else 90, 10)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        policy = self.sizePolicy()
        # hidden, it keeps its room (or its partner holds it): nothing beside it moves
        policy.setRetainSizeWhenHidden(partner is None)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)
        if partner is not None:
            partner.setMinimumWidth(self.sizeHint().width())
        self.setAccessibleName(self.label.text())
        self._jobs: list[BackgroundJob] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._show_if_busy)
        self.hide()

    def watch(self, job: BackgroundJob) -> None:
        """Show while ``job`` (and any other watched job) is working."""
        self._jobs.append(job)
        job.busy_changed.connect(self._busy_changed)
        self._busy_changed()

    def show_now(self) -> None:
        """No delay this time (a list still empty: there is nothing on screen to blink)."""
        self._timer.stop()
        self._show_if_busy()

    def busy(self) -> bool:
        return any(job.busy for job in self._jobs)

    def _busy_changed(self, _busy: bool = False) -> None:
        if self.busy():
            if self.isHidden() and not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
            self.hide()
            if self.partner is not None:
                self.partner.show()

    def _show_if_busy(self) -> None:
        if self.busy():
            if self.partner is not None:
                self.partner.hide()
            self.show()
