"""What can be imported: the fields of each kind, the column names that suggest them,
and the remembered mapping from a sheet's columns to fields.

A mapping is ``{column index: field name}``. ``guess_mapping`` proposes one:
first what the user chose for the same column name last time (stored as the
database setting ``import.mapping.<kind>``, not in QSettings, so every
workstation and user of the office gets it), then the Norwegian (or English)
column names below, then the field's own label.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ...context import Context
from ...i18n import _
from ...models import Setting
from ..base import Changes, audit
from ..base import choice, parse_date, parse_float, parse_int
from ..entity import Entity, FieldRule, flag, municipality_code
from ..housing import LANDLORD, LEASE, UNIT
from ..people import HOUSEHOLD, PERSON
from ..placements import PLACEMENT, WORKPLACE
from .values import CODE_TABLES, fold


@dataclass(frozen=True)
class FieldSpec:
    """One importable field: ``convert`` names how a cell becomes a value (see ``rows.convert``)."""

    name: str
    label: str
    aliases: str = ""  # "|"-separated column names (data, matched after folding)
    convert: str = "text"


def _f(name: str, label: str, aliases: str, convert: str = "text") -> FieldSpec:
    return FieldSpec(name, label, aliases, convert)


def _of(entity: Entity, name: str, aliases: str, convert: str | None = None) -> FieldSpec:
    """An importable field of a service's entity: the label is the one the service's messages use, and a
    cell is shaped for the field's parser (``cell_kind``) unless ``convert`` says otherwise."""
    rule = entity.rule(name)
    return FieldSpec(name, _(rule.label), aliases, convert or cell_kind(rule))


def cell_kind(rule: FieldRule) -> str:
    """How a cell is shaped for ``rule`` before the service validates it (a ``rows.convert`` kind)."""
    if rule.parser is parse_date:
        return "date"
    if rule.parser in (parse_int, parse_float):
        return "number"
    if rule.parser is flag:
        return "bool"
    if rule.parser is municipality_code:
        return "code:municipality"
    if rule.parser is choice:
        kind = next((k for k, table in CODE_TABLES.items() if table() is rule.options["options"]), None)
        if kind is not None:
            return "code:" + kind
    return "text"


PERSON_LOOKUP = [
    _of(PERSON, "national_id",
        "fødselsnr|fødselsnummer|fnr|f nr|personnr|personnummer|d nummer|d nr|fnr d nr|fødselsnr d nr|"  # i18n: data
        "national id|id nummer", "id11"),  # i18n: data
    _of(PERSON, "duf_number", "duf|duf nr|duf nummer|dufnr|duf number", "id12"),  # i18n: data
    _f("full_name", _("Name (Last name, First name)"),
       "navn|fullt navn|etternavn fornavn|etternavn og fornavn|name|full name", "name"),  # i18n: data
    _of(PERSON, "first_name", "fornavn|first name|given name"),  # i18n: data
    _of(PERSON, "last_name", "etternavn|last name|surname|family name"),  # i18n: data
    _of(PERSON, "birth_date", "fødselsdato|født|fødd|fdato|f dato|date of birth|birth date"),  # i18n: data
]

# Fields that more than one kind has, with the column names that suggest them.
_MUNICIPALITY = _of(UNIT, "municipality", "kommune|municipality")  # i18n: data
_ADDRESS = _of(UNIT, "address", "adresse|boligadresse|gateadresse|address")  # i18n: data
_POSTAL_CODE = _of(UNIT, "postal_code", "postnr|postnummer|postal code", "digits")  # i18n: data
_NOTES = _of(UNIT, "notes", "merknad|kommentar|notat|note|notes")  # i18n: data

KINDS: dict[str, list[FieldSpec]] = {
    "households": [
        _f("household", _("Household (name or number)"),
           "husstand|husstandsnavn|husstand nr|husstandsnr|familie|familienavn|familie nr|familienr|"  # i18n: data
           "household"),  # i18n: data
        *PERSON_LOOKUP,
        _of(PERSON, "role", "rolle|voksen barn|voksen/barn|role"),  # i18n: data
        _of(PERSON, "gender", "kjønn|kjonn|gender|sex"),  # i18n: data
        _of(PERSON, "country", "land|opprinnelsesland|hjemland|nasjonalitet|statsborgerskap|country"),  # i18n: data
        _of(PERSON, "languages", "språk|morsmål|languages|language", "languages"),  # i18n: data
        _f("interpreter_language", _("Interpreter"), "tolk|tolkespråk|tolk språk|interpreter",  # i18n: data
           "code:language"),
        _of(PERSON, "legal_basis", "grunnlag|oppholdsgrunnlag|grunnlag for opphold|"  # i18n: data
            "oppholdsstatus|legal basis"),  # i18n: data
        _of(PERSON, "phone", "telefon|tlf|mobil|telefonnummer|phone"),  # i18n: data
        _of(PERSON, "email", "e post|epost|e postadresse|mail|email"),  # i18n: data
        _of(PERSON, "arrival_date", "ankomstdato|ankomst|ankom|arrival date"),  # i18n: data
        _of(HOUSEHOLD, "settlement_date",
            "bosettingsdato|bosatt|bosatt dato|dato bosatt|bosettingsdag|settlement date"),  # i18n: data
        _of(HOUSEHOLD, "municipality", "kommune|bostedskommune|bosatt i|municipality"),  # i18n: data
        _of(HOUSEHOLD, "address_note", "adresse|bostedsadresse|boligadresse|address"),  # i18n: data
        _of(HOUSEHOLD, "case_reference", "saksnr|saksnummer|sak|arkivsak|case number"),  # i18n: data
        _NOTES,
    ],
    "units": [
        _MUNICIPALITY,
        _ADDRESS,
        _POSTAL_CODE,
        _of(UNIT, "place", "sted|poststed|grend|place"),  # i18n: data
        _of(UNIT, "ownership", "eierform|eier|eierskap|kommunal privat|ownership"),  # i18n: data
        _of(UNIT, "size_m2", "areal|størrelse|kvm|m2|bra|size"),  # i18n: data
        _of(UNIT, "bedrooms", "soverom|antall soverom|bedrooms"),  # i18n: data
        _of(UNIT, "capacity", "kapasitet|antall husstander|capacity"),  # i18n: data
        _of(UNIT, "heating", "oppvarming|heating"),  # i18n: data
        _of(UNIT, "has_wood_stove", "vedovn|peis|ildsted|wood stove"),  # i18n: data
        _of(UNIT, "has_garden", "hage|garden"),  # i18n: data
        _NOTES,
    ],
    "leases": [
        _ADDRESS,
        _MUNICIPALITY,
        _POSTAL_CODE,
        _of(UNIT, "place", "sted|poststed|place"),  # i18n: data
        _f("landlord", _("Landlord"), "utleier|huseier|utleiers navn|landlord", "text"),  # i18n: data
        _f("landlord_org_nr", _(LANDLORD.rule("org_nr").label),
           "org nr|orgnr|organisasjonsnummer|utleiers org nr|organisation number", "digits"),  # i18n: data
        _f("landlord_phone", _("Landlord's phone"),
           "utleiers telefon|telefon utleier|tlf utleier|telefon", "text"),  # i18n: data
        _f("landlord_email", _("Landlord's email"), "utleiers e post|e post utleier|e post|epost",  # i18n: data
           "text"),
        _of(LEASE, "monthly_rent", "husleie|leie|månedsleie|leie per måned|monthly rent"),  # i18n: data
        _of(LEASE, "deposit", "depositum|deposit"),  # i18n: data
        _of(LEASE, "guarantee", "sikkerhet|garanti|security"),  # i18n: data
        _of(LEASE, "start_date", "fra|fra dato|startdato|leie fra|start|start date"),  # i18n: data
        _of(LEASE, "end_date", "til|til dato|sluttdato|leie til|slutt|end date"),  # i18n: data
        _of(LEASE, "notice_months", "oppsigelsestid|oppsigelse|oppsigelse mnd|notice"),  # i18n: data
        _of(LEASE, "rent_adjustment_date",
            "regulering|indeksregulering|reguleringsdato|rent adjustment"),  # i18n: data
        _NOTES,
    ],
    "placements": [
        *PERSON_LOOKUP,
        _of(WORKPLACE, "employer", "arbeidsgiver|bedrift|arbeidsplass|virksomhet|employer"),  # i18n: data
        _of(WORKPLACE, "department", "avdeling|enhet|department"),  # i18n: data
        _of(WORKPLACE, "sector", "sektor|bransje|sector"),  # i18n: data
        _of(WORKPLACE, "is_municipal", "kommunal|kommunal arbeidsplass|municipal"),  # i18n: data
        _MUNICIPALITY,
        _of(PLACEMENT, "type", "type|praksistype|tiltak|type praksis|placement type"),  # i18n: data
        _of(PLACEMENT, "start_date", "fra|fra dato|start|startdato|start date"),  # i18n: data
        _of(PLACEMENT, "end_date", "til|til dato|slutt|sluttdato|end date"),  # i18n: data
        _of(PLACEMENT, "hours_per_week", "timer|timer per uke|timer uke|hours per week"),  # i18n: data
        _of(PLACEMENT, "supervisor_name", "veileder|arbeidsleder|mentor|kontaktperson|supervisor"),  # i18n: data
        _f("supervisor_phone", _("Supervisor's phone"), "telefon veileder|tlf veileder|veileders telefon",  # i18n: data
           "text"),
        _of(PLACEMENT, "nav_measure", "nav tiltak|tiltakskode|nav measure"),  # i18n: data
        _NOTES,
    ],
}

KIND_LABELS = {
    "households": _("Households and persons"),
    "units": _("Housing units"),
    "leases": _("Private leases with landlords"),
    "placements": _("Work placements"),
}
#: The permission each kind needs (checked before anything is read).
KIND_PERMISSIONS = {"households": "persons.write", "units": "housing.write", "leases": "housing.write",
                    "placements": "placements.write"}
SETTING_PREFIX = "import.mapping."


def field_specs(kind: str) -> dict[str, FieldSpec]:
    return {f.name: f for f in KINDS[kind]}


def _aliases(spec: FieldSpec) -> set[str]:
    return {fold(a) for a in spec.aliases.split("|") if a} | {fold(spec.label), fold(spec.name)}


def header_score(kind: str):
    """A scorer for ``readers.read_table``: how many headers of a row name a field of ``kind``."""
    known = set().union(*(_aliases(f) for f in KINDS[kind]))

    def score(headers: list[str]) -> int:
        return sum(1 for h in headers if h and fold(h) in known)
    return score


def remembered(kind: str) -> dict[str, str]:
    """{folded column name: field or ""} that the office chose last time for ``kind``."""
    row = Setting.get_or_none(Setting.key == SETTING_PREFIX + kind)
    if row is None or not row.value:
        return {}
    try:
        data = json.loads(row.value)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def guess_mapping(kind: str, headers: list[str]) -> dict[int, str]:
    """{column: field} for the columns we recognise (each field at most once, leftmost first)."""
    specs = KINDS[kind]
    memory = remembered(kind)
    out: dict[int, str] = {}
    used: set[str] = set()
    valid = {f.name for f in specs}
    for i, header in enumerate(headers):  # 1) what the office chose last time
        choice = memory.get(fold(header))
        if choice is not None:
            if choice in valid and choice not in used:
                out[i] = choice
                used.add(choice)
            elif choice == "":
                out[i] = ""  # chosen "do not import" last time
    for exact in (True, False):  # 2) known column names, exact before "contains"
        for i, header in enumerate(headers):
            if i in out:
                continue
            key = fold(header)
            for spec in specs:
                if spec.name in used:
                    continue
                names = _aliases(spec)
                if key in names or (not exact and any(len(a) >= 5 and a in key for a in names)):
                    out[i] = spec.name
                    used.add(spec.name)
                    break
    return {i: name for i, name in out.items() if name}


def remember_mapping(ctx: Context, kind: str, headers: list[str], mapping: dict[int, str],
                     changes: Changes) -> None:
    """Store the chosen mapping for next time (inside the import's transaction; audited as a setting)."""
    memory = remembered(kind)
    for i, header in enumerate(headers):
        memory[fold(header)] = mapping.get(i, "")
    value = json.dumps(memory, ensure_ascii=False, sort_keys=True)
    row, created = Setting.get_or_create(key=SETTING_PREFIX + kind, defaults={"value": value})
    if not created and row.value != value:
        old = row.value
        row.value = value
        row.save()
        audit(ctx, "update", "setting", row.id, {"value": (old, value)}, changes)
    elif created:
        audit(ctx, "create", "setting", row.id, {"key": (None, row.key)}, changes)
