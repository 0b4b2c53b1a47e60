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
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setTextFormat(Qt.TextFormat.RichText)
        self.empty_hint.setStyleSheet("background: #eef4fa; border: 1px solid #c9d9ea; border-radius: 8px; "
                                      "padding: 12px; font-size: 11pt;")
        self.empty_hint.linkActivated.connect(lambda key: self.open_area.emit(key, {}))
        self.empty_hint.hide()
        lay.addWidget(self.empty_hint)
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

    def show_next_steps(self) -> None:
        """An empty database shows what to do first instead of a page of zeros."""
        html = next_steps_html(self.ctx)
        self.empty_hint.setText(html)
        self.empty_hint.setVisible(bool(html))

    def wait(self, timeout: float = 60.0) -> bool:
        """Until the cards are counted and shown (tests)."""
        return self.job.wait(timeout)

    def _show_cards(self, cards: list[overview.Card] | None, error: BaseException | None) -> None:
        if error is not None:
            reraise(error)
            return
        if cards is None:  # (no error: the job returned the cards)
            return
        self.show_next_steps()
        for w in self.cards:
            w.setParent(None)
            w.deleteLater()
        self.cards = []
        for i, card in enumerate(cards or []):
            w = CardWidget(card)
            w.clicked.connect(self.open_area)
            self.grid.addWidget(w, i // 3, i % 3)
            self.cards.append(w)

    def activated(self) -> None:
        self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if self.isVisible():
            self.refresh()


def next_steps_html(ctx) -> str:
    """For a database with nothing in it yet: what to do first, by role ('' once there is data)."""
    from ..queries import records
    from ..services.access import can
    if records.exists(ctx, "household") or records.exists(ctx, "housing_unit"):
        return ""
    steps = []
    if can(ctx, "persons.write"):
        steps.append(_("Register the first household: <a href='people'>Households and persons</a> → "
                       "«New household» (Ctrl+N)."))
    if can(ctx, "housing.write"):
        steps.append(_("Register the dwellings: <a href='housing'>Housing units</a> → «New housing unit», and "
                       "the leases with private landlords under <a href='leases'>Leases</a>."))
    if can(ctx, "admin.users"):
        steps.append(_("Create a user for each colleague: the Administration menu → Users."))
    steps.append(_("Read the short user guide: the Help menu → User guide."))
    items = "".join(f"<li>{s}</li>" for s in steps)
    return "<b>{}</b><ol>{}</ol>".format(_("Nothing is registered yet. To start:"), items)
