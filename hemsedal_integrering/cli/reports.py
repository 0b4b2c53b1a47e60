"""The ``report`` subcommand: produce any report without the GUI.

    hemsedal-integrering report NAME --db FILE [--date D | --from Y --to Y]
                         [--municipality hemsedal|gol] [--months N]
                         --format json|xlsx|pdf [--out FILE]

JSON goes to standard output unless ``--out`` is given; xlsx and pdf need
``--out`` (or are written to NAME.xlsx / NAME.pdf in the current folder).
Runs as the system user: whoever can read the database file can read the
reports, exactly as with the other administrative commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import ValidationError
from ..i18n import _
from ..reports import REPORTS, run_report
from ..services.base import Errors, parse_date
from .common import CommandGroup, cli_login, db_path, open_context

group = CommandGroup()


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", choices=list(REPORTS), metavar=_("REPORT"),
                   help="; ".join(f"{k}: {v.title}" for k, v in REPORTS.items()))
    p.add_argument("--date", help=_("date of the report (dd.mm.yyyy or yyyy-mm-dd; default: today)"))
    p.add_argument("--from", dest="year_from", type=int, help=_("first year (reports over several years)"))
    p.add_argument("--to", dest="year_to", type=int, help=_("last year"))
    p.add_argument("--municipality", choices=["hemsedal", "gol"], help=_("only one municipality (default: both)"))
    p.add_argument("--months", type=int, help=_("KPI: minimum length of residence in months (default: 12)"))
    p.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json", help=_("output format"))
    p.add_argument("--out", help=_("file to write to"))
    p.add_argument("--intern", action="store_true",
                   help=_("xlsx/pdf: the internal report with lists of persons and exact small numbers, marked "
                          "exempt from public disclosure (default: the council version, aggregates only)"))
    p.add_argument("--user", help=_("log in as this user (required for an encrypted database; password from "
                                    "HEMSEDAL_PASSWORD or a prompt)"))


def _open(args: argparse.Namespace):
    """A context for the report and a function that closes it.

    An encrypted database needs a login (the key comes from the user's
    password), and a given ``--user`` always logs in, so the role rules apply;
    a plain file without ``--user`` is opened as the system (anyone who can
    read that file can read it with sqlite3 anyway).
    """
    from ..db import crypto
    from ..errors import PermissionDenied
    encrypted = crypto.is_encrypted_file(db_path(args))
    if args.user or encrypted:
        if not args.user:
            raise PermissionDenied(_("The database is encrypted. Log in with --user USERNAME."))
        session = cli_login(args, read_only=True)
        return session.ctx, session.close
    ctx = open_context(args)
    return ctx, ctx.db.close


@group.command("report", _("Make a report (KPI, settlement, housing, practice, grants) as JSON, Excel or PDF."),
               _configure)
def cmd_report(args: argparse.Namespace) -> int:
    spec = REPORTS[args.name]
    errors = Errors()
    day = parse_date(errors, "date", args.date)
    errors.raise_if_any()
    if spec.takes == "date" and (args.year_from is not None or args.year_to is not None):
        raise ValidationError({"": _("The report «{name}» is for one date: use --date, not --from/--to.").format(
            name=args.name)})
    if spec.takes == "span" and day is not None:
        raise ValidationError({"": _("The report «{name}» is for a period: use --from and --to, not --date.").format(
            name=args.name)})
    if args.year_from is not None and args.year_to is None:
        args.year_to = args.year_from if spec.takes == "span" else None
    ctx, close = _open(args)
    try:
        result = run_report(ctx, args.name, date=day, year_from=args.year_from, year_to=args.year_to,
                            municipality=args.municipality, min_months=args.months)
        if args.format == "json":
            text = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
            if args.out:
                from ..safe_files import write_output
                write_output(Path(args.out), (text + "\n").encode("utf-8"))
                print(_("Wrote {file}").format(file=args.out), file=sys.stderr)
            else:
                print(text)
            return 0
        out = Path(args.out or f"{args.name}.{args.format}")
        audience = "internal" if args.intern else "council"
        if args.format == "xlsx":
            from ..reports import excel
            excel.write(result, out, audience)
        else:
            from ..reports import pdf
            pdf.write(result, out, printed=ctx.today(), audience=audience)
        print(_("Wrote {file}").format(file=out))
        return 0
    finally:
        close()
