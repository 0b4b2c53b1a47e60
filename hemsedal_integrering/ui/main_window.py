"""The main window: a side bar of areas, the current area, keyboard routing, remembered layout.

Areas come from ``ui.areas.AREAS`` (or the ``areas`` argument) and are built
the first time they are shown, so the window opens at once however large the
database is. Ctrl+F, Ctrl+N and Ctrl+P go to the current area; Ctrl+1 … Ctrl+9
switch area. ``QSettings`` keeps geometry and the last area, never data.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..context import Context
from ..i18n import _
from .area import Area
from .bus import ChangeBus
from .widgets import give_way_on_narrow_screens, resize_within_screen

#: Screens this wide or narrower (in logical pixels: 1366×768, or 1920×1080 at 125 % and more) start maximised.
SMALL_SCREEN_WIDTH = 1600

SIDEBAR_STYLE = """
QListWidget#sidebar { background: #1f3a56; color: #e8eef5; border: none; font-size: 11pt; outline: none; }
QListWidget#sidebar::item { padding: 10px 14px; }
QListWidget#sidebar::item:selected { background: #2f5f8a; color: white; }
QListWidget#sidebar::item:hover:!selected { background: #284a6c; }
"""


#: Windows created to replace another (kept referenced while shown).
_OPEN_WINDOWS: list[QMainWindow] = []


class MainWindow(QMainWindow):
    """Side bar + stacked areas for one context (database, acting user, clock)."""

    def __init__(self, ctx: Context, *, areas: list[type[Area]] | None = None, settings: QSettings | None = None,
                 db_label: str = "", session=None) -> None:
        super().__init__()
        self.session = session  # services.auth.Session when logged in (None in tests and system use)
        self.areas_given = areas
        self.db_label = db_label
        if areas is None:
            from .areas import AREAS
            areas = AREAS
        self.ctx = ctx
        self.bus = ChangeBus(self)
        self.settings = settings
        from ..services.access import can
        # An area may name the permission needed to see it (``permission``); areas the
        # acting user may not read are left out of the side bar (housing staff see no persons).
        self.area_classes = [cls for cls in areas
                             if not (permission := getattr(cls, "permission", "")) or can(ctx, permission)]
        self.instances: dict[int, Area] = {}
        self.setWindowTitle(_("The integration service of Hemsedal and Gol"))  # Qt adds « — Hemsedal integrering»
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        side = QWidget()
        side.setObjectName("sidebar_box")
        side.setStyleSheet("QWidget#sidebar_box { background: #1f3a56; }")
        side_lay = QVBoxLayout(side)
        side_lay.setContentsMargins(0, 0, 0, 0)
        brand = QLabel(_("Hemsedal integrering"))
        brand.setStyleSheet("color: white; font-size: 13pt; font-weight: 600; padding: 16px 14px 10px 14px;")
        side_lay.addWidget(brand)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        self.sidebar.setFixedWidth(230)
        for i, cls in enumerate(self.area_classes):
            item = QListWidgetItem(cls.title)
            item.setToolTip(f"{cls.title} (Ctrl+{i + 1})" if i < 9 else cls.title)
            self.sidebar.addItem(item)
        side_lay.addWidget(self.sidebar, 1)
        self.user_label = QLabel()
        self.user_label.setStyleSheet("color: #b9c7d6; padding: 10px 14px;")
        self.user_label.setWordWrap(True)
        side_lay.addWidget(self.user_label)
        lay.addWidget(side)
        self.stack = QStackedWidget()
        for _cls in self.area_classes:
            self.stack.addWidget(QWidget())  # placeholders until first shown
        from .read_only_banner import ReadOnlyBanner
        main = QWidget()
        main_lay = QVBoxLayout(main)
        main_lay.setContentsMargins(0, 0, 0, 0)
        main_lay.setSpacing(0)
        # Read-only (another workstation holds the file): who holds it, and "Prøv igjen".
        self.read_only_banner = ReadOnlyBanner(ctx, session, self._retry_session, main)
        main_lay.addWidget(self.read_only_banner)
        main_lay.addWidget(self.stack, 1)
        lay.addWidget(main, 1)
        self.setCentralWidget(central)
        user = getattr(ctx.user, "full_name", None) or getattr(ctx.user, "username", None)
        lines = [user or _("Not logged in")]
        roles = getattr(ctx.user, "roles", ())
        if roles:
            from .. import vocab
            lines.append(", ".join(vocab.label(vocab.USER_ROLES_SHORT, r) for r in roles))
        if db_label:
            lines.append(db_label)
        if session is not None and session.read_only:
            lines.append(_("READ ONLY – another workstation has the file open"))
            self.setWindowTitle(self.windowTitle() + " " + _("[read only]"))
        self.user_label.setText("\n".join(lines))
        from .admin_menu import install_menus
        install_menus(self)
        self.sidebar.currentRowChanged.connect(self.show_area)
        for seq, method in ((QKeySequence.StandardKey.Find, "focus_search"),
                            (QKeySequence.StandardKey.New, "new_item"),
                            (QKeySequence.StandardKey.Print, "print_current")):
            QShortcut(seq, self, lambda method=method: self._in_current_area(method))
        for i in range(min(9, len(self.area_classes))):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, lambda i=i: self.sidebar.setCurrentRow(i))
        resize_within_screen(self, 1280, 800)  # without settings (tests); restore() sizes it for a user
        self.restore()
        self.warmer = None
        if any(getattr(cls, "key", "") == "people" for cls in self.area_classes):
            from .warm_up import PEOPLE_AREA, ModuleWarmer
            self.warmer = ModuleWarmer(PEOPLE_AREA, self)  # the persons area opens without loading its code

    # ----- areas -----

    def area(self, index: int) -> Area:
        """The area at ``index``, built on first use."""
        if index not in self.instances:
            area = self.area_classes[index](self.ctx, self.bus)
            give_way_on_narrow_screens(area)  # before it joins the window: a first minimum widens it for good
            open_area = getattr(area, "open_area", None)
            if open_area is not None:
                open_area.connect(self.show_key)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, area)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self.instances[index] = area
        return self.instances[index]

    def index_of(self, key: str) -> int:
        return next((i for i, cls in enumerate(self.area_classes) if cls.key == key), -1)

    def show_key(self, key: str, filters: dict | None = None) -> None:
        """Show the area with ``key``; ``filters`` go to its ``set_filters`` if it has one."""
        i = self.index_of(key)
        if i >= 0:
            self.sidebar.setCurrentRow(i)
            setter = getattr(self.area(i), "set_filters", None)
            if filters and setter is not None:
                setter(filters)

    def show_area(self, index: int) -> None:
        if index < 0:
            return
        built_now = index not in self.instances
        area = self.area(index)
        self.stack.setCurrentWidget(area)
        if not built_now:  # an area just built has just loaded: refreshing again doubled every first show
            area.activated()

    def current_area(self) -> Area | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, Area) else None

    def _in_current_area(self, method: str) -> None:
        """Ctrl+F, Ctrl+N and Ctrl+P act in the area shown (every area has the three methods)."""
        area = self.current_area()
        if area is not None:
            getattr(area, method)()

    def _retry_session(self) -> None:
        """The read-only banner's «Prøv igjen»: open the same session anew (it may now be writable)."""
        if self.session is not None:
            self.replace_session(self.session)

    def replace_session(self, session) -> None:
        """After a restore or an encryption: a new window on the new session (None: quit)."""
        if session is None:
            self.close()
            return
        from .login_dialog import keep_lock_alive
        successor = MainWindow(session.ctx, areas=self.areas_given, settings=self.settings, db_label=self.db_label,
                               session=session)
        keep_lock_alive(session, successor)
        _OPEN_WINDOWS.append(successor)
        successor.show()
        self.session = None  # the old session is closed already
        self.close()

    # ----- remembered layout -----

    def restore(self) -> None:
        """Geometry from this machine; the area the user last worked in (from the database when
        someone is logged in, so it follows them to another workstation; else this machine's)."""
        start = 0
        if self.settings is not None:
            geometry = self.settings.value("main_window/geometry")
            if isinstance(geometry, QByteArray):
                self.restoreGeometry(geometry)
            else:
                self.fill_screen()
            i = self.index_of(str(self.settings.value("main_window/area", "")))
            start = i if i >= 0 else 0
        own = self.index_of(getattr(self.ctx.user, "last_area", "") or "")
        if own >= 0:
            start = own
        self.sidebar.setCurrentRow(start)

    def remember_area(self) -> None:
        """Keep the current area for the acting user (database) and for this machine (QSettings)."""
        area = self.current_area()
        if area is None:
            return
        if self.settings is not None:
            self.settings.setValue("main_window/area", area.key)
        if self.ctx.user is not None and self.session is not None:
            from ..services.accounts import remember_area
            remember_area(self.ctx, area=area.key)

    def fill_screen(self) -> None:
        """First start on this machine: most of the screen (lists and the detail pane need the width); all of
        a small one (``SMALL_SCREEN_WIDTH``), where 92 % left a 1366×768 laptop's lists and forms cramped."""
        screen = self.screen()
        if screen is not None:
            area = screen.availableGeometry()
            self.resize(min(area.width(), max(1100, int(area.width() * 0.92))),
                        min(area.height(), max(700, int(area.height() * 0.9))))
            self.move(area.x() + (area.width() - self.width()) // 2, area.y() + (area.height() - self.height()) // 2)
            if area.width() <= SMALL_SCREEN_WIDTH:  # the size above is where «Gjenopprett» goes back to
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def stop_background_work(self) -> None:
        """Stop every worker (reports, start-page cards) and wait for it: before the session closes."""
        from .background import BackgroundJob
        for job in self.findChildren(BackgroundJob):
            job.shutdown()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.session is not None:
            self.remember_area()
        elif self.settings is not None:
            area = self.current_area()
            if area is not None:
                self.settings.setValue("main_window/area", area.key)
        if self.settings is not None:
            self.settings.setValue("main_window/geometry", self.saveGeometry())
            self.settings.sync()
        super().closeEvent(event)
        self.stop_background_work()
        if self.session is not None:  # release the writer lock as soon as the window is gone
            self.session.close()
            self.session = None
