"""Command-line administration: users, encryption, retention, access requests, audit log.

Every command here logs in first (``--user NAME``; the password comes from
the ``HEMSEDAL_PASSWORD`` environment variable or is asked for without
echo), so the command line obeys exactly the same roles as the GUI.

    hemsedal-integrering user list|add|passwd|deactivate ...  --user ADMIN
    hemsedal-integrering person ID                             --user NAME
    hemsedal-integrering anonymise (--preview | --apply) [--household ID ...] --user ADMIN
    hemsedal-integrering export-person ID [--out FILE]         --user NAME
    hemsedal-integrering audit [--since D] [--user-filter U] [--export FILE] --user ADMIN
    hemsedal-integrering backup-info FILE                      --user NAME
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import DatabaseError, ValidationError
from ..i18n import _, ngettext
from .common import CommandGroup, add_login, bounded_int, cli_login, password, record_id

group = CommandGroup()


# ----- users -----

def _configure_user(p: argparse.ArgumentParser) -> None:
    add_login(p)
    p.add_argument("action", choices=["list", "add", "passwd", "deactivate"])
    p.add_argument("username", nargs="?", help=_("the user concerned (add/passwd/deactivate)"))
    p.add_argument("--name", help=_("full name (add)"))
    # no argparse choices: several roles are allowed ("admin,officer"); the service checks each code
    p.add_argument("--role", help=_("role (add): officer, housing or admin; several separated by commas"))
    p.add_argument("--new-password-env", default="HEMSEDAL_NEW_PASSWORD",
                   help=_("environment variable with the new password (otherwise a prompt)"))


@group.command("user", _("Users: list, add, passwd, deactivate (administrator)."), _configure_user)
def cmd_user(args: argparse.Namespace) -> int:
    from ..models import User
    from ..services import accounts
    from ..services.access import require
    session = cli_login(args)
    try:
        ctx = session.ctx
        if args.action == "list":
            require(ctx, "admin.users")
            for u in User.select().order_by(User.username):
                state = _("active") if u.active else _("deactivated")
                print(f"{u.username:<20} {u.role:<8} {state:<10} {u.full_name}")
            return 0
        if not args.username:
            raise ValidationError({"username": _("Give the user name.")})
        if args.action == "add":
            pw = password(_("Password for the new user: "), env=args.new_password_env)
            accounts.create_user(ctx, username=args.username, full_name=args.name or "", role=args.role or "",
                                 password=pw)
            print(_("Created the user {username}.").format(username=args.username.lower()))
            return 0
        target = User.get_or_none(User.username == args.username.lower())
        if target is None:
            raise ValidationError({"username": _("No user «{username}» was found.").format(username=args.username)})
        if args.action == "passwd":
            pw = password(_("New password: "), env=args.new_password_env)
            accounts.set_password(ctx, user_id=target.id, password=pw)
            print(_("New password set for {username}.").format(username=target.username))
        else:
            accounts.update_user(ctx, user_id=target.id, active=False)
            print(_("{username} is deactivated.").format(username=target.username))
        return 0
    finally:
        session.close()


# ----- person record (role-filtered) -----

def _configure_person(p: argparse.ArgumentParser) -> None:
    add_login(p)
    p.add_argument("person_id", type=record_id)


@group.command("person", _("Show a person's data as your role may see it (the reading is logged)."), _configure_person)
def cmd_person(args: argparse.Namespace) -> int:
    from ..services.records import read_person_record
    session = cli_login(args)
    try:
        r = read_person_record(session.ctx, person_id=args.person_id)
        print(_("{name} (id {id}), household: {household}").format(name=r.full_name, id=r.id,
                                                                    household=r.household_name))
        print(_("Phone: {phone}  Email: {email}").format(phone=r.phone or "–", email=r.email or "–"))
        if r.restricted:
            print(_("(Health, case and identity data are not shown for your role.)"))
            return 0
        print(_("Date of birth: {birth_date}  National identity number/D number: {national_id}  DUF: {duf}").format(
            birth_date=r.birth_date or "–", national_id=r.national_id or "–", duf=r.duf_number or "–"))
        print(_("Country: {country}  Basis: {legal_basis}").format(country=r.country or "–",
                                                                  legal_basis=r.legal_basis or "–"))
        print(_("Health note: {note}").format(note=r.health_note or "–"))
        print(_("Case note: {note}").format(note=r.case_note or "–"))
        for s in r.statuses:
            print("  " + _("Status {status}: {start} – {end}").format(status=s.status, start=s.start_date,
                                                                      end=s.end_date or ""))
        return 0
    finally:
        session.close()


# ----- retention -----

def _configure_anonymise(p: argparse.ArgumentParser) -> None:
    add_login(p)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--preview", action="store_true", help=_("show who is due and what will be removed"))
    mode.add_argument("--apply", action="store_true", help=_("anonymise (requires --household or --all-due)"))
    p.add_argument("--household", type=record_id, action="append", default=[], help=_("household id (can be repeated)"))
    p.add_argument("--all-due", action="store_true", help=_("all that are due for anonymisation"))


@group.command("anonymise",
               _("Anonymise households after follow-up and the retention period have ended (administrator)."),
               _configure_anonymise)
def cmd_anonymise(args: argparse.Namespace) -> int:
    from ..services import privacy
    session = cli_login(args)
    try:
        ctx = session.ctx
        due = privacy.due_for_anonymisation(ctx)
        ids = args.household or ([c.household_id for c in due] if (args.all_due or args.preview) else [])
        if args.preview:
            print(ngettext("{n} household is due for anonymisation (retention period {years} years after "
                           "follow-up ends).",
                           "{n} households are due for anonymisation (retention period {years} years after "
                           "follow-up ends).", len(due)).format(n=len(due), years=privacy.retention_years()))
            for p in privacy.preview_anonymisation(ctx, household_ids=ids):
                print("\n".join(p.lines()))
            return 0
        changes = privacy.anonymise_households(ctx, household_ids=ids)
        households, persons = len(changes.ids("household")), len(changes.ids("person"))
        print(ngettext("Anonymised {n} household ({persons}).", "Anonymised {n} households ({persons}).", households)
              .format(n=households, persons=ngettext("{n} person", "{n} persons", persons).format(n=persons)))
        return 0
    finally:
        session.close()


# ----- access request -----

def _configure_export_person(p: argparse.ArgumentParser) -> None:
    add_login(p)
    p.add_argument("person_id", type=record_id)
    p.add_argument("--out", help=_("JSON file (default: write to the screen)"))


@group.command("export-person", _("Access request (GDPR art. 15): all data about a person as JSON."),
               _configure_export_person)
def cmd_export_person(args: argparse.Namespace) -> int:
    from ..safe_files import check_output_path, write_output
    from ..services import privacy
    if args.out:
        check_output_path(Path(args.out))  # before anything is read or logged
    session = cli_login(args)
    try:
        data = privacy.export_person(session.ctx, person_id=args.person_id)
    finally:
        session.close()
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if args.out:
        write_output(Path(args.out), text.encode("utf-8"))
        print(_("Saved {path}").format(path=args.out))
    else:
        print(text)
    return 0


# ----- audit log -----

def _configure_audit(p: argparse.ArgumentParser) -> None:
    add_login(p)
    p.add_argument("--since", help=_("from date (yyyy-mm-dd)"))
    p.add_argument("--until", help=_("to and including date (yyyy-mm-dd)"))
    p.add_argument("--user-filter", help=_("only actions by this user"))
    p.add_argument("--entity", help=_("only this type (person, household …)"))
    p.add_argument("--entity-id", type=record_id)
    p.add_argument("--limit", type=bounded_int(1, 100_000), default=50)
    p.add_argument("--export", help=_("write all matches to .csv or .xlsx"))


@group.command("audit", _("Show or export the log of who has read and changed what (administrator)."),
               _configure_audit)
def cmd_audit(args: argparse.Namespace) -> int:
    from ..services import audit
    from ..services.base import Errors, parse_date
    errors = Errors()
    since = parse_date(errors, "since", args.since, label=_("The from date"))
    until = parse_date(errors, "until", args.until, label=_("The to date"))
    errors.raise_if_any()
    if args.export:
        from ..safe_files import check_output_path
        check_output_path(Path(args.export))
    session = cli_login(args)
    try:
        filters = dict(since=since, until=until, username=args.user_filter, entity=args.entity,
                       entity_id=args.entity_id)
        if args.export:
            n = audit.export(session.ctx, Path(args.export), **filters)
            print(ngettext("Exported {n} log line to {path}", "Exported {n} log lines to {path}", n)
                  .format(n=n, path=args.export))
            return 0
        for r in audit.query(session.ctx, limit=args.limit, **filters):
            print(f"{r.at:%Y-%m-%d %H:%M:%S}  {r.username:<16} {r.action_label:<20} {r.entity}"
                  f"{'' if r.entity_id is None else ' ' + str(r.entity_id)}  {r.changes_text()[:120]}")
        return 0
    finally:
        session.close()


# ----- backups -----

def _configure_backup_info(p: argparse.ArgumentParser) -> None:
    add_login(p)
    p.add_argument("backup_file")


@group.command("backup-info", _("Show what a backup contains (date, counts, check) before restoring it."),
               _configure_backup_info)
def cmd_backup_info(args: argparse.Namespace) -> int:
    from ..db import rotation
    source = Path(args.backup_file)
    if not source.exists():
        raise DatabaseError(_("Cannot find the backup {path}.").format(path=source))
    if source.is_dir():
        raise DatabaseError(_("{path} is a folder, not a backup file. Nothing has been changed.").format(path=source))
    session = cli_login(args, read_only=True)
    try:
        from ..services.access import require
        require(session.ctx, "admin.backup")
        key = getattr(session.db, "data_key", None)
    finally:
        session.close()
    summary = rotation.describe(source, key)
    print("\n".join(summary.lines()))
    if not summary.ok:
        print(_("Error: {message}").format(message=_("The file is damaged or is not a backup of this program.")),
              file=sys.stderr)
    return 0 if summary.ok else 3
