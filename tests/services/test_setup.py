"""The first-run setup: letterheads, welcome-letter contacts, backup folder and first users, all or nothing."""

from __future__ import annotations

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import Municipality, Setting, User
from hemsedal_integrering.services import accounts, printing, setup
from hemsedal_integrering.services.setup import SetupInput

PASSWORD = "et-langt-passord"
ORG_NR = "964949204"  # a number with a valid check digit (python-stdnum's example), not a real municipality's
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def admin(ctx):
    accounts.create_user(ctx, username="sjef", full_name="Sjef", role="admin,officer", password=PASSWORD)
    return ctx.as_user(User.get(User.username == "sjef"))


@pytest.mark.sqlite_only("the logo folder beside the file (server: tests/server)")
def test_setup_saves_letterhead_logo_contacts_backup_and_users(admin, tmp_path):
    logo = tmp_path / "hemsedal-logo.png"
    logo.write_bytes(PNG)
    data = SetupInput(
        municipalities={"hemsedal": {"org_nr": ORG_NR, "phone": "32 05 50 00", "service_name": "Flyktningtjenesten"}},
        logos={"hemsedal": str(logo)},
        contacts={"gol": [{"role": "Helsestasjon", "name": "Gol helsestasjon", "phone": "32 02 91 00"},
                          {"role": "", "name": "", "phone": ""}]},  # a blank row is dropped
        backup_folder=str(tmp_path / "kopier"),
        users=[{"username": "Rita", "full_name": "Rita Rådgiver", "role": ["officer", "housing"],
                "password": PASSWORD}])
    setup.apply_setup(admin, data)

    hemsedal = Municipality.get(Municipality.code == "hemsedal")
    assert hemsedal.org_nr == "964 949 204" and hemsedal.service_name == "Flyktningtjenesten"
    copy = setup.logo_target(admin.db.database, "hemsedal", ".png")
    assert copy.read_bytes() == PNG and copy.parent.parent == tmp_path
    assert printing._logo(hemsedal) == str(copy)  # the letters use it
    assert setup.letter_contacts("gol") == [{"role": "Helsestasjon", "name": "Gol helsestasjon", "address": "",
                                             "phone": "32 02 91 00", "email": ""}]
    lines = printing.key_contacts(admin, Municipality.get(Municipality.code == "gol"))
    assert (lines[1].role, lines[1].name) == ("Helsestasjon", "Gol helsestasjon")
    assert Setting.get(Setting.key == "backup_folder").value == str(tmp_path / "kopier")
    rita = User.get(User.username == "rita")
    assert rita.roles == ("officer", "housing") and rita.must_change_password
    assert setup.setup_done()


def test_bad_input_is_named_per_field_and_nothing_is_saved(admin, tmp_path, snapshot):
    fake = tmp_path / "logo.png"
    fake.write_text("ikke et bilde")
    before = snapshot()
    data = SetupInput(
        municipalities={"gol": {"org_nr": "123456789", "email": "post.gol.kommune.no", "name": " "}},
        logos={"hemsedal": str(fake)},
        contacts={"hemsedal": [{"role": "Skole", "name": "", "phone": "1"}]},
        users=[{"username": "ola", "full_name": "Ola", "role": [], "password": "kort"},
               {"username": "OLA", "full_name": "Ola 2", "role": "officer", "password": PASSWORD}])
    with pytest.raises(ValidationError) as err:
        setup.apply_setup(admin, data)
    errors = err.value.errors
    assert "kontrollsiffer" in errors["gol.org_nr"]
    assert "e-postadresse" in errors["gol.email"]
    assert "gol.name" in errors
    assert "PNG" in errors["hemsedal.logo"]
    assert "contacts.hemsedal.0.name" in errors
    assert {"users.0.role", "users.0.password", "users.1.username"} <= set(errors)
    assert snapshot() == before
    assert not (tmp_path / setup.LOGO_FOLDER).exists()


def test_only_an_administrator_runs_the_setup(ctx, admin):
    accounts.create_user(ctx, username="bolig", full_name="Bo", role="housing", password=PASSWORD)
    with pytest.raises(PermissionDenied):
        setup.apply_setup(ctx.as_user(User.get(User.username == "bolig")), SetupInput(backup_folder="x"))


def test_contacts_default_to_the_shipped_file_until_saved(ctx):
    rows = setup.letter_contacts("hemsedal")
    assert rows[0]["role"] == "Fastlege / legekontor" and set(rows[0]) == set(setup.CONTACT_FIELDS)


def test_backup_folder_on_the_same_disk_is_warned_about(tmp_path):
    db = tmp_path / "data" / "integrering.sqlite3"
    advice = setup.backup_advice(db, str(tmp_path / "kopier"))
    assert advice.same_disk and "samme disk" in advice.warnings[0]
    assert setup.backup_advice(db, r"\\server\share\integrering").network
    assert not setup.backup_advice(db, r"\\server\share\integrering").warnings
