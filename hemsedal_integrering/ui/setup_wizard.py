"""The first-run setup wizard: letterheads of Hemsedal and Gol, welcome-letter contacts, backup folder, users.

Shown to the administrator right after "Start tom" and reopened from
Administrasjon → "Oppsett av kommunene …". Each page checks its input through
``services.setup.check_setup`` when the user presses "Neste" and shows the
messages beside the fields; "Fullfør" saves everything with
``services.setup.apply_setup`` in one transaction. Cancelling after typing
asks first, so nothing typed is lost by a stray Esc.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget,
    QWizard, QWizardPage,
)

from ..errors import PermissionDenied, ValidationError
from ..i18n import _
from ..queries import records
from ..services import setup
from ..services.access import require
from .setup_tables import ContactsPage, UsersPage
from .widgets import error_label, resize_within_screen


def _set_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class IntroPage(QWizardPage):
    """What the wizard asks for, and that everything can be changed later."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Set up the integration service"))
        text = QLabel(_("This wizard asks for what the letters and the daily work need:\n\n"
                        "•  the letterhead of Hemsedal and Gol (addresses, phone, org.nr., logo)\n"
                        "•  the key contacts printed in the welcome letter\n"
                        "•  where the backups are kept\n"
                        "•  the first users and their roles\n\n"
                        "Nothing is saved until you press “Finish”. An administrator can open the wizard "
                        "again later from the Administration menu."))
        text.setWordWrap(True)
        QVBoxLayout(self).addWidget(text)


class MunicipalityPage(QWizardPage):
    """One municipality's letterhead: names, addresses, phone, e-mail, web, org.nr. and logo."""

    def __init__(self, ctx, code: str) -> None:
        super().__init__()
        self.ctx, self.code = ctx, code
        saved = setup.municipality_details(code)
        self.setTitle(_("Letterhead: {name}").format(name=saved["name"]))
        self.setSubTitle(_("Printed at the top and bottom of every letter. Check each line against the "
                           "municipality's own records."))
        labels = {"name": _("&Municipality name:"), "service_name": _("&Service name:"),
                  "postal_address": _("&Postal address:"), "visiting_address": _("&Visiting address:"),
                  "phone": _("Tele&phone:"), "email": _("&E-mail:"), "website": _("&Web address:"),
                  "org_nr": _("&Organisation number:")}
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key in setup.MUNICIPALITY_FIELDS:
            edit = QLineEdit(saved[key])
            edit.setObjectName(f"{code}_{key}")
            self.fields[key] = edit
            self.errors[key] = error_label()
            form.addRow(labels[key], edit)
            form.addRow("", self.errors[key])
        self.fields["org_nr"].setPlaceholderText("123 456 789")
        self.fields["org_nr"].setToolTip(_("Nine digits, as registered in Brønnøysundregistrene (brreg.no)."))
        self.saved_logo = saved["logo"]
        self.logo_path = saved["logo"]
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(72, 72)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid #ccc; background: white;")
        self.logo_name = QLabel()
        self.logo_name.setWordWrap(True)
        choose = QPushButton(_("Choose &image …"))
        choose.clicked.connect(self.choose_logo)
        remove = QPushButton(_("Remove lo&go"))
        remove.clicked.connect(lambda: self.set_logo(""))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        side = QVBoxLayout()
        side.addWidget(self.logo_name)
        buttons = QHBoxLayout()
        buttons.addWidget(choose)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        side.addLayout(buttons)
        logo_row.addLayout(side, 1)
        self.errors["logo"] = error_label()
        form.addRow(_("Logo:"), logo_row)
        form.addRow("", self.errors["logo"])
        self.setLayout(form)
        self.set_logo(self.logo_path)

    def values(self) -> dict[str, str]:
        return {k: w.text() for k, w in self.fields.items()}

    def logo_change(self) -> dict[str, str]:
        """{code: path} when the logo was changed ('' = removed), else empty."""
        return {} if self.logo_path == self.saved_logo else {self.code: self.logo_path}

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the logo"), str(Path.home()),
                                                    _("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.set_logo(path)

    def set_logo(self, path: str) -> None:
        self.logo_path = path
        pixmap = QPixmap(path) if path else QPixmap()
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo"))
        else:
            self.logo_preview.setPixmap(pixmap.scaled(68, 68, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
        self.logo_name.setText(Path(path).name if path else _("The letters are printed without a logo."))

    def show_errors(self, errors: dict[str, str]) -> bool:
        prefix = f"{self.code}."
        mine = {k[len(prefix):]: v for k, v in errors.items() if k.startswith(prefix)}
        for key, label in self.errors.items():
            _set_error(label, mine.get(key, ""))
        first = next((self.fields[k] for k in setup.MUNICIPALITY_FIELDS if k in mine), None)
        if first is not None:
            first.setFocus()
        return bool(mine)

    def validatePage(self) -> bool:  # noqa: N802
        data = setup.SetupInput(municipalities={self.code: self.values()}, logos=self.logo_change())
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)  # the pages live in this wizard only
        return wizard.check(data, self)


class BackupPage(QWizardPage):
    """The backup folder: a network share is suggested; the same disk as the database is warned about."""

    def __init__(self, ctx) -> None:
        super().__init__()
        from ..services import privacy
        self.ctx = ctx
        self.db_path = Path(ctx.db.database)
        self.setTitle(_("Backups"))
        self.setSubTitle(_("The program takes a backup every day at the first login. Keep it on another "
                           "machine: a network share on the municipality's server is best."))
        self.saved = privacy.backup_folder()
        self.folder = QLineEdit(self.saved)
        self.folder.setPlaceholderText(r"\\server\share\integrering\sikkerhetskopier")
        browse = QPushButton(_("&Browse …"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.error = error_label()
        form = QFormLayout()
        label = QLabel(_("Backup &folder:"))
        label.setBuddy(self.folder)  # a row of widgets gets no buddy by itself: Alt+M would do nothing
        form.addRow(label, row)
        form.addRow("", self.error)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.advice)
        layout.addStretch(1)
        self.folder.textChanged.connect(self.update_advice)
        self.update_advice()

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the backup folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def update_advice(self) -> None:
        advice = setup.backup_advice(self.db_path, self.folder.text().strip())
        if advice.warnings:
            self.advice.setText("⚠ " + "\n".join(advice.warnings))
            self.advice.setStyleSheet("color: #8a5300; background: #fff4e0; padding: 8px; border-radius: 4px;")
        else:
            self.advice.setText(_("Good: the backups are kept apart from the database."))
            self.advice.setStyleSheet("color: #1b5e20; padding: 8px;")

    def value(self) -> str | None:
        """None when unchanged (the saved choice stays)."""
        text = self.folder.text().strip()
        return None if text == self.saved else text

    def show_errors(self, errors: dict[str, str]) -> bool:
        _set_error(self.error, errors.get("backup_folder", ""))
        return "backup_folder" in errors

    def validatePage(self) -> bool:  # noqa: N802
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)  # the pages live in this wizard only
        return wizard.check(setup.SetupInput(backup_folder=self.value()), self)


class SetupWizard(QWizard):
    """Collects the setup and saves it once at "Fullfør" (``saved`` is True afterwards)."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        require(ctx, "admin.settings")
        super().__init__(parent)
        self.ctx = ctx
        self.saved = False
        self.setWindowTitle(_("Setup – the integration service of Hemsedal and Gol"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, _("< &Back")),
                             (QWizard.WizardButton.NextButton, _("&Next >")),
                             (QWizard.WizardButton.FinishButton, _("&Finish")),
                             (QWizard.WizardButton.CancelButton, _("Cancel"))):
            self.setButtonText(button, text)
        self.intro = IntroPage()
        codes = list(records.municipalities(ctx))
        self.municipality_pages = [MunicipalityPage(ctx, code) for code in codes]
        self.contacts = ContactsPage(ctx, codes)
        self.backup = BackupPage(ctx)
        self.users = UsersPage(ctx)
        for page in (self.intro, *self.municipality_pages, self.contacts, self.backup, self.users):
            self.addPage(page)
        self._start = self.collect()
        resize_within_screen(self, 760, 640)

    def collect(self) -> setup.SetupInput:
        """Everything typed so far, as the service takes it."""
        data = setup.SetupInput()
        for page in self.municipality_pages:
            data.municipalities[page.code] = page.values()
            data.logos.update(page.logo_change())
        data.contacts = self.contacts.values()
        data.backup_folder = self.backup.value()
        data.users = self.users.values()
        return data

    def check(self, data: setup.SetupInput, page) -> bool:
        """Run the service's checks on one page's part; show the messages on that page."""
        try:
            setup.check_setup(self.ctx, data)
        except ValidationError as exc:
            return not page.show_errors(exc.errors)
        page.show_errors({})
        return True

    def accept(self) -> None:
        try:
            setup.apply_setup(self.ctx, self.collect())
        except ValidationError as exc:
            for page_id in self.pageIds():
                page = self.page(page_id)
                if hasattr(page, "show_errors") and page.show_errors(exc.errors):
                    # go back to the first page with a problem; its messages stand beside the fields
                    while self.currentId() > page_id:
                        self.back()
                    return
            QMessageBox.warning(self, _("Setup"), "\n".join(exc.errors.values()))
            return
        except PermissionDenied as exc:  # e.g. the database is open read-only
            QMessageBox.warning(self, _("Setup"), str(exc))
            return
        self.saved = True
        super().accept()

    def reject(self) -> None:
        if self.collect() != self._start:
            answer = QMessageBox.question(
                self, _("Cancel the setup?"),
                _("What you have typed in the wizard is not saved. Cancel anyway?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


def open_setup(window) -> bool:
    """Administrasjon → "Oppsett av kommunene …" (and after "Start tom"); True when saved."""
    wizard = SetupWizard(window.ctx, window)
    wizard.exec()
    if wizard.saved and getattr(window, "bus", None) is not None:
        from ..services.base import Changes
        changes = Changes()
        for municipality_id in records.municipality_ids(window.ctx):
            changes.add("updated", "municipality", municipality_id)
        window.bus.publish(changes)
    return wizard.saved
