"""First set-up of a new database: the two municipalities, their letterheads, the welcome letter's
key contacts, the backup folder and the first users (what the setup wizard saves)."""

from __future__ import annotations

import json
import os
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..context import Context
from ..errors import NotFound
from ..i18n import N_, _
from ..models import Municipality, Setting
from ..paths import ensure_private_dir
from .access import require
from .base import Changes, Errors, apply_fields, audit, get_or_404, reject_unknown, text, transaction
from .entity import Entity, FieldRule, Scope, text_field, update_entity

#: Defaults an administrator checks and completes in the program (org.nr. is left
#: blank on purpose: it must be entered from the municipality's own records).
#: Names and addresses are data (stored letterheads, proper names), not texts to translate.
DEFAULT_MUNICIPALITIES = [
    dict(code="hemsedal", name="Hemsedal kommune", org_nr="",  # i18n: data
         service_name="Integreringstjenesten Hemsedal og Gol",  # i18n: data
         visiting_address="Trøimsvegen 36, 3560 Hemsedal", postal_address="Postboks 43, 3561 Hemsedal",  # i18n: data
         phone="32 05 50 00", email="postmottak@hemsedal.kommune.no", website="hemsedal.kommune.no"),  # i18n: data
    dict(code="gol", name="Gol kommune", org_nr="",  # i18n: data
         service_name="Integreringstjenesten Hemsedal og Gol",  # i18n: data
         visiting_address="Sentrumsvegen 10, 3550 Gol", postal_address="Sentrumsvegen 10, 3550 Gol",  # i18n: data
         phone="32 02 91 00", email="postmottak@gol.kommune.no", website="gol.kommune.no"),  # i18n: data
]


def ensure_municipalities(ctx: Context) -> Changes:
    """Create Hemsedal and Gol if missing (idempotent; called on first start)."""
    changes = Changes()
    with transaction(ctx):
        for data in DEFAULT_MUNICIPALITIES:
            if Municipality.get_or_none(Municipality.code == data["code"]) is None:
                m = Municipality.create(**data)
                audit(ctx, "create", "municipality", m.id, {"name": (None, m.name)}, changes)
    return changes


def update_municipality(ctx: Context, *, code: str, **values: Any) -> Changes:
    """Edit a municipality's letterhead details (administrator); the same rules as the setup wizard's."""
    require(ctx, MUNICIPALITY.permission)
    m = Municipality.get_or_none(Municipality.code == code)
    if m is None:
        m = get_or_404(Municipality, -1, _("the municipality"))
    return update_entity(ctx, MUNICIPALITY, m, values)


# ----------------------------------------------------------------- first-run setup (issue 13)
#
# The setup wizard (``ui.setup_wizard``) collects everything below and saves it with
# ``apply_setup`` in one transaction: municipality letterheads, the key contacts of the
# welcome letter, the backup folder and the first users. Each part can also be read back
# (``municipality_details``, ``letter_contacts``) so the wizard reopens with what is saved.

MUNICIPALITY_FIELDS = ("name", "service_name", "postal_address", "visiting_address", "phone", "email", "website",
                       "org_nr")
CONTACT_FIELDS = ("role", "name", "address", "phone", "email")
LOGO_SUFFIXES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}
MAX_LOGO_BYTES = 2_000_000
LOGO_FOLDER = "brevlogo"  # i18n: data (folder name beside the database)


def _field_labels() -> dict[str, str]:
    return {"name": _("Name"), "service_name": _("Service name"), "postal_address": _("Postal address"),
            "visiting_address": _("Visiting address"), "phone": _("Phone"), "email": _("Email"),
            "website": _("Web address"), "org_nr": _("Organisation number"), "role": _("Role"),
            "address": _("Address")}


def clean_org_nr(errors: Errors, field_name: str, value: str) -> str:
    """'964949204' or '964 949 204' → '964 949 204'; blank stays blank (python-stdnum's no.orgnr checks the digit)."""
    from stdnum.exceptions import ValidationError as StdnumInvalid
    from stdnum.no import orgnr
    raw = (value or "").strip()
    if not raw:
        return ""
    try:
        return orgnr.format(orgnr.validate(raw))
    except StdnumInvalid:
        errors.add(field_name, _("The organisation number must have 9 digits with a valid check digit "
                                 "(see brreg.no)."))
        return raw


def _clean_email(errors: Errors, field_name: str, value: str, label: str) -> str:
    s = text(errors, field_name, value, label=label)
    if s and ("@" not in s or " " in s or s.startswith("@") or s.endswith("@")):
        errors.add(field_name, _("{label} must be an e-mail address like post@kommune.no.").format(label=label))
    return s


def _email(errors: Errors, field_name: str, value: Any, *, required: bool = False, label: str = "") -> str:
    return _clean_email(errors, field_name, str(value or ""), label)


def _org_nr(errors: Errors, field_name: str, value: Any, *, required: bool = False, label: str = "") -> str:
    return clean_org_nr(errors, field_name, str(value or ""))


#: A municipality's letterhead (the name and the service's name must be there).
MUNICIPALITY = Entity(Municipality, N_("the municipality"), "admin.settings", (
    text_field("name", N_("Name"), required=True),
    text_field("service_name", N_("Service name"), required=True),
    text_field("postal_address", N_("Postal address")),
    text_field("visiting_address", N_("Visiting address")),
    text_field("phone", N_("Phone")),
    FieldRule("email", N_("Email"), _email),
    text_field("website", N_("Web address")),
    FieldRule("org_nr", N_("Organisation number"), _org_nr),
))


def clean_municipality(errors: Errors, values: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Checked letterhead fields (``prefix`` goes in front of each field name in the errors)."""
    MUNICIPALITY.reject_unknown(values)
    sub = Errors(prefix=prefix)
    out = MUNICIPALITY.validate(sub, values, Scope(None), only_given=True)
    errors.errors.update({k: v for k, v in sub.errors.items() if k not in errors.errors})
    return out


def municipality_details(code: str) -> dict[str, str]:
    """The saved letterhead fields of ``code`` plus ``logo`` (the file letters use, '' if none)."""
    m = Municipality.get(Municipality.code == code)
    out = {k: getattr(m, k) for k in MUNICIPALITY_FIELDS}
    out["logo"] = logo_file(code)
    return out


#: On a database server (issue 17) the letterhead logo itself is kept in the database, so every workstation
#: prints the same letterhead: its bytes (base64) in the setting ``letters.logo_data.<code>``, and
#: ``letters.logo.<code>`` = ``db:<hash><suffix>`` instead of a file path. On a file: the path of the copy
#: beside the database, as before.
LOGO_IN_DATABASE = "db:"


def logo_file(code: str) -> str:
    """The logo file the letters of ``code`` use ('' if none). A logo kept in the server's database is written
    once per content to this workstation's data folder (``_logo_path``) and that copy is returned."""
    row = Setting.get_or_none(Setting.key == f"letters.logo.{code}")
    value = row.value if row is not None else ""
    if not value.startswith(LOGO_IN_DATABASE):
        return value
    data = Setting.get_or_none(Setting.key == f"letters.logo_data.{code}")
    if data is None or not data.value:
        return ""
    import base64
    name = value[len(LOGO_IN_DATABASE):]
    target = _logo_path(Setting._meta.database, code, "").with_name(f"{code}-{name}")
    if not target.is_file():
        from ..safe_files import write_output
        ensure_private_dir(target.parent)
        write_output(target, base64.b64decode(data.value))
    return str(target)


def letter_contacts(code: str) -> list[dict[str, str]]:
    """The key contacts of the welcome letter: the setting ``letters.contacts.<code>``, else the shipped
    ``resources/letters/contacts.toml`` (what ``services.printing.key_contacts`` prints)."""
    row = Setting.get_or_none(Setting.key == f"letters.contacts.{code}")
    if row is not None and row.value.strip():
        try:
            entries = json.loads(row.value)
        except ValueError:
            entries = []
    else:
        from ..resources import resource_path
        path = resource_path("letters") / "contacts.toml"
        with path.open("rb") as fh:
            entries = tomllib.load(fh).get(code, [])
    return [{k: str(e.get(k, "") or "") for k in CONTACT_FIELDS} for e in entries if isinstance(e, dict)]


def clean_contacts(errors: Errors, rows: list[dict[str, Any]], prefix: str = "") -> list[dict[str, str]]:
    """Rows with role and name; blank rows are dropped. Errors are named ``<prefix><row>.<field>``."""
    labels = _field_labels()
    out = []
    for i, row in enumerate(rows):
        reject_unknown(row, CONTACT_FIELDS, "contact")
        if not any(str(v or "").strip() for v in row.values()):
            continue
        name = f"{prefix}{i}."
        clean = {k: text(errors, name + k, row.get(k, ""), required=k in ("role", "name"), label=labels[k])
                 for k in CONTACT_FIELDS if k != "email"}
        clean["email"] = _clean_email(errors, name + "email", str(row.get("email", "") or ""), labels["email"])
        out.append(clean)
    return out


def _check_logo(errors: Errors, field_name: str, source: str) -> Path | None:
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix not in LOGO_SUFFIXES:
        errors.add(field_name, _("The logo must be a PNG or JPEG image."))
        return None
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        errors.add(field_name, _("The logo file cannot be read: {path}.").format(path=path))
        return None
    if size > MAX_LOGO_BYTES:
        errors.add(field_name, _("The logo file is too large (at most 2 MB)."))
    elif not head.startswith(LOGO_SUFFIXES[suffix]):
        errors.add(field_name, _("The file is not a PNG or JPEG image."))
    return path


def logo_target(db_path: Path, code: str, suffix: str) -> Path:
    """Where a chosen logo is copied: a folder beside the database, so every workstation finds it."""
    return Path(db_path).parent / LOGO_FOLDER / f"{code}{suffix.lower()}"


def _logo_path(db, code: str, suffix: str) -> Path:
    """``logo_target`` for a file; on a database server (issue 17) there is no "beside the database": the
    logo goes to this workstation's data folder (other workstations choose it again), never the
    working folder."""
    server = getattr(db, "server_name", None)
    if server is None:
        return logo_target(Path(db.database), code, suffix)
    from ..paths import data_dir, safe_filename
    return data_dir() / LOGO_FOLDER / safe_filename(server.replace("/", "_")) / f"{code}{suffix.lower()}"


@dataclass
class BackupAdvice:
    """What the wizard says about a backup folder: warnings (shown, not blocking)."""

    same_disk: bool
    network: bool
    warnings: list[str]


def _existing_ancestor(path: Path) -> Path | None:
    probe = Path(path)
    while not probe.exists():
        if probe == probe.parent:
            return None
        probe = probe.parent
    return probe


def _is_network_drive(path: Path) -> bool:
    """A UNC path, or on Windows a mapped drive whose type is 'remote'."""
    from ..db.connection import is_network_path
    return is_network_path(path)  # a mapped drive too: it asks Windows for the drive's type


def backup_advice(db_path: Path, folder: str) -> BackupAdvice:
    """Warn when the backup folder is on the same disk as the database (one broken disk takes both)."""
    target = Path(folder) if folder else Path(db_path).parent / "sikkerhetskopier"  # i18n: data
    network = _is_network_drive(target)
    same = False
    a, b = _existing_ancestor(target), _existing_ancestor(Path(db_path).parent)
    if not network and a is not None and b is not None:
        drive_a, drive_b = os.path.splitdrive(str(a.resolve()))[0], os.path.splitdrive(str(b.resolve()))[0]
        same = a.stat().st_dev == b.stat().st_dev or (bool(drive_a) and drive_a.lower() == drive_b.lower())
    warnings = []
    if same:
        warnings.append(_("The backup folder is on the same disk as the database: if the disk fails, both are "
                          "lost. Choose a network share (e.g. \\\\server\\share\\integrering) or another disk."))
    elif not network and not folder:
        warnings.append(_("No folder chosen: backups are put beside the database."))
    return BackupAdvice(same_disk=same, network=network, warnings=warnings)


@dataclass
class SetupInput:
    """Everything the setup wizard saves. Empty parts are left as they are.

    ``municipalities``: code → letterhead fields (``MUNICIPALITY_FIELDS``);
    ``logos``: code → a PNG/JPEG to copy beside the database ('' removes it);
    ``contacts``: code → rows of ``CONTACT_FIELDS``; ``backup_folder``: None
    keeps the current choice; ``users``: new users (``accounts.create_user``
    keyword arguments; ``role`` may list several roles).
    """

    municipalities: dict[str, dict[str, Any]] = field(default_factory=dict)
    logos: dict[str, str] = field(default_factory=dict)
    contacts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    backup_folder: str | None = None
    users: list[dict[str, Any]] = field(default_factory=list)


def check_setup(ctx: Context, data: SetupInput) -> None:
    """Raise ``ValidationError`` for every problem in ``data`` (nothing is written).

    Field names: ``<code>.<field>``, ``<code>.logo``, ``contacts.<code>.<row>.<field>``,
    ``backup_folder``, ``users.<row>.<field>``.
    """
    _validated(ctx, data)


def _validated(ctx: Context, data: SetupInput):
    require(ctx, "admin.settings")
    errors = Errors()
    codes = {m.code for m in Municipality.select(Municipality.code)}
    munis = {}
    for code, values in data.municipalities.items():
        if code not in codes:
            raise NotFound(_("Unknown municipality: {code}.").format(code=code))
        munis[code] = clean_municipality(errors, values, prefix=f"{code}.")
    logos = {code: (_check_logo(errors, f"{code}.logo", src) if src else None) for code, src in data.logos.items()}
    contacts = {code: clean_contacts(errors, rows, prefix=f"contacts.{code}.") for code, rows in data.contacts.items()}
    folder = None
    if data.backup_folder is not None:
        folder = text(errors, "backup_folder", data.backup_folder, label=_("Backup folder"), max_length=1000)
    from .accounts import check_new_user
    seen: set[str] = set()
    for i, values in enumerate(data.users):
        sub = Errors(prefix=f"users.{i}.")
        check_new_user(sub, **values)
        uname = str(values.get("username", "")).strip().lower()
        if uname and uname in seen:
            sub.add("username", _("The user name is already in use."))
        seen.add(uname)
        errors.errors.update({k: v for k, v in sub.errors.items() if k not in errors.errors})
    errors.raise_if_any()
    return munis, logos, contacts, folder


def apply_setup(ctx: Context, data: SetupInput) -> Changes:
    """Save the setup wizard's input: all of it, or nothing (one transaction, audited per part).

    Logos are copied beside the database (``logo_target``) and the letters'
    setting ``letters.logo.<code>`` points at the copy; the contacts replace
    the setting ``letters.contacts.<code>`` read by the welcome letter; the
    backup folder goes through ``privacy.set_backup_folder`` (which also
    updates the key file of an encrypted database).
    """
    munis, logos, contacts, folder = _validated(ctx, data)
    from . import privacy
    from .accounts import create_user
    changes = Changes()
    copied: list[Path] = []
    try:
        with transaction(ctx):
            for code, values in munis.items():
                m = Municipality.get(Municipality.code == code)
                diff = apply_fields(m, values)
                if diff:
                    m.save()
                    audit(ctx, "update", "municipality", m.id, diff, changes)
            server = getattr(ctx.db, "server_name", None) is not None
            for code, source in logos.items():
                value = ""
                if server:  # the logo itself goes into the database: every workstation prints the same
                    value = _store_logo(ctx, code, source, changes)
                elif source is not None:
                    target = _logo_path(ctx.db, code, source.suffix)
                    ensure_private_dir(target.parent)
                    if source.resolve() != target.resolve():
                        shutil.copyfile(source, target)
                        copied.append(target)
                    value = str(target)
                _save_setting(ctx, f"letters.logo.{code}", value, changes)
            for code, rows in contacts.items():
                _save_setting(ctx, f"letters.contacts.{code}", json.dumps(rows, ensure_ascii=False), changes)
            for values in data.users:
                changes.merge(create_user(ctx, **values))
            if folder is not None and folder != privacy.backup_folder():
                changes.merge(privacy.set_backup_folder(ctx, folder=folder))
            _save_setting(ctx, "setup.done", ctx.now().isoformat(), changes, audit_it=False)
    except BaseException:
        for path in copied:  # nothing half-saved: a copied logo goes again with the rollback
            path.unlink(missing_ok=True)
        raise
    return changes


def _store_logo(ctx: Context, code: str, source: Path | None, changes: Changes) -> str:
    """Server: keep the logo's bytes in the database (not audited: the marker setting is); the marker, or ''."""
    import base64
    import hashlib
    data = source.read_bytes() if source is not None else b""
    _save_setting(ctx, f"letters.logo_data.{code}", base64.b64encode(data).decode("ascii"), changes, audit_it=False)
    if source is None:
        return ""
    return f"{LOGO_IN_DATABASE}{hashlib.sha256(data).hexdigest()[:16]}{source.suffix.lower()}"


def setup_done() -> bool:
    """Whether the setup wizard has been completed once (the program then stops offering it)."""
    return Setting.get_or_none(Setting.key == "setup.done") is not None


def _save_setting(ctx: Context, key: str, value: str, changes: Changes, *, audit_it: bool = True) -> None:
    row, created = Setting.get_or_create(key=key, defaults={"value": value})
    old = None if created else row.value
    if not created and old != value:
        row.value = value
        row.save()
    if audit_it and (created or old != value):
        audit(ctx, "create" if created else "update", "setting", row.id, {key: (old, value)}, changes)
