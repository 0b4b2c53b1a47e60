"""The demo data set reproduces the action plan's figures (DOMAIN.md), checked with plain SQL."""

import datetime as dt
import sqlite3

import pytest

SETTLED = "coalesce(p.arrival_date, h.settlement_date)"
HEMSEDAL_REFUGEES = (
    "FROM person p JOIN household h ON h.id = p.household_id JOIN municipality m ON m.id = h.municipality_id "
    "WHERE m.code = 'hemsedal' AND NOT p.born_in_norway"
)


@pytest.fixture(scope="module")
def con(demo_file):
    connection = sqlite3.connect(demo_file)
    yield connection
    connection.close()


def scalar(con, sql, *args):
    return con.execute(sql, args).fetchone()[0]


def test_178_settled_2010_to_2024(con):
    sql = f"SELECT count(*) {HEMSEDAL_REFUGEES} AND {SETTLED} BETWEEN '2010-01-01' AND '2024-12-31'"
    assert scalar(con, sql) == 178


def test_74_settled_2022_to_2024_of_whom_20_moved(con):
    row = con.execute(f"SELECT count(*), sum(p.moved_out_date < '2025-01-01') {HEMSEDAL_REFUGEES} "
                      f"AND {SETTLED} BETWEEN '2022-01-01' AND '2024-12-31'").fetchone()
    assert row == (74, 20)


def test_77_refugees_living_in_hemsedal_on_1_january_2025(con):
    assert scalar(con, f"SELECT count(*) {HEMSEDAL_REFUGEES} AND {SETTLED} <= '2025-01-01' "
                       "AND (p.moved_out_date IS NULL OR p.moved_out_date >= '2025-01-01')") == 77


def test_origins_led_by_ukraine_dr_congo_eritrea_syria(con):
    rows = con.execute(f"SELECT p.country, count(*) {HEMSEDAL_REFUGEES} AND {SETTLED} <= '2024-12-31' "
                       "GROUP BY 1 ORDER BY 2 DESC").fetchall()
    assert [c for c, _ in rows[:4]] == ["UA", "CD", "ER", "SY"]
    assert len({n for _, n in rows[:4]}) == 4  # no ties


def test_6_of_11_municipal_units_let_in_march_2025_and_15_private_leases(con):
    units = scalar(con, "SELECT count(*) FROM housing_unit u JOIN municipality m ON m.id = u.municipality_id "
                        "WHERE m.code = 'hemsedal' AND u.ownership = 'municipal'")
    let = scalar(con, "SELECT count(DISTINCT t.unit_id) FROM tenancy t JOIN housing_unit u ON u.id = t.unit_id "
                      "JOIN municipality m ON m.id = u.municipality_id WHERE m.code = 'hemsedal' "
                      "AND u.ownership = 'municipal' AND t.start_date <= '2025-03-15' "
                      "AND (t.end_date IS NULL OR t.end_date >= '2025-03-15')")
    assert (let, units) == (6, 11)
    assert scalar(con, "SELECT count(*) FROM lease WHERE start_date <= '2025-03-15' AND "
                       "(end_date IS NULL OR end_date >= '2025-03-15')") == 15
    assert scalar(con, "SELECT count(DISTINCT landlord_id) FROM lease") == 15


def test_households_have_children_and_plausible_ages(con):
    children = scalar(con, "SELECT count(*) FROM person WHERE role = 'child'")
    adults = scalar(con, "SELECT count(*) FROM person WHERE role = 'adult'")
    assert children > 50 and adults > 80
    oldest = scalar(con, "SELECT min(birth_date) FROM person")
    assert oldest > "1950-01-01"


def test_placements_in_municipal_departments_and_businesses(con):
    rows = dict(con.execute("SELECT w.is_municipal, count(*) FROM placement pl JOIN workplace w "
                            "ON w.id = pl.workplace_id GROUP BY 1").fetchall())
    assert rows.get(1, 0) > 5 and rows.get(0, 0) > 5


@pytest.mark.slow
def test_demo_is_deterministic(tmp_path, request, monkeypatch):
    from hemsedal_integrering.context import Context, fixed_clock
    from hemsedal_integrering.db import open_database
    from hemsedal_integrering.demo import fill_demo_data
    from tests.privacy_helpers import fast_kdf
    fast_kdf(monkeypatch)  # as demo_file was built: cheap argon2 for the demo users
    db = open_database(tmp_path / "again.sqlite3")
    fill_demo_data(Context(db=db, clock=fixed_clock(dt.date(2026, 11, 23))))
    names_again = [r[0] for r in db.execute_sql("SELECT first_name || last_name || coalesce(national_id, duf_number)"
                                                " FROM person ORDER BY id").fetchall()]
    db.close()
    # the run's demo asked for only now: built meanwhile by the other worker, not waited for before this build
    con = sqlite3.connect(request.getfixturevalue("demo_file"))
    names = [r[0] for r in con.execute("SELECT first_name || last_name || coalesce(national_id, duf_number) "
                                       "FROM person ORDER BY id").fetchall()]
    con.close()
    assert names == names_again


def test_demo_refuses_a_database_with_data(demo_ctx):
    from hemsedal_integrering.demo import fill_demo_data
    from hemsedal_integrering.errors import ValidationError
    with pytest.raises(ValidationError):
        fill_demo_data(demo_ctx)
