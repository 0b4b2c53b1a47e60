"""«Bytt krypteringsnøkkel»: the administrator re-encrypts the live database with a new data key.

Explains first what it does (old key-file copies stop opening the live
database; old backups keep their old keys), then runs ``services.rekey`` and
shows what must follow (users needing a new password, a new recovery key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ..errors import PermissionDenied, ValidationError
from ..i18n import _

if TYPE_CHECKING:  # pragma: no cover
    from .main_window import MainWindow

EXPLANATION = _(
    "The database is encrypted again with a new key. Copies of the key file made before now (for example one "
    "a former colleague kept) can then no longer open the database.\n\n"
    "Old backups keep their old key: they still open with the passwords that were valid when they were taken. "
    "Delete old backups you do not need.\n\n"
    "Other workstations that have the database open must log in again. Change the key now?")


def change_key(window: "MainWindow") -> bool:
    """Ask, re-key, report. Returns True when the key was changed."""
    from ..services.rekey import change_encryption_key
    answer = QMessageBox.question(window, _("Change encryption key"), EXPLANATION,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        result = change_encryption_key(window.ctx)
    except (ValidationError, PermissionDenied) as exc:
        QMessageBox.warning(window, _("Change encryption key"), str(exc))
        return False
    lines = [_("The database now has a new encryption key.")]
    if result.users_needing_password:
        lines.append(_("These users must get a new password from the administrator before they can log in: "
                       "{users}").format(users=", ".join(result.users_needing_password)))
    QMessageBox.information(window, _("Change encryption key"), "\n\n".join(lines))
    if result.new_recovery_key:
        from .login_dialog import RecoveryKeyDialog
        RecoveryKeyDialog(result.new_recovery_key, window).exec()
    return True
