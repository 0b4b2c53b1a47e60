"""The setup wizard, driven as an administrator would: messages beside the fields, saved only at "Fullfør"."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWizard

from hemsedal_integrering.models import Municipality, Setting, User
from hemsedal_integrering.services import accounts, setup
from hemsedal_integrering.ui.setup_wizard import SetupWizard

PASSWORD = "et-langt-passord"


def _admin(ctx):
    accounts.create_user(ctx, username="sjef", full_name="Sjef", role="admin,officer", password=PASSWORD)
    return ctx.as_user(User.get(User.username == "sjef"))


def _next(wizard: SetupWizard) -> int:
    before = wizard.currentId()
    wizard.next()
    return wizard.currentId() - before  # 1 when the page let the user on, 0 when it held them back


def test_wizard_checks_each_page_and_saves_everything_at_finish(qtbot, ctx, tmp_path):
    admin = _admin(ctx)
    wizard = SetupWizard(admin)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Neste >"
    assert _next(wizard) == 1  # intro

    hemsedal = wizard.municipality_pages[0]
    assert hemsedal.code == "hemsedal" and hemsedal.fields["name"].text() == "Hemsedal kommune"
    hemsedal.fields["org_nr"].setText("123 456 789")
    assert _next(wizard) == 0
    assert "kontrollsiffer" in hemsedal.errors["org_nr"].text() and hemsedal.errors["org_nr"].isVisible()
    hemsedal.fields["org_nr"].setText("964 949 204")
    assert _next(wizard) == 1
    assert not hemsedal.errors["org_nr"].isVisible()
    assert Municipality.get(Municipality.code == "hemsedal").org_nr == ""  # nothing saved before "Fullfør"
    assert _next(wizard) == 1  # Gol unchanged

    contacts = wizard.contacts
    gol = contacts.tables["gol"]
    contacts._add(gol, {"role": "Helsestasjon"})
    assert _next(wizard) == 0
    assert "Gol, rad 5" in contacts.error.text()
    gol.item(gol.rowCount() - 1, 1).setText("Gol helsestasjon")
    assert _next(wizard) == 1

    backup = wizard.backup
    backup.folder.setText(str(tmp_path / "kopier"))
    assert "samme disk" in backup.advice.text()
    backup.folder.setText(r"\\server\share\integrering")
    assert "Bra:" in backup.advice.text()
    assert _next(wizard) == 1

    users = wizard.users
    row = users.add_row()
    users.set_row(row, full_name="Rita Rådgiver", username="rita", roles=["officer", "admin"], password="kort")
    wizard.accept()
    assert not wizard.saved and "Rad 1" in users.error.text() and "minst 10 tegn" in users.error.text()
    users.set_row(row, full_name="Rita Rådgiver", username="rita", roles=["officer", "admin"], password=PASSWORD)
    wizard.accept()
    assert wizard.saved

    assert Municipality.get(Municipality.code == "hemsedal").org_nr == "964 949 204"
    assert setup.letter_contacts("gol")[-1]["name"] == "Gol helsestasjon"
    assert setup.letter_contacts("hemsedal")[0]["role"] == "Fastlege / legekontor"  # untouched: still the file
    assert Setting.get_or_none(Setting.key == "letters.contacts.hemsedal") is None
    assert Setting.get(Setting.key == "backup_folder").value == r"\\server\share\integrering"
    rita = User.get(User.username == "rita")
    assert rita.roles == ("officer", "admin") and rita.must_change_password


def test_cancelling_after_typing_asks_first(qtbot, ctx, monkeypatch):
    wizard = SetupWizard(_admin(ctx))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.municipality_pages[0].fields["phone"].setText("32 05 50 10")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    wizard.reject()
    assert asked and wizard.isVisible()  # the typed phone number is not lost
    assert wizard.municipality_pages[0].fields["phone"].text() == "32 05 50 10"
