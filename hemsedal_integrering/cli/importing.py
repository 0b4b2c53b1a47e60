"""Command line: import a spreadsheet (the same import as the GUI's wizard).

    hemsedal-integrering import FILE --kind households [--sheet NAME] [--mode all|each]
        [--done-before DATE | --no-back-registration] [--default FIELD=VALUE ...]
        [--column "Kolonne=felt" ...] [--dry-run] --user NAME

Logs in like every command that touches personal data. Without ``--column``
the columns are mapped as the GUI would guess them (the office's remembered
choices first). Prints every rejected row with its reason and the totals.
Exit code 0 when the import was saved (or a dry run found nothing to
reject), 1 when nothing was saved because rows were rejected.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ValidationError
from ..i18n import _, ngettext
from ..services import importing
from ..services.importing.values import fold
from .common import CommandGroup, add_login, cli_login

group = CommandGroup()

STATUS_TEXT = {
    importing.NEW: _("new"), importing.ADDED: _("added"), importing.DUPLICATE: _("already registered"),
    importing.REJECTED: _("rejected"), importing.NOT_SAVED: _("not saved"),
}


def _configure(p: argparse.ArgumentParser) -> None:
    add_login(p)
    p.add_argument("file", help=_("the .xlsx or .csv file"))
    p.add_argument("--kind", required=True, choices=list(importing.KINDS),
                   help=_("what the sheet holds: households (persons), units, leases or placements"))
    p.add_argument("--sheet", help=_("the sheet to read (default: the first)"))
    p.add_argument("--mode", choices=list(importing.MODES), default="all",
                   help=_("all: nothing is saved if a row is rejected; each: every household (row) on its own"))
    p.add_argument("--done-before", default=None,
                   help=_("households: tasks due before this date are marked done (default: today)"))
    p.add_argument("--no-back-registration", action="store_true",
                   help=_("households: leave every task open"))
    p.add_argument("--default", action="append", default=[], metavar=_("FIELD=VALUE"),
                   help=_("a value for rows that leave the field blank, e.g. municipality=hemsedal"))
    p.add_argument("--column", action="append", default=[], metavar=_("COLUMN=FIELD"),
                   help=_("map a column to a field (field names: see --list-fields); FIELD empty = skip it"))
    p.add_argument("--list-fields", action="store_true", help=_("show the fields of the kind and stop"))
    p.add_argument("--dry-run", action="store_true", help=_("only check the rows; save nothing"))


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValidationError({what: _("Write {what} as NAME=VALUE (got «{item}»).").format(what=what, item=item)})
        out[key.strip()] = value.strip()
    return out


def _mapping(kind: str, headers: list[str], given: dict[str, str]) -> dict[int, str]:
    mapping = importing.guess_mapping(kind, headers)
    specs = importing.field_specs(kind)
    by_header = {fold(h): i for i, h in enumerate(headers)}
    for column, field_name in given.items():
        index = by_header.get(fold(column))
        if index is None:
            raise ValidationError({"column": _("The sheet has no column «{column}». Columns: {columns}.").format(
                column=column, columns=", ".join(headers))})
        if field_name and field_name not in specs:
            raise ValidationError({"column": _("Unknown field «{field}». Fields: {fields}.").format(
                field=field_name, fields=", ".join(specs))})
        mapping = {i: f for i, f in mapping.items() if f != field_name and i != index}
        if field_name:
            mapping[index] = field_name
    return mapping


@group.command("import", _("Import households, housing units, leases or placements from a spreadsheet."), _configure)
def cmd_import(args: argparse.Namespace) -> int:
    if args.list_fields:
        for spec in importing.KINDS[args.kind]:
            print(f"{spec.name:<24} {spec.label}")
        return 0
    path = Path(args.file)
    session = cli_login(args)
    try:
        ctx = session.ctx
        sheets = importing.sheet_names(path)
        sheet = args.sheet or sheets[0]
        table = importing.read_table(path, None if importing.readers.is_csv(path) else sheet,
                                     score=importing.header_score(args.kind))
        mapping = _mapping(args.kind, table.headers, _pairs(args.column, "--column"))
        print(_("Sheet «{sheet}», header in row {row}. Columns:").format(sheet=sheet, row=table.header_row))
        specs = importing.field_specs(args.kind)
        for i, header in enumerate(table.headers):
            target = specs[mapping[i]].label if i in mapping else _("(not imported)")
            print(f"  {header} → {target}")
        done_before = None if args.no_back_registration else (args.done_before or ctx.today())
        options = importing.ImportOptions(kind=args.kind, mode=args.mode, done_before=done_before,
                                          defaults=_pairs(args.default, "--default"))
        total = len(table.rows)

        def progress(done: int, all_rows: int) -> None:
            if sys.stderr.isatty() and (done == all_rows or done % 100 == 0):
                print(_("  {done} of {total} rows …").format(done=done, total=all_rows), file=sys.stderr, end="\r")

        result = importing.run_import(ctx, table=table, mapping=mapping, options=options, dry_run=args.dry_run,
                                      progress=progress)
        for outcome in result.outcomes:
            if outcome.status in (importing.REJECTED, importing.NOT_SAVED):
                print(_("Row {row} ({label}): {status}: {message}").format(
                    row=outcome.number, label=outcome.label, status=STATUS_TEXT[outcome.status],
                    message=outcome.message))
        counts = result.counts
        print(ngettext("{rows} row: {new} new, {added} added to registered households, {duplicate} already "
                       "registered, {rejected} rejected.",
                       "{rows} rows: {new} new, {added} added to registered households, {duplicate} already "
                       "registered, {rejected} rejected.", total).format(
            rows=total, new=counts["new"], added=counts["added"], duplicate=counts["duplicate"],
            rejected=counts["rejected"]))
        if args.dry_run:
            print(_("Dry run: nothing was saved."))
            return 1 if counts["rejected"] else 0
        if result.saved:
            print(_("Saved."))
            return 0
        print(_("Nothing was saved: the import is all or nothing, and rows were rejected. Correct them, or use "
                "--mode each."))
        return 1
    finally:
        session.close()
