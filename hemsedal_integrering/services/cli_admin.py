"""Command-line administration: users, encryption, retention, access requests, audit log.

Every command here logs in first (``--user NAME``; the password comes from
the ``HEMSEDAL_PASSWORD`` environment variable or is asked for without
echo), so the command line obeys exactly the same roles as the GUI.

    hemsedal-integrering user list|add|passwd|deactivate ...  --user ADMIN
    hemsedal-integrering encrypt                               --user ADMIN
    hemsedal-integrering person ID                             --user NAME
    hemsedal-integrering anonymise (--preview | --apply) [--household ID ...] --user ADMIN
    hemsedal-integrering export-person ID [--out FILE]         --user NAME
    hemsedal-integrering audit [--since D] [--user-filter U] [--export FILE] --user ADMIN
    hemsedal-integrering backup-info FILE                      --user NAME
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from ..cli import command, db_path
from ..errors import PermissionDenied, ValidationError
from . import auth

PASSWORD_ENV = "HEMSEDAL_PASSWORD"


def _add_login(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", required=True, help="brukernavnet du logger inn med (passord: "
                                                 f"miljøvariabelen {PASSWORD_ENV} eller spørsmål)")


def _password(prompt: str = "Passord: ", *, env: str | None = PASSWORD_ENV) -> str:
    if env and os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise PermissionDenied(f"Oppgi passordet i miljøvariabelen {PASSWORD_ENV} (ingen terminal å spørre i).")
    return getpass.getpass(prompt)


def cli_login(args: argparse.Namespace, *, read_only: bool = False) -> auth.Session:
    """Log in as ``--user`` on ``--db`` (raises LoginFailed with a Norwegian message)."""
    return auth.login(db_path(args), args.user, _password(), read_only=read_only)


# ----- users -----

def _configure_user(p: argparse.ArgumentParser) -> None:
    _add_login(p)
    p.add_argument("action", choices=["list", "add", "passwd", "deactivate"])
    p.add_argument("username", nargs="?", help="brukeren det gjelder (add/passwd/deactivate)")
    p.add_argument("--name", help="fullt navn (add)")
    p.add_argument("--role", choices=["officer", "housing", "admin"], help="rolle (add)")
    p.add_argument("--new-password-env", default="HEMSEDAL_NEW_PASSWORD",
                   help="miljøvariabel med det nye passordet (ellers spørsmål)")


@command("user", "Brukere: list, add, passwd, deactivate (administrator).", _configure_user)
def cmd_user(args: argparse.Namespace) -> int:
    from ..models import User
    from . import accounts
    from .access import require
    session = cli_login(args)
    try:
        ctx = session.ctx
        if args.action == "list":
            require(ctx, "admin.users")
            for u in User.select().order_by(User.username):
                print(f"{u.username:<20} {u.role:<8} {'aktiv' if u.active else 'deaktivert':<10} {u.full_name}")
            return 0
        if not args.username:
            raise ValidationError({"username": "Oppgi brukernavnet."})
        if args.action == "add":
            pw = _password("Passord for den nye brukeren: ", env=args.new_password_env)
            accounts.create_user(ctx, username=args.username, full_name=args.name or "", role=args.role or "",
                                 password=pw)
            print(f"Opprettet brukeren {args.username.lower()}.")
            return 0
        target = User.get_or_none(User.username == args.username.lower())
        if target is None:
            raise ValidationError({"username": f"Fant ingen bruker «{args.username}»."})
        if args.action == "passwd":
            pw = _password("Nytt passord: ", env=args.new_password_env)
            accounts.set_password(ctx, user_id=target.id, password=pw)
            print(f"Nytt passord satt for {target.username}.")
        else:
            accounts.update_user(ctx, user_id=target.id, active=False)
            print(f"{target.username} er deaktivert.")
        return 0
    finally:
        session.close()


# ----- encryption -----

@command("encrypt", "Krypter en ukryptert database (administrator). Viser gjenopprettingsnøkkelen én gang.",
         _add_login)
def cmd_encrypt(args: argparse.Namespace) -> int:
    from ..db import crypto
    from ..models import User
    from .access import require
    path = db_path(args)
    password = _password()
    session = auth.login(path, args.user, password)
    try:
        require(session.ctx, "admin.users")
        if session.read_only:
            raise PermissionDenied(session.message)
        active_others = (User.active == True) & (User.username != args.user.lower())  # noqa: E712
        others = [u.username for u in User.select().where(active_others)]
        # Close the connection but keep the writer lock while the file is swapped,
        # so no other workstation opens the half-converted database.
        session.db.close()
        recovery = crypto.convert_to_encrypted(path, username=args.user.lower(), password=password)
    finally:
        session.close()
    print(f"Databasen {path} er nå kryptert. Nøkkelfil: {crypto.key_file_path(path)}")
    print("GJENOPPRETTINGSNØKKEL (skriv ut og lås inn, vises bare nå):")
    print(f"    {recovery}")
    if others:
        print("Disse brukerne må få nytt passord av administrator før de kan logge inn: " + ", ".join(others))
    return 0


# ----- person record (role-filtered) -----

def _configure_person(p: argparse.ArgumentParser) -> None:
    _add_login(p)
    p.add_argument("person_id", type=int)


@command("person", "Vis en persons opplysninger slik din rolle får se dem (lesingen logges).", _configure_person)
def cmd_person(args: argparse.Namespace) -> int:
    from .records import read_person_record
    session = cli_login(args)
    try:
        r = read_person_record(session.ctx, person_id=args.person_id)
        print(f"{r.full_name} (id {r.id}), husstand: {r.household_name}")
        print(f"Telefon: {r.phone or '–'}  E-post: {r.email or '–'}")
        if r.restricted:
            print("(Helse-, saks- og identitetsopplysninger vises ikke for din rolle.)")
            return 0
        print(f"Fødselsdato: {r.birth_date or '–'}  Fødselsnummer/D-nummer: {r.national_id or '–'}  "
              f"DUF: {r.duf_number or '–'}")
        print(f"Land: {r.country or '–'}  Grunnlag: {r.legal_basis or '–'}")
        print(f"Helsenotat: {r.health_note or '–'}")
        print(f"Saksnotat: {r.case_note or '–'}")
        for s in r.statuses:
            print(f"  Status {s.status}: {s.start_date} – {s.end_date or ''}")
        return 0
    finally:
        session.close()


# ----- retention -----

def _configure_anonymise(p: argparse.ArgumentParser) -> None:
    _add_login(p)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--preview", action="store_true", help="vis hvem som er modne og hva som fjernes")
    mode.add_argument("--apply", action="store_true", help="anonymiser (krever --household eller --all-due)")
    p.add_argument("--household", type=int, action="append", default=[], help="husstand-id (kan gjentas)")
    p.add_argument("--all-due", action="store_true", help="alle som er modne for anonymisering")


@command("anonymise", "Anonymiser husstander etter endt oppfølging og oppbevaringstid (administrator).",
         _configure_anonymise)
def cmd_anonymise(args: argparse.Namespace) -> int:
    from . import privacy
    session = cli_login(args)
    try:
        ctx = session.ctx
        due = privacy.due_for_anonymisation(ctx)
        ids = args.household or ([c.household_id for c in due] if (args.all_due or args.preview) else [])
        if args.preview:
            print(f"{len(due)} husstander er modne for anonymisering "
                  f"(oppbevaringstid {privacy.retention_years()} år etter endt oppfølging).")
            for p in privacy.preview_anonymisation(ctx, household_ids=ids):
                print("\n".join(p.lines()))
            return 0
        changes = privacy.anonymise_households(ctx, household_ids=ids)
        print(f"Anonymisert {len(changes.ids('household'))} husstander ({len(changes.ids('person'))} personer).")
        return 0
    finally:
        session.close()


# ----- access request -----

def _configure_export_person(p: argparse.ArgumentParser) -> None:
    _add_login(p)
    p.add_argument("person_id", type=int)
    p.add_argument("--out", help="JSON-fil (standard: skriv til skjermen)")


@command("export-person", "Innsyn (GDPR art. 15): alle opplysninger om en person som JSON.",
         _configure_export_person)
def cmd_export_person(args: argparse.Namespace) -> int:
    from . import privacy
    session = cli_login(args)
    try:
        data = privacy.export_person(session.ctx, person_id=args.person_id)
    finally:
        session.close()
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"Lagret {args.out}")
    else:
        print(text)
    return 0


# ----- audit log -----

def _configure_audit(p: argparse.ArgumentParser) -> None:
    _add_login(p)
    p.add_argument("--since", help="fra dato (åååå-mm-dd)")
    p.add_argument("--until", help="til og med dato (åååå-mm-dd)")
    p.add_argument("--user-filter", help="bare handlinger av denne brukeren")
    p.add_argument("--entity", help="bare denne typen (person, household …)")
    p.add_argument("--entity-id", type=int)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--export", help="skriv alle treff til .csv eller .xlsx")


@command("audit", "Vis eller eksporter loggen over hvem som har lest og endret hva (administrator).",
         _configure_audit)
def cmd_audit(args: argparse.Namespace) -> int:
    import datetime as dt
    from . import audit
    session = cli_login(args)
    try:
        try:
            since = dt.date.fromisoformat(args.since) if args.since else None
            until = dt.date.fromisoformat(args.until) if args.until else None
        except ValueError:
            raise ValidationError({"since": "Datoen må skrives åååå-mm-dd."}) from None
        filters = dict(since=since, until=until, username=args.user_filter, entity=args.entity,
                       entity_id=args.entity_id)
        if args.export:
            n = audit.export(session.ctx, Path(args.export), **filters)
            print(f"Eksporterte {n} logglinjer til {args.export}")
            return 0
        for r in audit.query(session.ctx, limit=args.limit, **filters):
            print(f"{r.at:%Y-%m-%d %H:%M:%S}  {r.username:<16} {r.action_label:<20} {r.entity}"
                  f"{'' if r.entity_id is None else ' ' + str(r.entity_id)}  {r.changes_text()[:120]}")
        return 0
    finally:
        session.close()


# ----- backups -----

def _configure_backup_info(p: argparse.ArgumentParser) -> None:
    _add_login(p)
    p.add_argument("backup_file")


@command("backup-info", "Vis hva en sikkerhetskopi inneholder (dato, antall, kontroll) før tilbakelegging.",
         _configure_backup_info)
def cmd_backup_info(args: argparse.Namespace) -> int:
    from ..db import rotation
    session = cli_login(args, read_only=True)
    try:
        from .access import require
        require(session.ctx, "admin.backup")
        key = getattr(session.db, "data_key", None)
    finally:
        session.close()
    summary = rotation.describe(Path(args.backup_file), key)
    print("\n".join(summary.lines()))
    return 0 if summary.ok else 3


def _configure_restore_backup(p: argparse.ArgumentParser) -> None:
    _add_login(p)
    p.add_argument("backup_file")
    p.add_argument("--yes", action="store_true", help="ikke spør om bekreftelse")


@command("restore-backup", "Legg tilbake en (kryptert) sikkerhetskopi etter å ha vist innholdet (administrator).",
         _configure_restore_backup)
def cmd_restore_backup(args: argparse.Namespace) -> int:
    from ..db import backup, rotation
    from .access import require
    path = db_path(args)
    source = Path(args.backup_file)
    session = cli_login(args)
    try:
        require(session.ctx, "admin.backup")
        if session.read_only:
            raise PermissionDenied(session.message)
        key = getattr(session.db, "data_key", None)
    finally:
        session.close()  # the file must be closed before it is replaced
    summary = rotation.describe(source, key)
    print("\n".join(summary.lines()))
    if not summary.ok:
        print("Sikkerhetskopien er skadet og legges ikke tilbake. Ingenting er endret.", file=sys.stderr)
        return 3
    if not args.yes:
        if not sys.stdin.isatty():
            raise PermissionDenied("Bekreft med --yes (ingen terminal å spørre i).")
        if input(f"Erstatte {path} med denne sikkerhetskopien? Skriv «ja»: ").strip().lower() != "ja":
            print("Avbrutt. Ingenting er endret.")
            return 1
    backup.restore_from(source, path, key)
    print(f"Lagt tilbake. Forrige fil er tatt vare på som {path.name}.before-restore.")
    return 0
