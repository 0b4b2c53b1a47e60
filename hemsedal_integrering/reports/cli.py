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

from ..cli import command, open_context
from ..errors import ValidationError
from ..services.base import Errors, parse_date
from . import REPORTS, run_report


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", choices=list(REPORTS), metavar="RAPPORT",
                   help="; ".join(f"{k}: {v.title}" for k, v in REPORTS.items()))
    p.add_argument("--date", help="dato for rapporten (dd.mm.åååå eller åååå-mm-dd; standard: i dag)")
    p.add_argument("--from", dest="year_from", type=int, help="første år (rapporter over flere år)")
    p.add_argument("--to", dest="year_to", type=int, help="siste år")
    p.add_argument("--municipality", choices=["hemsedal", "gol"], help="bare én kommune (standard: begge)")
    p.add_argument("--months", type=int, help="KPI: minste botid i måneder (standard: 12)")
    p.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json", help="utdataformat")
    p.add_argument("--out", help="fil å skrive til")
    p.add_argument("--user", help="logg inn som denne brukeren (påkrevd for en kryptert database; passord fra "
                                  "HEMSEDAL_PASSWORD eller spørsmål)")


def _open(args: argparse.Namespace):
    """A context for the report and a function that closes it.

    An encrypted database needs a login (the key comes from the user's
    password), and a given ``--user`` always logs in, so the role rules apply;
    a plain file without ``--user`` is opened as the system (anyone who can
    read that file can read it with sqlite3 anyway).
    """
    from ..cli import db_path
    from ..db import crypto
    from ..errors import PermissionDenied
    encrypted = crypto.is_encrypted_file(db_path(args))
    if args.user or encrypted:
        if not args.user:
            raise PermissionDenied("Databasen er kryptert. Logg inn med --user BRUKERNAVN.")
        from ..services.cli_admin import cli_login
        session = cli_login(args, read_only=True)
        return session.ctx, session.close
    ctx = open_context(args)
    return ctx, ctx.db.close


@command("report", "Lag en rapport (KPI, bosetting, boliger, praksis, tilskudd) som JSON, Excel eller PDF.",
         _configure)
def cmd_report(args: argparse.Namespace) -> int:
    spec = REPORTS[args.name]
    errors = Errors()
    day = parse_date(errors, "date", args.date, label="Datoen")
    errors.raise_if_any()
    if spec.takes == "date" and (args.year_from is not None or args.year_to is not None):
        raise ValidationError({"": f"Rapporten «{args.name}» gjelder én dato: bruk --date, ikke --from/--to."})
    if spec.takes == "span" and day is not None:
        raise ValidationError({"": f"Rapporten «{args.name}» gjelder en periode: bruk --from og --to, ikke --date."})
    if args.year_from is not None and args.year_to is None:
        args.year_to = args.year_from if spec.takes == "span" else None
    ctx, close = _open(args)
    try:
        result = run_report(ctx, args.name, date=day, year_from=args.year_from, year_to=args.year_to,
                            municipality=args.municipality, min_months=args.months)
        if args.format == "json":
            text = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
            if args.out:
                Path(args.out).write_text(text + "\n", encoding="utf-8")
                print(f"Skrev {args.out}", file=sys.stderr)
            else:
                print(text)
            return 0
        out = Path(args.out or f"{args.name}.{args.format}")
        if args.format == "xlsx":
            from . import excel
            excel.write(result, out)
        else:
            from . import pdf
            pdf.write(result, out, printed=ctx.today())
        print(f"Skrev {out}")
        return 0
    finally:
        close()
