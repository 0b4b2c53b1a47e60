"""The demo database's figures through the reports on PostgreSQL equal those on SQLite (issue 17).

The demo file is moved to a server database once per module (``transfer``); each report then runs on
both backends and its result must be the same.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.models import ALL_MODELS
from hemsedal_integrering.reports import arrivals, housing, kpi, population, run_report

from tests.conftest import _pg_with_db, pg_clone, pg_drop

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def both(demo_file, tmp_path_factory, pg_server, pg_demo_template):
    name = pg_clone(pg_server, pg_demo_template, "r_")  # the demo moved to the server (copy_database) once
    source = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copy(demo_file, source)
    lite = open_database(source)
    server = open_database(_pg_with_db(pg_server, name))
    yield {"sqlite": Context(db=lite, clock=fixed_clock(TODAY)),
           "postgresql": Context(db=server, clock=fixed_clock(TODAY))}
    lite.close()
    server.close()
    pg_drop(pg_server, name)


def _on(ctx: Context, fn):
    ctx.db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)  # the models follow the context's database
    return fn(ctx)


REPORTS = {
    "arrivals": lambda c: arrivals.arrivals_departures(c, year_from=2010, year_to=2024, municipality="hemsedal"),
    "housing": lambda c: housing.housing(c, date=dt.date(2025, 3, 15), municipality="hemsedal"),
    "kpi": lambda c: kpi.work_education_kpi(c, date=c.today(), municipality="hemsedal"),
    "population": lambda c: population.population(c, date=c.today()),
    **{f"run_report:{n}": (lambda c, n=n: run_report(c, n))
       for n in ("kpi", "arrivals", "population", "housing", "placements", "grants")},
}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_the_report_gives_the_same_figures_on_the_server(both, name):
    on_sqlite = _on(both["sqlite"], REPORTS[name])
    on_server = _on(both["postgresql"], REPORTS[name])
    assert on_server == on_sqlite


def test_the_seed_figures_hold_on_the_server(both):
    rep = _on(both["postgresql"], REPORTS["housing"])
    assert (rep.municipal_let, rep.municipal_total) == (6, 11) and rep.private_active_leases == 15
