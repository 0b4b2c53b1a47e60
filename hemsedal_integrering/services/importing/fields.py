"""What can be imported: the fields of each kind, the column names that suggest them,
and the remembered mapping from a sheet's columns to fields.

A field is a field of the service that stores it (its ``Entity`` table: housing.UNIT,
people.PERSON ...): the import dialog shows the label the service's messages use, a
cell is shaped for the field's parser (``cell_kind``), and the service validates the
value as it validates a form. The column names that suggest a field are data, in
``resources/import_columns.toml``. A few fields are the importer's own (the household a
row belongs to, a whole name in one column, the landlord's contact) – ``_OWN`` below.

A mapping is ``{column index: field name}``. ``guess_mapping`` proposes one:
first what the user chose for the same column name last time (stored as the
database setting ``import.mapping.<kind>``, not in QSettings, so every
workstation and user of the office gets it), then the Norwegian (or English)
column names of the data file, then the field's own label.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass

from ...context import Context
from ...i18n import N_, _
from ...models import Setting
from ...resources import resource_path
from ..base import Changes, audit, choice, parse_date, parse_float, parse_int
from ..entity import Entity, FieldRule, flag, municipality_code
from ..housing import LEASE, UNIT
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


#: The services' entities whose fields each kind imports (a name is looked up in this order).
_ENTITIES: dict[str, tuple[Entity, ...]] = {
    "households": (PERSON, HOUSEHOLD), "units": (UNIT,), "leases": (UNIT, LEASE),
    "placements": (PERSON, WORKPLACE, PLACEMENT),
}
#: Fields that are the importer's own, or shown under another label than the service's: label, cell shape.
_OWN = {
    "household": (N_("Household (name or number)"), "text"),
    "full_name": (N_("Name (Last name, First name)"), "name"),
    "interpreter_language": (N_("Interpreter"), "code:language"),
    "landlord": (N_("Landlord"), "text"),
    "landlord_org_nr": (N_("Organisation number"), "digits"),
    "landlord_phone": (N_("Landlord's phone"), "text"),
    "landlord_email": (N_("Landlord's email"), "text"),
    "supervisor_phone": (N_("Supervisor's phone"), "text"),
}
#: Entity fields whose cells need more than their parser's shape.
_SHAPES = {"national_id": "id11", "duf_number": "id12", "languages": "languages", "postal_code": "digits"}


def _spec(kind: str, name: str, aliases: list[str]) -> FieldSpec:
    if name in _OWN:
        label, convert = _OWN[name]
        return FieldSpec(name, _(label), "|".join(aliases), convert)
    rule = next(e.rule(name) for e in _ENTITIES[kind] if name in e.names)
    return FieldSpec(name, _(rule.label), "|".join(aliases), _SHAPES.get(name) or cell_kind(rule))


def _kinds() -> dict[str, list[FieldSpec]]:
    with resource_path("import_columns.toml").open("rb") as fh:
        columns = tomllib.load(fh)
    shared = columns.pop("person_lookup")
    return {kind: [_spec(kind, name, shared[name] if aliases == "person_lookup" else aliases)
                   for name, aliases in fields.items()]
            for kind, fields in columns.items()}


KINDS: dict[str, list[FieldSpec]] = _kinds()

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
