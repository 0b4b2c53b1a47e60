"""Follow-up plan years 1–5: templates, generation, and the work on single items.

Contracts:

* ``ensure_templates`` loads ``resources/followup_template.toml`` into the
  template table the first time (idempotent: existing keys are never changed).
* ``regenerate_household`` runs inside people.py's transactions (through
  ``hooks.household_changed``): it adds missing items, moves the due date of
  untouched open items when the facts changed (settlement date, birth date,
  legal basis), removes open items that no longer apply, and never touches
  done, postponed, not-relevant or moved items. Items whose template was
  edited since they were made are left alone: they follow the new template
  only when a user confirms ``apply_template_changes`` (preview it first with
  ``preview_template_changes``). Only future items (due today or later) follow.
* Nothing is generated for a person whose five years ended before today
  (registering an old household must not flood the task list).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..resources import resource_root
from ..context import Context
from ..errors import ValidationError
from ..i18n import N_, _
from ..ids import HouseholdId, PersonId
from ..models import FollowUpItem, FollowUpTemplateItem, Household, Person, User
from ..rules import followup as rules
from ..rules.dates import follow_up_end
from .access import can, require
from .base import (MAX_LONG_TEXT, Changes, Errors, apply_fields, audit, choice, get_or_404, insert_rows, parse_date,
                   parse_int, text, transaction)

RESOURCES = resource_root()
TEMPLATE_FILE = RESOURCES / "followup_template.toml"
TEMPLATE_FIELDS = ("title", "description", "applies_to", "responsible", "offset_days", "offset_months",
                   "repeat_yearly", "times_per_year", "legal_bases", "active", "sort_order")
#: Written (translated) into an item closed by regeneration; the user reads it as the item's reason.
_AUTO_REASON = N_("No longer applies after changed details")


# ----- templates -----

def load_template_file(path: Path = TEMPLATE_FILE) -> list[dict[str, Any]]:
    """The template items of a TOML file, in file order."""
    with open(path, "rb") as fh:
        return list(tomllib.load(fh).get("item", []))


def ensure_templates(ctx: Context) -> Changes:
    """Load the default follow-up template into an empty table; add keys that are new in the file.

    Items already in the table are never changed (the municipality may have edited them).
    """
    changes = Changes()
    existing = {t.key for t in FollowUpTemplateItem.select(FollowUpTemplateItem.key)}
    rows = load_template_file()
    with transaction(ctx):
        for order, row in enumerate(rows):
            if row["key"] in existing:
                continue
            data = {name: row[name] for name in TEMPLATE_FIELDS if name in row}
            data.setdefault("sort_order", (order + 1) * 10)
            item = FollowUpTemplateItem.create(key=row["key"], version=1, **data)
            audit(ctx, "create", "follow_up_template_item", item.id, {"key": (None, item.key)}, changes)
    return changes


def _spec(t: FollowUpTemplateItem) -> rules.TemplateSpec:
    return rules.TemplateSpec(key=t.key, title=t.title, applies_to=t.applies_to, responsible=t.responsible,
                              offset_days=t.offset_days, offset_months=t.offset_months,
                              repeat_yearly=t.repeat_yearly, times_per_year=t.times_per_year,
                              legal_bases=t.legal_bases, version=t.version, sort_order=t.sort_order)


#: The template columns generation reads (``TemplateSpec``'s fields, then ``active``).
_SPEC_COLUMNS = ("key", "title", "applies_to", "responsible", "offset_days", "offset_months", "repeat_yearly",
                 "times_per_year", "legal_bases", "version", "sort_order", "active")


def _templates() -> tuple[list[rules.TemplateSpec], dict[str, int]]:
    """The active template items in order, and every item's version by key.

    Read once and kept while the file and the table's fingerprint (row count, last id and
    two sums of the versions) are unchanged: every edit bumps an item's version
    (``update_template_item``) and every new item adds a row, so a changed template is
    always seen, also one changed by another process. Reading the rows for every household
    written was ~10 % of a registration.
    """
    db = FollowUpTemplateItem._meta.database
    fingerprint = (id(db), db.database, *db.execute_sql(
        "SELECT count(*), max(id), COALESCE(SUM(version), 0), COALESCE(SUM(version * id), 0) "
        "FROM follow_up_template_item").fetchone())
    if _template_cache.get("fingerprint") != fingerprint:
        rows = FollowUpTemplateItem.select(*(getattr(FollowUpTemplateItem, c) for c in _SPEC_COLUMNS)).order_by(
            FollowUpTemplateItem.sort_order).tuples()
        specs, versions = [], {}
        for row in rows:
            values = dict(zip(_SPEC_COLUMNS, row, strict=True))
            versions[values["key"]] = values["version"]
            if values.pop("active"):
                specs.append(rules.TemplateSpec(**values))
        _template_cache.update(fingerprint=fingerprint, specs=specs, versions=versions)
    return list(_template_cache["specs"]), dict(_template_cache["versions"])


#: The last template read by ``_templates`` and the fingerprint it was read at.
_template_cache: dict[str, Any] = {}


def _clean_template(errors: Errors, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "title" in values:
        out["title"] = text(errors, "title", values["title"], required=True, label=_("Title"))
    if "description" in values:
        out["description"] = text(errors, "description", values["description"], label=_("Description"),
                                  max_length=2000)
    if "applies_to" in values:
        out["applies_to"] = choice(errors, "applies_to", values["applies_to"], rules.APPLIES_TO, label=_("Applies to"))
    if "responsible" in values:
        out["responsible"] = choice(errors, "responsible", values["responsible"], rules.RESPONSIBLE,
                                    label=_("Responsible"))
    for name, label, low, high in (("offset_days", _("Days"), -365, 366), ("offset_months", _("Months"), -12, 60),
                                   ("times_per_year", _("Times per year"), 1, 12),
                                   ("sort_order", _("Order"), 0, 10**6)):
        if name in values:
            out[name] = parse_int(errors, name, values[name], required=True, label=label, minimum=low, maximum=high)
    for name in ("repeat_yearly", "active"):
        if name in values:
            out[name] = bool(values[name])
    if "legal_bases" in values:
        raw = values["legal_bases"]
        parts = [p.strip() for p in (raw.split(",") if isinstance(raw, str) else raw) if p and p.strip()]
        bad = [p for p in parts if p not in rules_legal_bases()]
        if bad:
            errors.add("legal_bases", _("Unknown legal basis for residence: {codes}.").format(codes=", ".join(bad)))
        out["legal_bases"] = ",".join(parts)
    return out


def rules_legal_bases() -> dict[str, str]:
    from .. import vocab
    return vocab.LEGAL_BASES


def update_template_item(ctx: Context, *, key: str, **values: Any) -> Changes:
    """Edit a template item (administrator). Bumps its version; generated items are not touched here.

    Use ``preview_template_changes`` / ``apply_template_changes`` to let future open items follow.
    """
    require(ctx, "admin.templates")
    unknown = set(values) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown template fields: {sorted(unknown)}")
    item = FollowUpTemplateItem.get_or_none(FollowUpTemplateItem.key == key)
    if item is None:
        raise ValidationError({"key": _("Could not find the template item «{key}».").format(key=key)})
    errors = Errors()
    clean = _clean_template(errors, values)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        diff = apply_fields(item, clean)
        if diff:
            diff["version"] = (item.version, item.version + 1)
            item.version += 1
            item.save()
            audit(ctx, "update", "follow_up_template_item", item.id, diff, changes)
    return changes


def create_template_item(ctx: Context, *, key: str, title: str, applies_to: str, responsible: str,
                         **values: Any) -> Changes:
    """Add a template item (administrator). Existing households get it after ``apply_template_changes``."""
    require(ctx, "admin.templates")
    errors = Errors()
    key_clean = text(errors, "key", key, required=True, label=_("Key"), max_length=60)
    if key_clean and not key_clean.replace("_", "").isalnum():
        errors.add("key", _("The key can only have letters, digits and underscores."))
    elif key_clean and FollowUpTemplateItem.select().where(FollowUpTemplateItem.key == key_clean).exists():
        errors.add("key", _("The key is in use."))
    clean = _clean_template(errors, {"title": title, "applies_to": applies_to, "responsible": responsible,
                                     **values})
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        clean.setdefault("sort_order", (FollowUpTemplateItem.select().count() + 1) * 10)
        item = FollowUpTemplateItem.create(key=key_clean, version=1, **clean)
        audit(ctx, "create", "follow_up_template_item", item.id, {k: (None, v) for k, v in clean.items()}, changes)
    return changes


# ----- generation -----

@dataclass
class PendingChange:
    """One effect of a template edit on an open item (for the confirmation preview)."""

    kind: str  # add | update | remove
    household_id: int
    household_name: str
    person_name: str
    title: str
    old_due: dt.date | None
    new_due: dt.date | None
    item_id: int | None = None
    planned: rules.PlannedItem | None = None


#: What generation reads of a person (a partial row: building all ~25 fields cost more than the query).
_MEMBER_COLUMNS = (Person.id, Person.first_name, Person.last_name, Person.role, Person.birth_date, Person.arrival_date,
                   Person.legal_basis, Person.born_in_norway, Person.moved_out_date, Person.permit_date)


def _members(people: list[Person], settled: dt.date) -> list[rules.Member]:
    """The members still living in the household settled on ``settled``, as the plan rules see them."""
    out = []
    for p in people:
        if p.moved_out_date is not None:
            continue
        start = p.arrival_date or settled
        out.append(rules.Member(person_id=p.id, role=p.role, birth_date=p.birth_date, settlement=start,
                                legal_basis=p.legal_basis, born_in_norway=p.born_in_norway,
                                permit_date=p.permit_date))
    return out


def _household_diff(household: Household, today: dt.date, *, template_mode: bool,
                    specs: list[rules.TemplateSpec], versions: dict[str, int],
                    is_new: bool = False, people: list[Person] | None = None) -> list[PendingChange]:
    """What regeneration (or, with ``template_mode``, a confirmed template change) would do.

    ``is_new``: the household was created in this same call, so it has no items to read yet;
    ``people``: its members as just written, in id order (else they are read).
    """
    if household.settlement_date is None or household.moved_out_date is not None:
        return []
    members_all = people if people is not None else list(
        Person.select(*_MEMBER_COLUMNS).where(Person.household == household).order_by(Person.id))
    members = _members(members_all, household.settlement_date)
    ended = {m.person_id for m in members if follow_up_end(m.settlement) < today}
    if follow_up_end(household.settlement_date) < today:
        ended.add(None)  # type: ignore[arg-type]
    planned = rules.plan_items(household.settlement_date, household.legal_basis, members, specs)
    existing: dict[tuple[int | None, str, int], FollowUpItem] = {} if is_new else {
        (i.person_id, i.template_key, i.occurrence): i for i in FollowUpItem.select().where(
        (FollowUpItem.household == household) & (FollowUpItem.source == "template"))}
    stale_keys = {i.template_key for i in existing.values() if i.template_version != versions.get(i.template_key)}
    names: dict[int, str] = {p.id: p.full_name for p in members_all}
    out: list[PendingChange] = []

    def change(kind: str, item: FollowUpItem | None, p: rules.PlannedItem | None) -> None:
        source = p or item
        assert source is not None  # a change is a planned item, an existing item, or both
        pid = p.person_id if p else (item.person_id if item else None)
        out.append(PendingChange(kind=kind, household_id=household.id, household_name=household.name,
                                 person_name=names.get(pid, "") if pid else "", title=source.title,
                                 old_due=item.due_date if item else None, new_due=p.due_date if p else None,
                                 item_id=item.id if item else None, planned=p))

    wanted = set()
    for p in planned:
        wanted.add(p.identity)
        item = existing.get(p.identity)
        if item is None:
            if p.person_id in ended:
                continue
            if template_mode and p.due_date >= today:
                change("add", None, p)
            elif not template_mode and p.key not in stale_keys:
                change("add", None, p)
            continue
        if item.status != "open":
            continue
        current = item.template_version == p.version
        if (template_mode and not current and item.due_date >= today and p.due_date >= today) or (
                not template_mode and current):
            if (item.title, item.responsible, item.due_date, item.follow_up_year, item.template_version) != (
                    p.title, p.responsible, p.due_date, p.follow_up_year, p.version):
                change("update", item, p)
    for identity, item in existing.items():
        if identity in wanted or item.status != "open":
            continue
        current = item.template_version == versions.get(item.template_key)
        if (template_mode and not current and item.due_date >= today) or (not template_mode and current):
            change("remove", item, None)
    return out


#: Columns of a generated item, in the order ``_planned_row`` gives them.
_ADD_FIELDS = (FollowUpItem.household, FollowUpItem.person, FollowUpItem.template_key, FollowUpItem.template_version,
               FollowUpItem.occurrence, FollowUpItem.title, FollowUpItem.responsible, FollowUpItem.follow_up_year,
               FollowUpItem.due_date, FollowUpItem.source)  # created_at, status ...: the model's defaults


def _planned_row(household_id: int, p: rules.PlannedItem) -> tuple[Any, ...]:
    """The values of one new item from the plan (same order as ``_ADD_FIELDS``)."""
    return (household_id, p.person_id, p.key, p.version, p.occurrence, p.title, p.responsible, p.follow_up_year,
            p.due_date, "template")


def _write(ctx: Context, diffs: list[PendingChange], household_id: int, changes: Changes) -> None:
    """Carry out one household's diff: new items in bulk, then updates and removals one by one (rare)."""
    adds = [_planned_row(household_id, d.planned) for d in diffs if d.kind == "add" and d.planned is not None]
    # In bulk: one create() per item (~50 per household) built the SQL ~40 times and was ~95 % of the cost.
    if adds:  # the new ids in one go, not one Changes.add per item
        changes.created.setdefault("follow_up_item", set()).update(insert_rows(FollowUpItem, _ADD_FIELDS, adds))
    for d in diffs:
        p = d.planned
        if d.kind == "update" and p is not None:  # an update always carries the planned item
            item = FollowUpItem.get_by_id(d.item_id)
            apply_fields(item, {"title": p.title, "responsible": p.responsible, "due_date": p.due_date,
                                "follow_up_year": p.follow_up_year, "template_version": p.version})
            item.save()
            changes.add("updated", "follow_up_item", item.id)
        elif d.kind == "remove":
            item = FollowUpItem.get_by_id(d.item_id)
            if item.note or item.assigned_to_id is not None:
                item.status, item.reason, item.done_date = "not_relevant", _(_AUTO_REASON), ctx.today()
                item.save()
                changes.add("updated", "follow_up_item", item.id)
            else:
                item.delete_instance()
                changes.add("deleted", "follow_up_item", item.id)
    if diffs:
        counts = {k: sum(1 for d in diffs if d.kind == k) for k in ("add", "update", "remove")}
        audit(ctx, "generate", "household", household_id, {"follow_up_items": (None, counts)})


def regenerate_household(ctx: Context, household: Household, changes: Changes,
                         members: list[Person] | None = None) -> None:
    """Bring a household's plan in line with its facts (call inside a transaction).

    ``members``: for a household created in this call, its persons as written (not read back).
    """
    specs, versions = _templates()
    if not versions:  # the first household: load the default template
        ensure_templates(ctx)
        specs, versions = _templates()
    is_new = household.id in changes.created.get("household", ())
    diffs = _household_diff(household, ctx.today(), template_mode=False, specs=specs, versions=versions,
                            is_new=is_new, people=members if is_new else None)
    _write(ctx, diffs, household.id, changes)


def _active_households():
    return Household.select().where(Household.settlement_date.is_null(False) & Household.moved_out_date.is_null())


def preview_template_changes(ctx: Context) -> list[PendingChange]:
    """What confirming the edited template would do to future open items (nothing is written)."""
    require(ctx, "admin.templates")
    specs, versions = _templates()
    out: list[PendingChange] = []
    for h in _active_households().order_by(Household.name):
        out.extend(_household_diff(h, ctx.today(), template_mode=True, specs=specs, versions=versions))
    return out


def apply_template_changes(ctx: Context) -> Changes:
    """Let future open items follow the edited template (after the user saw the preview).

    Done items and past items stay as they were.
    """
    require(ctx, "admin.templates")
    specs, versions = _templates()
    changes = Changes()
    with transaction(ctx):
        for h in _active_households():
            diffs = _household_diff(h, ctx.today(), template_mode=True, specs=specs, versions=versions)
            _write(ctx, diffs, h.id, changes)
    return changes


# ----- work on single items -----

def _open_item(errors: Errors, item_id: int) -> FollowUpItem:
    item = get_or_404(FollowUpItem, item_id, _("the task"))
    if item.status not in rules.OPEN_STATUSES:
        errors.add("", _("The task is already {status}.").format(
            status=rules.STATUSES.get(item.status, item.status).lower()))
    return item


def _save(ctx: Context, item: FollowUpItem, values: dict[str, Any]) -> Changes:
    changes = Changes()
    with transaction(ctx):
        diff = apply_fields(item, values)
        item.save()
        audit(ctx, "update", "follow_up_item", item.id, diff, changes)
    return changes


def _require_item_write(ctx: Context, item_id: int) -> None:
    """``followup.write``, or ``followup.write_housing`` for the housing office's own tasks."""
    if can(ctx, "followup.write") or not can(ctx, "followup.write_housing"):
        require(ctx, "followup.write")
        return
    item = get_or_404(FollowUpItem, item_id, _("the task"))
    if not rules.is_housing_task(item.responsible, item.source):
        require(ctx, "followup.write")


def mark_done(ctx: Context, *, item_id: int, done_date: Any = None, note: str = "") -> Changes:
    """Mark an open item done on ``done_date`` (default today) by the acting user; not in the future."""
    _require_item_write(ctx, item_id)
    errors = Errors()
    item = _open_item(errors, item_id)
    day = parse_date(errors, "done_date", done_date, label=_("Date done")) or ctx.today()
    if day > ctx.today():
        errors.add("done_date", _("The date done cannot be in the future."))
    note_clean = text(errors, "note", note, label=_("Note"), max_length=MAX_LONG_TEXT)
    errors.raise_if_any()
    return _save(ctx, item, {"status": "done", "done_date": day, "done_by": getattr(ctx.user, "id", None),
                             "note": note_clean or item.note})


def postpone(ctx: Context, *, item_id: int, new_due_date: Any, reason: str) -> Changes:
    """Move an open item's due date with a reason; the first generated date stays in ``original_due_date``."""
    _require_item_write(ctx, item_id)
    errors = Errors()
    item = _open_item(errors, item_id)
    day = parse_date(errors, "new_due_date", new_due_date, required=True, label=_("New deadline"))
    why = text(errors, "reason", reason, required=True, label=_("Justification"), max_length=1000)
    if day and day < ctx.today():
        errors.add("new_due_date", _("The new deadline cannot be before today."))
    errors.raise_if_any()
    return _save(ctx, item, {"status": "postponed", "due_date": day, "reason": why,
                             "original_due_date": item.original_due_date or item.due_date})


def mark_not_relevant(ctx: Context, *, item_id: int, reason: str) -> Changes:
    """Close an open item as not relevant for this household or person (a reason is required)."""
    _require_item_write(ctx, item_id)
    errors = Errors()
    item = _open_item(errors, item_id)
    why = text(errors, "reason", reason, required=True, label=_("Justification"), max_length=1000)
    errors.raise_if_any()
    return _save(ctx, item, {"status": "not_relevant", "reason": why, "done_date": ctx.today()})


def reopen(ctx: Context, *, item_id: int) -> Changes:
    """Undo done / not relevant: the item is open again (a postponed date is kept)."""
    require(ctx, "followup.write")
    item = get_or_404(FollowUpItem, item_id, _("the task"))
    if item.status not in ("done", "not_relevant"):
        raise ValidationError(_("Only done or not relevant tasks can be opened again."))
    status = "postponed" if item.original_due_date else "open"
    return _save(ctx, item, {"status": status, "done_date": None, "done_by": None})


def assign(ctx: Context, *, item_id: int, user_id: int | None) -> Changes:
    """Give an item to an officer (None = nobody)."""
    require(ctx, "followup.write")
    item = get_or_404(FollowUpItem, item_id, _("the task"))
    if user_id is not None:
        get_or_404(User, user_id, _("the user"))
    return _save(ctx, item, {"assigned_to": user_id})


def add_item(ctx: Context, *, household_id: HouseholdId, title: str, due_date: Any, responsible: str = "integration",
             person_id: PersonId | None = None, source: str = "manual", note: str = "") -> Changes:
    """Add a one-off task (manual, or an inspection's follow-up action) to a household's plan."""
    require(ctx, "inspections.write" if source == "inspection" else "followup.write")
    household = get_or_404(Household, household_id, _("the household"))
    errors = Errors()
    title_clean = text(errors, "title", title, required=True, label=_("Task"))
    day = parse_date(errors, "due_date", due_date, required=True, label=_("Deadline"))
    resp = choice(errors, "responsible", responsible, rules.RESPONSIBLE, label=_("Responsible"))
    note_clean = text(errors, "note", note, label=_("Note"), max_length=MAX_LONG_TEXT)
    errors.raise_if_any()
    assert day is not None and resp is not None  # required: raise_if_any has refused it missing
    changes = Changes()
    with transaction(ctx):
        _create_item(ctx, household, title=title_clean, due_date=day, responsible=resp, person_id=person_id,
                     source=source, note=note_clean, changes=changes)
    return changes


def _create_item(ctx: Context, household: Household, *, title: str, due_date: dt.date, responsible: str,
                 person_id: int | None, source: str, note: str, changes: Changes) -> FollowUpItem:
    year = 1
    if household.settlement_date:
        year = rules.item_year(household.settlement_date, due_date) or 1
    item = FollowUpItem.create(household=household, person=person_id, title=title, responsible=responsible,
                               due_date=due_date, follow_up_year=year, source=source, note=note)
    audit(ctx, "create", "follow_up_item", item.id, {"title": (None, title), "due_date": (None, due_date)}, changes)
    return item
