"""Housing report by hand: units let, leases, vacancies, rent per month."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import Person
from hemsedal_integrering.reports import housing as report
from hemsedal_integrering.services import housing

from .households import adult, settle

D = dt.date(2025, 3, 15)


def _unit(ctx, address, ownership="municipal", municipality="hemsedal"):
    return housing.create_unit(ctx, municipality=municipality, address=address,
                               ownership=ownership).first_created("housing_unit")


def _household(ctx, settled, municipality="hemsedal"):
    [pid] = settle(ctx, municipality=municipality, settled=settled, members=[adult("A", "1980-01-01")])
    return Person.get_by_id(pid).household_id


def test_housing_on_a_date(ctx):
    # given: three municipal units in Hemsedal (two let on D), one in Gol (let), two private leased units
    m1, m2, m3 = (_unit(ctx, f"Kommunal {i}") for i in (1, 2, 3))
    g1 = _unit(ctx, "Gol 1", municipality="gol")
    p1, p2 = _unit(ctx, "Privat 1", "private"), _unit(ctx, "Privat 2", "private")
    ll = housing.create_landlord(ctx, name="Kari Lien").first_created("landlord")
    housing.create_lease(ctx, unit_id=p1, landlord_id=ll, monthly_rent=10000, start_date="2024-01-01")
    housing.create_lease(ctx, unit_id=p2, landlord_id=ll, monthly_rent=8000, start_date="2024-06-01",
                         end_date="2025-05-31")
    h1, h2, h3 = (_household(ctx, dt.date(2024, 5, 1)) for _ in range(3))
    hg = _household(ctx, dt.date(2024, 5, 1), "gol")
    housing.move_in(ctx, household_id=h1, unit_id=m1, start_date="2024-05-01", monthly_rent=6000)
    housing.move_in(ctx, household_id=h2, unit_id=m2, start_date="2024-05-01", end_date="2025-03-15")
    housing.move_in(ctx, household_id=h3, unit_id=p1, start_date="2024-05-01")
    housing.move_in(ctx, household_id=hg, unit_id=g1, start_date="2024-05-01")
    # when
    rep = report.housing(ctx, date=D, municipality="hemsedal")
    # then: m2's tenancy ends on D (inclusive) so it is still let; m3 and p2 are vacant
    assert (rep.municipal_let, rep.municipal_total) == (2, 3)
    assert report.occupancy_count(D, "municipal", "hemsedal") == (2, 3)
    assert report.occupancy_count(D, "municipal") == (3, 4)
    assert report.occupancy_count(D + dt.timedelta(days=1), "municipal", "hemsedal") == (1, 3)
    assert rep.private_active_leases == 2 and rep.private_let == 1
    assert sorted(a for a, _ in rep.vacant) == ["Kommunal 3", "Privat 2"]
    assert [(r.address, r.ends) for r in rep.ending_soon] == [("Privat 2", dt.date(2025, 5, 31))]
    rent = {first.month: (paid, received) for first, paid, received in rep.rent_by_month}
    assert rent[1] == (18000, 6000) and rent[6] == (10000, 6000)
