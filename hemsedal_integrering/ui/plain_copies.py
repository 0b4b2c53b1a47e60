"""After encrypting in the GUI: the earlier backups are still plain — say so and offer to encrypt or delete them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from ..i18n import _, ngettext
from ..services import maintenance


def offer(parent: QWidget | None, db_path: Path, folder: Path, data_key: bytes | None) -> str | None:
    """Ask what to do with the plain copies found; do it; return the choice (None: there were none)."""
    plain = maintenance.plain_copies(db_path, folder)
    if not plain or data_key is None:
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, _("Unencrypted backups"),
                      ngettext("{n} earlier backup is NOT encrypted: anyone who gets it can read everything in it:",
                               "{n} earlier backups are NOT encrypted: anyone who gets them can read everything in "
                               "them:", len(plain)).format(n=len(plain))
                      + "\n\n" + "\n".join(str(p) for p in plain[:10]) + ("\n…" if len(plain) > 10 else ""),
                      parent=parent)
    encrypt = box.addButton(_("Encrypt them"), QMessageBox.ButtonRole.AcceptRole)
    delete = box.addButton(_("Delete them"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(_("Keep them unencrypted"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(encrypt)
    box.exec()
    choice = "encrypt" if box.clickedButton() is encrypt else "delete" if box.clickedButton() is delete else "keep"
    try:
        maintenance.secure_plain_copies(plain, choice, db_path, data_key)
    except Exception as exc:  # shown, never swallowed
        QMessageBox.critical(parent, _("Unencrypted backups"), str(exc))
        return None
    QMessageBox.information(parent, _("Unencrypted backups"), {
        "encrypt": _("They are now encrypted with the database's key (key file copied beside each)."),
        "delete": _("They have been deleted."),
        "keep": _("They have been kept UNENCRYPTED. Delete them or store them locked away.")}[choice])
    return choice
