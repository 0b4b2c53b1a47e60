"""Every text an officer sees in the main window is Norwegian: no English source text leaks.

The catalog test proves every marked text has a translation; this one looks at
what the real widgets show — every area, every tab, the detail of a selected
row, the menus and the "new" form of each area — and fails on an English
source text shown untranslated, or on English words written into the code
without going through the catalog at all.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from hemsedal_integrering.i18n import catalog as i18n_catalog
from hemsedal_integrering.i18n import tool

#: English words that never occur in the program's bokmål texts or the demo data.
ENGLISH = {"the", "and", "of", "with", "from", "this", "that", "are", "not", "has", "have", "your", "you",
           "Save", "Cancel", "Delete", "Search", "New", "Edit", "Name", "Date", "Close", "Open", "Select", "Show",
           "Add", "Remove", "Household", "Households", "Person", "Persons", "Unit", "Units", "Lease", "Leases",
           "Workplace", "Placement", "Placements", "Report", "Reports", "Inspection", "Inspections", "Task",
           "Tasks", "Moved", "Start", "End", "Phone", "Address", "Municipality", "Status", "Notes", "Print"}
#: Words that are the same in both languages (or names) and so prove nothing.
SAME_IN_BOTH = {"Status", "Start", "Person", "Hemsedal", "Gol", "OK"}
WORD = re.compile(r"[A-Za-zÆØÅæøå]+")


def _untranslated_sources() -> list[str]:
    """English source texts whose bokmål differs: seeing one means a lookup was missed."""
    cat = tool.read_catalog(i18n_catalog.catalog_path("nb"))
    out = []
    for message in cat:
        if not message.id or isinstance(message.id, tuple) or message.context:
            continue
        if message.string and message.string != message.id and re.search(r"[a-z]{3}", message.id):
            literal = max(re.split(r"\{[^{}]*\}", message.id), key=len).strip()
            if len(literal) >= 4 and literal not in SAME_IN_BOTH:
                out.append(literal)
    return out


def _texts(root: QWidget) -> list[str]:
    found: list[str] = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QLabel):
            found.append(re.sub(r"<[^>]+>", " ", w.text()))
        elif isinstance(w, QAbstractButton):
            found.append(w.text())
        elif isinstance(w, QGroupBox):
            found.append(w.title())
        elif isinstance(w, QLineEdit):
            found.append(w.placeholderText())
        elif isinstance(w, QTextBrowser):
            found.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            found += [w.item(i).text() for i in range(w.count())]
        if isinstance(w, QTabWidget):
            found += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and not isinstance(w, QListWidget) and w.model() is not None:
            model = w.model()
            columns = model.columnCount(QModelIndex())
            found += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
            for row in range(min(model.rowCount(QModelIndex()), 5)):
                found += [str(model.index(row, c).data() or "") for c in range(columns)]
        found.append(w.toolTip())
    return [t for t in found if t]


def _leaks(texts: list[str], sources: list[str]) -> list[str]:
    leaks = []
    for text in texts:
        words = set(WORD.findall(text))
        english = sorted((words & ENGLISH) - SAME_IN_BOTH)
        if english:
            leaks.append(f"English words {english} in {text[:120]!r}")
            continue
        leaks += [f"untranslated {s!r} in {text[:120]!r}" for s in sources if len(s) >= 8 and s in text]
        if text.strip() in sources:
            leaks.append(f"untranslated {text.strip()!r}")
    return leaks


@pytest.fixture
def demo_window(demo_ctx, qtbot, tmp_path):
    from hemsedal_integrering.ui.main_window import MainWindow
    w = MainWindow(demo_ctx, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_leak_finder_sees_english(qapp):
    label = QLabel("Save the household")
    assert _leaks(_texts(label), ["Move the household in"]) != []
    assert _leaks(["Lagre husstanden"], ["Move the household in", "Save"]) == []
    assert _leaks(["Flytt inn: Move the household in"], ["Move the household in"]) != []


def test_every_area_tab_detail_menu_and_new_form_speaks_norwegian(demo_window, qtbot):
    sources = _untranslated_sources()
    assert len(sources) > 50, "the catalog looks empty"
    window = demo_window
    seen: list[str] = _texts(window)  # title, side bar, start page
    for action in window.menuBar().actions():
        seen.append(action.text())
        menu = action.menu()
        if isinstance(menu, QMenu):
            seen += [a.text() for a in menu.actions() if a.text()]
    for index in range(len(window.area_classes)):
        window.sidebar.setCurrentRow(index)
        qtbot.wait(20)
        area = window.current_area()
        tabs = area.findChildren(QTabWidget)
        pages = [(t, i) for t in tabs for i in range(t.count())] or [(None, 0)]
        for tab_widget, i in pages:
            if tab_widget is not None:
                tab_widget.setCurrentIndex(i)
                qtbot.wait(20)
            for view in area.findChildren(QAbstractItemView):
                if (view.isVisible() and not isinstance(view, QListWidget) and view.model() is not None
                        and view.model().rowCount(QModelIndex()) > 0):
                    view.setCurrentIndex(view.model().index(0, 0))
            qtbot.wait(30)
            seen += _texts(area)
        # the area's "new" form (Ctrl+N), read and closed again
        dialogs: list[str] = []

        def read_and_close(tries=[0], out=dialogs):  # noqa: B006
            modal = QApplication.activeModalWidget()
            if modal is not None:
                out.extend(_texts(modal))
                modal.reject() if hasattr(modal, "reject") else modal.close()
                return
            tries[0] += 1
            if tries[0] < 30:
                QTimer.singleShot(10, read_and_close)
        QTimer.singleShot(0, read_and_close)
        area.new_item()
        qtbot.wait(50)
        seen += dialogs
    leaks = sorted(set(_leaks(seen, sources)))
    assert leaks == [], f"{len(leaks)} English texts on screen:\n" + "\n".join(leaks[:40])
