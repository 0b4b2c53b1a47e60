"""Backup, restore and the integrity check."""

import pytest

from hemsedal_integrering.db import backup, open_database
from hemsedal_integrering.errors import DatabaseError
from hemsedal_integrering.models import Household


def test_backup_and_restore_round_trip(ctx, db_path, make_household_plain):
    make_household_plain("Familien Før")
    copy = backup.backup_to(db_path, db_path.parent / "kopi.sqlite3")
    make_household_plain("Familien Etter")
    ctx.db.close()
    backup.restore_from(copy, db_path)
    db = open_database(db_path)
    assert [h.name for h in Household.select()] == ["Familien Før"]
    db.close()
    assert (db_path.parent / (db_path.name + ".before-restore")).exists()


def test_integrity_check_finds_a_damaged_file(tmp_path, ctx, db_path):
    ctx.db.close()
    assert backup.check_file(db_path).ok
    damaged = tmp_path / "skadet.sqlite3"
    data = bytearray(db_path.read_bytes())
    data[100:4000] = b"\xff" * 3900
    damaged.write_bytes(bytes(data))
    assert not backup.check_file(damaged).ok
    with pytest.raises(DatabaseError):
        backup.restore_from(damaged, db_path)


@pytest.fixture
def make_household_plain(ctx):
    from hemsedal_integrering.services import people

    def make(name):
        people.register_household(ctx, municipality="gol", name=name, legal_basis="asylum",
                                  members=[dict(first_name="A", last_name="B")])
    return make


def test_checking_a_backup_in_an_awkward_folder_name_reads_it_and_writes_nothing(ctx, db_path, make_household_plain):
    # given a backup in a folder whose name has a space, '#', '?', '%' and Norwegian letters
    from hemsedal_integrering.db import rotation
    make_household_plain("Familien Sær")
    folder = db_path.parent / "kopi #1 ? 100% ærlig"
    copy = backup.backup_to(db_path, folder / "db-manuell-20261101-080000.sqlite3")
    before = sorted(p.name for p in folder.iterdir())
    # when it is checked and described (read-only, immutable)
    assert backup.check_file(copy, immutable=True).ok
    summary = rotation.describe(copy)
    # then the counts are read and no -wal/-shm or other file appeared beside it
    assert summary.ok and summary.counts["household"] == 1
    assert sorted(p.name for p in folder.iterdir()) == before
