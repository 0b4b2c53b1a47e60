"""The printing tests' small printable world (the ``world`` fixture in tests/conftest.py builds it):
one Ukrainian household in a municipal flat in Gol, an Arabic-speaking person, a placement, a planned inspection and
checklist points; and helpers that read a PDF's text."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from pypdf import PdfReader

from hemsedal_integrering.models import ChecklistTemplateItem, Inspection, User
from hemsedal_integrering.services import accounts, housing, people, placements


@dataclass
class World:
    ctx: object
    household_id: int
    person_id: int
    arabic_person_id: int
    placement_id: int
    tenancy_id: int
    inspection_id: int


def pdf_text(data: bytes) -> str:
    """All text of a PDF (pypdf), pages joined."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def make_world(ctx) -> World:
    accounts.create_user(ctx, username="kari", full_name="Kari Ødegård", role="officer", password="et-langt-passord-1",
                         phone="32 02 91 17", email="kari.odegard@gol.kommune.no")
    officer = User.get(User.username == "kari")
    ch = people.register_household(
        ctx, municipality="gol", name="Familien Kovalenko", legal_basis="collective",
        settlement_date="2025-03-10", case_reference="2025/1234",
        members=[dict(first_name="Olena", last_name="Kovalenko", role="adult", birth_date="1988-04-02",
                      national_id="", country="UA", languages="uk,ru", interpreter_language="uk"),
                 dict(first_name="Maksym", last_name="Kovalenko", role="child", birth_date="2016-09-01",
                      country="UA", languages="uk")])
    hid = ch.first_created("household")
    person_id = min(ch.created["person"])
    ch2 = people.register_household(
        ctx, municipality="hemsedal", name="Familien Haddad", legal_basis="resettlement",
        settlement_date="2024-08-15", case_reference="2024/77",
        address_note="Storeøyni 12, 3560 Hemsedal",
        members=[dict(first_name="Samir", last_name="Haddad", role="adult", birth_date="1980-01-20",
                      country="SY", languages="ar", interpreter_language="ar")])
    unit = housing.create_unit(ctx, municipality="gol", address="Øvre Heradsveg 5", postal_code="3550",
                               place="Gol", ownership="municipal").first_created("housing_unit")
    tenancy = housing.move_in(ctx, household_id=hid, unit_id=unit, start_date="2025-03-10",
                              monthly_rent=7500).first_created("tenancy")
    wp = placements.create_workplace(ctx, employer="Gol kommune", department="Gol sjukeheim",
                                     is_municipal=True, municipality="gol", sector="health_care",
                                     address="Sentrumsvegen 2, 3550 Gol", contact_name="Åse Bråten",
                                     contact_phone="32 02 90 00").first_created("workplace")
    placement = placements.start_placement(ctx, person_id=person_id, workplace_id=wp, type="language",
                                           start_date="2026-12-01", end_date="2027-05-31", hours_per_week=20,
                                           supervisor_name="Åse Bråten",
                                           supervisor_phone="32 02 90 05").first_created("placement")
    for i, (key, cat, text, years, season) in enumerate([
            ("rent", "Husleie og økonomi", "Husleien betales til rett tid", "1,2,3,4,5", "all"),
            ("smoke", "Brannsikkerhet", "Røykvarsleren er testet denne måneden", "1,2,3,4,5", "all"),
            ("ash", "Brannsikkerhet", "Aske oppbevares i bøtte med lokk, utendørs", "1,2", "winter"),
            ("lawn", "Uteområde", "Plenklipping som avtalt", "1,2,3,4,5", "summer"),
            ("startlan", "Veien videre", "Planer om egen bolig (startlån)", "3,4,5", "all")]):
        ChecklistTemplateItem.create(key=key, category=cat, text=text, years=years, season=season, sort_order=i)
    inspection = Inspection.create(tenancy=tenancy, planned_at=dt.datetime(2026, 12, 8, 13, 30),
                                   follow_up_year=2, season="winter")
    return World(ctx=ctx.as_user(officer), household_id=hid, person_id=person_id,
                 arabic_person_id=ch2.first_created("person"), placement_id=placement, tenancy_id=tenancy,
                 inspection_id=inspection.id)
