"""Command line printing: batches of letters to one PDF file (``skriv-ut``).

Logs in (``--user``; password from HEMSEDAL_PASSWORD or a prompt) like every
command that reads personal data: the role rules apply, the letters are
signed by that user, and every document written is recorded as printed by
them. The PDF is written whole or not at all (``safe_files.write_output``).
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from ..documents import render
from ..i18n import _, ngettext
from ..models import Household, Inspection, Person
from ..services import printing
from .common import CommandGroup, add_login, cli_login, record_id

group = CommandGroup()


def _configure(p: argparse.ArgumentParser) -> None:
    # The command, its choices and option names are the command line's interface (data), not texts.
    p.add_argument("hva", choices=["tilsynsvarsler", "velkomstbrev", "oversikt"],  # i18n: data
                   help=_("tilsynsvarsler: all planned inspections in the period; velkomstbrev/oversikt: "
                          "for --husstand"))
    p.add_argument("--fra", help=_("first date (tilsynsvarsler), e.g. 01.12.2026"))
    p.add_argument("--til", help=_("last date (tilsynsvarsler)"))
    p.add_argument("--husstand", type=record_id, action="append", default=[],
                   help=_("the household's id (can be repeated)"))
    p.add_argument("--sprak", default="auto",
                   help=_("language in addition to Norwegian: auto (the participant's own), nb (Norwegian only) or "
                          "a code (uk, en …)"))
    p.add_argument("--ut", required=True, help=_("the PDF file to write"))
    add_login(p)


def _language(args: argparse.Namespace, person: Person | None) -> str:
    return printing.preferred_language(person) if args.sprak == "auto" else args.sprak


def _first_adult(household_id: int) -> Person | None:
    return Person.select().where((Person.household == household_id) & (Person.role == "adult")).first()


@group.command("skriv-ut", _("Print letters in a batch to one PDF file (tilsynsvarsler, velkomstbrev, oversikt)."),
               _configure)
def cmd_print(args: argparse.Namespace) -> int:
    from ..safe_files import check_output_path, write_output
    from ..services.base import Errors, get_or_404, parse_date
    check_output_path(Path(args.ut))
    session = cli_login(args)
    ctx = session.ctx
    try:
        builders = []
        if args.hva == "tilsynsvarsler":
            errors = Errors()
            first = parse_date(errors, "fra", args.fra, required=True, label=_("The from date"))  # i18n: data
            last = parse_date(errors, "til", args.til, required=True, label=_("The to date"))  # i18n: data
            errors.raise_if_any()
            assert first is not None and last is not None  # required: raise_if_any has refused a missing date
            for iid in printing.inspections_planned_in(first, last):
                household_id = Inspection.get_by_id(iid).tenancy.household_id
                builders.append(partial(printing.inspection_notice, ctx, inspection_id=iid,
                                        language=_language(args, _first_adult(household_id))))
        else:
            for hid in args.husstand:
                get_or_404(Household, hid, _("the household"))
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
            print(_("Skipped: {message}").format(message=message), file=sys.stderr)
        if not docs:
            print(_("No documents to print."), file=sys.stderr)
            return 1
        data = render(docs)
        write_output(Path(args.ut), data)
        try:
            printing.record_printed(ctx, documents=docs, output="pdf")  # who printed what: or no PDF at all
        except BaseException:
            Path(args.ut).unlink(missing_ok=True)
            raise
        print(ngettext("Wrote {n} document to {path}", "Wrote {n} documents to {path}", len(docs))
              .format(n=len(docs), path=args.ut))
        return 0
    finally:
        session.close()
