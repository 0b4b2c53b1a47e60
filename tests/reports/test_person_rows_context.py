"""``reports.common.person_rows`` reads the database of the context it is given (issue 18), not
whichever database the models happen to be bound to last."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.reports.common import person_rows
from hemsedal_integrering.services import people
from hemsedal_integrering.services.setup import ensure_municipalities


def test_person_rows_reads_the_given_context_not_the_last_opened_database(ctx, tmp_path):
    # given one settled household in the test database
    people.register_household(ctx, municipality="gol", name="Familien Tesfay", legal_basis="resettlement",
                              settlement_date=dt.date(2025, 3, 1), members=[
                                  dict(first_name="Abeba", last_name="Tesfay", role="adult",
                                       birth_date=dt.date(1992, 2, 2))])
    # and a second, empty database opened after it (opening binds the models to it)
    other = Context(db=open_database(tmp_path / "other.sqlite3"), clock=fixed_clock(dt.date(2026, 11, 23)))
    try:
        ensure_municipalities(other)
        # when the rows are read for each context
        # then each context answers from its own database
        assert [r.municipality for r in person_rows(ctx)] == ["gol"]
        assert person_rows(other) == []
    finally:
        other.db.close()
