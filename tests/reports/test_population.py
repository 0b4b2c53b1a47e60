"""Population on a date by hand."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.reports import population

from .households import adult, child, settle

D = dt.date(2026, 11, 23)


def test_population_breakdowns(ctx):
    # given: a Ukrainian family of three in Hemsedal (2024), an Eritrean in Gol settled today,
    # and a Syrian settled in 2019 (beyond year 5)
    settle(ctx, settled=dt.date(2024, 1, 10), legal_basis="collective",
           members=[adult("Olena", "1985-01-01"), child("Sofiia", "2022-01-01", "F"), child("Ivan", "2009-01-01")])
    settle(ctx, municipality="gol", settled=D, members=[adult("Yonas", "1990-01-01", "M", country="ER")])
    settle(ctx, settled=dt.date(2019, 5, 5), members=[adult("Omar", "1970-01-01", "M", country="SY")])
    # when
    rep = population.population(ctx, date=D)
    # then
    assert (rep.living, rep.followed, rep.households_followed) == (5, 4, 2)
    assert rep.by_country == [("Ukraina", 3), ("Eritrea", 1)]
    assert dict(rep.by_legal_basis) == {"Kollektiv beskyttelse": 3, "Asyl / flyktningstatus": 1}
    assert dict(rep.by_age) == {"0–5 år": 1, "16–17 år": 1, "30–44 år": 2}
    assert dict(rep.by_municipality) == {"Hemsedal": 3, "Gol": 1}
    assert dict(rep.by_year) == {"År 1": 1, "År 2": 0, "År 3": 3, "År 4": 0, "År 5": 0}
    assert population.population(ctx, date=D - dt.timedelta(days=1)).followed == 3
