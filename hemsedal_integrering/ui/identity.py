"""How the program shows itself to the desktop: name, icon, and on Windows its task-bar identity.

Windows groups task-bar buttons and pins by an *AppUserModelID*; without one
the window is grouped under ``python.exe``/``pythonw.exe`` with Python's icon.
The ID is set before the first window exists (``set_app_user_model_id``), then
``apply_identity`` gives the application its display name and window icon
(the ``.ico`` carries 16-256 px, the ``.png`` is the fallback).
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication, QIcon

from .. import APP_NAME, APP_SLUG, __version__
from ..resources import resource_path

#: CompanyName.ProductName[.SubProduct] as Microsoft recommends; also used by the installer shortcut.
APP_USER_MODEL_ID = "HemsedalKommune.HemsedalIntegrering"


def set_app_user_model_id() -> bool:
    """Tell Windows which task-bar group the process belongs to (before any window). False elsewhere."""
    if sys.platform != "win32":
        return False
    import ctypes
    try:
        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)
    except (AttributeError, OSError):  # very old Windows: grouping falls back to the exe
        return False
    return True


def app_icon() -> QIcon:
    """The application icon (PNG and, on Windows, the multi-size ICO)."""
    icon = QIcon()
    for name in ("hemsedal-integrering.ico", "hemsedal-integrering.png"):
        path = resource_path("icons", name)
        if path.exists():
            icon.addFile(str(path))
    return icon


def apply_identity(app: QGuiApplication) -> None:
    """Display name and window icon for every window of ``app`` (the task bar shows both)."""
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_SLUG)  # Wayland/X11 match the window to a .desktop entry of this name
    app.setWindowIcon(app_icon())
