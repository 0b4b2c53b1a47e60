"""Oversikt: the start page with today's numbers as cards (``queries.overview.CARDS``).

The cards are counted in a worker (``ui.background``): the window paints at once and
the numbers fill in a moment later (at 300,000 persons the counts take ~0.5 s).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ..i18n import _
from ..queries import overview
from ..services.base import Changes
from .area import Area
from .background import BackgroundJob, reraise

CARD_STYLE = """
QFrame#card { background: white; border: 1px solid #d9dee5; border-radius: 8px; }
QFrame#card[alert="true"] { border: 1px solid #e3a14b; background: #fffaf2; }
QFrame#card:hover { border-color: #1f4e79; }
"""


class CardWidget(QFrame):
    """One card: title, big number, explanation. Clicking opens the card's area."""

    clicked = Signal(str, object)

    def __init__(self, card: overview.Card, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setProperty("alert", card.alert)
        self.area = card.area
        self.filters = dict(card.filters)
        self.setCursor(Qt.CursorShape.PointingHandCursor if card.area else Qt.CursorShape.ArrowCursor)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        title = QLabel(card.title)
        title.setStyleSheet("color: #555; font-size: 11pt;")
        value = QLabel(card.value)
        value.setObjectName("card_value")
        value.setStyleSheet(f"font-size: 24pt; font-weight: 600; color: {'#a15c00' if card.alert else '#1f4e79'};")
        detail = QLabel(card.detail)
        detail.setWordWrap(True)
        detail.setStyleSheet("color: #444;")
        for w in (title, value, detail):
            lay.addWidget(w)
        lay.addStretch(1)
        self.setMinimumHeight(130)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self.area:
            self.clicked.emit(self.area, self.filters)
        super().mousePressEvent(event)


class OverviewArea(Area):
    """The start page. Cards come from ``queries.overview.CARDS`` (others append theirs)."""

    title = _("Overview")
    key = "overview"
    open_area = Signal(str, object)  # area key, filters to set there

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        self.setStyleSheet(CARD_STYLE)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 18, 24, 18)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18pt; font-weight: 600;")
        lay.addWidget(self.heading)
        sub = QLabel(_("The integration service of Hemsedal and Gol – the numbers are for today. "
                       "Click a card to open it."))
        sub.setStyleSheet("color: #555;")
        lay.addWidget(sub)
        self.grid = QGridLayout()
        self.grid.setSpacing(14)
        lay.addLayout(self.grid)
        lay.addStretch(1)
        self.cards: list[CardWidget] = []
        self.job = BackgroundJob(ctx.db, self)
        self.job.done.connect(self._show_cards)
        self.refresh()

    def refresh(self) -> None:
        """Count the cards in the worker (a refresh while one runs replaces it)."""
        from . import fmt
        self.heading.setText(_("Overview {date}").format(date=fmt.date(self.ctx.today())))
        ctx = self.ctx
        self.job.start(lambda: overview.all_cards(ctx))

    def wait(self, timeout: float = 60.0) -> bool:
        """Until the cards are counted and shown (tests)."""
        return self.job.wait(timeout)

    def _show_cards(self, cards: list[overview.Card] | None, error: BaseException | None) -> None:
        if error is not None:
            reraise(error)
            return
        for w in self.cards:
            w.setParent(None)
            w.deleteLater()
        self.cards = []
        for i, card in enumerate(cards):
            w = CardWidget(card)
            w.clicked.connect(self.open_area)
            self.grid.addWidget(w, i // 3, i % 3)
            self.cards.append(w)

    def activated(self) -> None:
        self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if self.isVisible():
            self.refresh()
