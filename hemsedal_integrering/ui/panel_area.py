"""The shared body of the areas that show ``ListPanel``s (Husstander og personer, Boliger, Leieavtaler,
Arbeidsplasser og praksis): the keyboard shortcuts and start-page filters go to the right list.

Such an area holds one main list (``panel``: a start-page card's filters go there) and, on tabs,
perhaps more lists and pages without a list. Ctrl+F and Ctrl+N go to the list on the current tab
(the main list when the tab has none), Ctrl+P only to a list on the current tab that prints.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from .area import Area
from .list_panel import ListPanel


class PanelArea(Area):
    """An area around ``panel`` (and, with ``tabs``, the other lists and pages on its tabs)."""

    panel: ListPanel
    tabs: QTabWidget | None = None

    def shown_panel(self) -> ListPanel | None:
        """The list on the current tab (None on a tab without one); the only list when there are no tabs."""
        if self.tabs is None:
            return self.panel
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ListPanel) else None

    def current_panel(self) -> ListPanel:
        """The list Ctrl+F and Ctrl+N go to: the one shown, else the main list."""
        return self.shown_panel() or self.panel

    def activated(self) -> None:
        """The main list's summary line counts what is true today."""
        self.panel.update_summary()

    def wait(self, timeout: float = 60.0) -> bool:
        """Until every list of the area read in a worker is shown (tests); False on timeout."""
        return all(panel.wait(timeout) for panel in self.findChildren(ListPanel))

    def set_filters(self, filters: dict) -> None:
        """A start-page card's filters: the main list, brought to the front."""
        if self.tabs is not None and self.tabs.indexOf(self.panel) >= 0:
            self.tabs.setCurrentWidget(self.panel)
        self.panel.set_filters(filters)

    def focus_search(self) -> None:
        panel = self.current_panel()
        if self.tabs is not None and self.tabs.indexOf(panel) >= 0:
            self.tabs.setCurrentWidget(panel)  # from a tab without a list to the main list
        panel.search.setFocus()
        panel.search.selectAll()

    def new_item(self) -> None:
        self.current_panel().new_item()

    def print_current(self) -> None:
        panel = self.shown_panel()
        if panel is not None and "print" in panel.buttons:
            panel.print_item(panel.current_id())
