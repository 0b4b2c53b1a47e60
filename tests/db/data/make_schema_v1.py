"""Builds tests/db/data/schema_v1.sqlite3 with the schema-1 program (run from main before schema 2)."""
import datetime as dt
import sys
from pathlib import Path
from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.services import housing, people
from hemsedal_integrering.services.setup import ensure_municipalities
out = Path(sys.argv[1])
out.unlink(missing_ok=True)
db = open_database(out)
ctx = Context(db=db, clock=fixed_clock(dt.date(2026, 11, 23)))
ensure_municipalities(ctx)
h1 = people.register_household(ctx, municipality="hemsedal", name="Familien Haddad", legal_basis="asylum",
    settlement_date="2024-03-01", contact_phone="41 23 45 67", address_note="Nøkkel hos vaktmester",
    members=[{"first_name": "Ali", "last_name": "Haddad", "role": "adult", "phone": "912 34 567"},
             {"first_name": "Sara", "last_name": "Haddad", "role": "adult"},
             {"first_name": "Noor", "last_name": "Haddad", "role": "child"}]).first_created("household")
h2 = people.register_household(ctx, municipality="gol", name="Familien Bondarenko", legal_basis="collective",
    settlement_date="2023-05-10",
    members=[{"first_name": "Olena", "last_name": "Bondarenko", "role": "adult"}]).first_created("household")
h3 = people.register_household(ctx, municipality="hemsedal", name="Familien Tesfay", legal_basis="family",
    settlement_date="2025-01-15",
    members=[{"first_name": "Selam", "last_name": "Tesfay", "role": "adult"},
             {"first_name": "Yonas", "last_name": "Tesfay", "role": "child"}]).first_created("household")
u1 = housing.create_unit(ctx, municipality="hemsedal", address="Trøimsvegen 99", place="Trøim",
                         ownership="municipal").first_created("housing_unit")
u2 = housing.create_unit(ctx, municipality="gol", address="Storegata 7", place="Gol",
                         ownership="municipal").first_created("housing_unit")
housing.move_in(ctx, household_id=h1, unit_id=u1, start_date="2024-03-01")
t = housing.move_in(ctx, household_id=h2, unit_id=u2, start_date="2023-05-10").first_created("tenancy")
housing.move_out(ctx, tenancy_id=t, end_date="2024-06-30")
db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
print(db.execute_sql("PRAGMA user_version").fetchone(), db.execute_sql("select count(*) from person").fetchone())
db.close()
