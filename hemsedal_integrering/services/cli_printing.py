"""Command line printing: batches of letters to one PDF file (``skriv-ut``).

Runs as the system (no logged-in user): the saksbehandler block shows the
service's own phone and e-mail. Every document written is recorded as printed.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from ..cli import command, open_context
from ..documents import render
from ..models import Household, Inspection, Person
from . import printing


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("hva", choices=["tilsynsvarsler", "velkomstbrev", "oversikt"],
                   help="tilsynsvarsler: alle planlagte tilsyn i perioden; velkomstbrev/oversikt: for --husstand")
    p.add_argument("--fra", help="første dato (tilsynsvarsler), f.eks. 01.12.2026")
    p.add_argument("--til", help="siste dato (tilsynsvarsler)")
    p.add_argument("--husstand", type=int, action="append", default=[], help="husstandens id (kan gjentas)")
    p.add_argument("--sprak", default="auto",
                   help="språk i tillegg til norsk: auto (deltakerens eget), nb (bare norsk) eller en kode (uk, en …)")
    p.add_argument("--ut", required=True, help="PDF-filen som skal skrives")


def _language(args: argparse.Namespace, person: Person | None) -> str:
    return printing.preferred_language(person) if args.sprak == "auto" else args.sprak


def _first_adult(household_id: int) -> Person | None:
    return Person.select().where((Person.household == household_id) & (Person.role == "adult")).first()


@command("skriv-ut", "Skriv ut brev i bunke til én PDF-fil (tilsynsvarsler, velkomstbrev, oversikt).", _configure)
def cmd_print(args: argparse.Namespace) -> int:
    from .base import Errors, parse_date
    ctx = open_context(args)
    try:
        builders = []
        if args.hva == "tilsynsvarsler":
            errors = Errors()
            first = parse_date(errors, "fra", args.fra, required=True, label="Fra-datoen")
            last = parse_date(errors, "til", args.til, required=True, label="Til-datoen")
            errors.raise_if_any()
            for iid in printing.inspections_planned_in(first, last):
                household_id = Inspection.get_by_id(iid).tenancy.household_id
                builders.append(partial(printing.inspection_notice, ctx, inspection_id=iid,
                                        language=_language(args, _first_adult(household_id))))
        else:
            for hid in args.husstand:
                Household.get_by_id(hid)
                if args.hva == "velkomstbrev":
                    builders.append(partial(printing.welcome_letter, ctx, household_id=hid,
                                            language=_language(args, _first_adult(hid))))
                else:
                    builders.append(partial(printing.household_summary, ctx, household_id=hid))
        docs, skipped = [], []
        from ..errors import ValidationError
        for build in builders:
            try:
                docs.append(build())
            except ValidationError as exc:
                skipped.append("; ".join(exc.errors.values()))
        for message in skipped:
            print(f"Hoppet over: {message}", file=sys.stderr)
        if not docs:
            print("Ingen dokumenter å skrive ut.", file=sys.stderr)
            return 1
        data = render(docs)
        Path(args.ut).write_bytes(data)
        printing.record_printed(ctx, documents=docs, output="pdf")
        print(f"Skrev {len(docs)} dokument(er) til {args.ut}")
        return 0
    finally:
        ctx.db.close()
