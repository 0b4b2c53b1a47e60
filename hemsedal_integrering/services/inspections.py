"""Tenancy inspections: checklist templates, planning with the notice rule, recording.

Contracts:

* ``ensure_checklist`` loads ``resources/inspection_checklist.toml`` once
  (idempotent; edited points are never overwritten).
* An inspection copies its checklist points when it is planned: the list of
  the tenancy's follow-up year and the visit's season. Editing the template
  later never changes a planned or recorded inspection.
* Husleieloven § 5-6 (at least one week's notice, normally): ``plan_inspection``
  refuses a shorter notice unless ``short_notice_confirmed`` — the GUI shows
  ``notice_warning`` and asks first. A warning, not a ban, because the law
  allows a shorter notice when the tenant agrees or the matter is urgent.
* ``record_inspection`` needs a result for every point and a remark for every
  "needs follow-up"; its follow-up actions become FollowUpItems with
  ``source='inspection'`` and so join the task overview.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..resources import resource_path
from ..context import Context
from ..errors import ValidationError
from ..i18n import N_, _, short_date
from ..models import (ChecklistTemplateItem, FollowUpItem, Household, HousingUnit, Inspection, InspectionPoint,
                      Municipality, Tenancy)
from ..rules import checklist as rules
from ..rules.followup import RESPONSIBLE
from .access import require
from .base import (MAX_LONG_TEXT, Changes, Errors, apply_fields, audit, choice, get_or_404, insert_rows, parse_date,
                   text, transaction)
from .entity import Entity, FieldRule, Scope, choice_field, flag_field, int_field, text_field, update_entity
from .followup import _create_item

CHECKLIST_FILE = resource_path("inspection_checklist.toml")


# ----- checklist template -----

@functools.lru_cache(maxsize=1)
def _default_checklist() -> dict[str, list[dict[str, Any]]]:
    with open(CHECKLIST_FILE, "rb") as fh:
        return tomllib.load(fh)


def ensure_checklist(ctx: Context) -> Changes:
    """Load the default checklist points that are not in the table yet, and set retired
    defaults inactive when their text is still the default's (an edited point stays)."""
    changes = Changes()
    data = _default_checklist()
    rows = data.get("point", [])
    existing = {p.key: p for p in ChecklistTemplateItem.select()}
    with transaction(ctx):
        for order, row in enumerate(rows):
            if row["key"] in existing:
                continue
            item = ChecklistTemplateItem.create(
                key=row["key"], category=row.get("category", ""), text=row["text"],
                years=rules.format_years(rules.parse_years(row.get("years", []))),
                season=row.get("season", "all"), sort_order=(order + 1) * 10)
            audit(ctx, "create", "checklist_template_item", item.id, {"key": (None, item.key)}, changes)
        for row in data.get("retired", []):
            old = existing.get(row["key"])
            if old is not None and old.active and old.text == row["text"]:
                old.active = False
                old.save()
                audit(ctx, "update", "checklist_template_item", old.id, {"active": (True, False)}, changes)
    return changes


def _defaults_missing() -> bool:
    """Whether the shipped checklist has points (or retirements) a database loaded from it lacks."""
    data = _default_checklist()
    keys = {p.key: p for p in ChecklistTemplateItem.select(ChecklistTemplateItem.key, ChecklistTemplateItem.text,
                                                            ChecklistTemplateItem.active)}
    default_keys = {row["key"] for row in data.get("point", [])} | {row["key"] for row in data.get("retired", [])}
    if keys and not default_keys & set(keys):
        return False  # a list built by hand, never loaded from the defaults: leave it alone
    if any(row["key"] not in keys for row in data.get("point", [])):
        return True
    return any(row["key"] in keys and keys[row["key"]].active and keys[row["key"]].text == row["text"]
               for row in data.get("retired", []))


def _may_write_checklist(ctx: Context) -> bool:
    """Whether this login may add checklist points: always on a file; on a server, if its group may."""
    if getattr(ctx.db, "server_url", None) is None:
        return True
    return bool(ctx.db.execute_sql("SELECT has_table_privilege('checklist_template_item', 'INSERT')").fetchone()[0])


def _point_specs(ctx: Context) -> list[rules.PointSpec]:
    """The active checklist points; the defaults are loaded on first use."""
    # An upgraded program brings new default points; a read-only database reads what it has. On a server a
    # login whose group may not write the checklist (housing: templates are the administrators') reads what is
    # there, or the shipped defaults while the table is still empty (issue 17).
    if not getattr(ctx.db, "read_only_reason", None) and _defaults_missing():
        if _may_write_checklist(ctx):
            ensure_checklist(ctx)
        elif not ChecklistTemplateItem.select().exists():
            return [rules.PointSpec(key=row["key"], category=row.get("category", ""), text=row["text"],
                                    years=rules.parse_years(row.get("years", [])), season=row.get("season", "all"),
                                    sort_order=(order + 1) * 10)
                    for order, row in enumerate(_default_checklist().get("point", []))]
    return [rules.PointSpec(key=p.key, category=p.category, text=p.text, years=rules.parse_years(p.years),
                            season=p.season, sort_order=p.sort_order)
            for p in ChecklistTemplateItem.select().where(ChecklistTemplateItem.active == True)]  # noqa: E712


def template_points(ctx: Context, year: int, season_code: str) -> list[tuple[str, str]]:
    """(category, text) of the template's points for a follow-up year and season, in
    template order: what a blank printed checklist or an inspection notice lists."""
    return [(p.category, p.text) for p in rules.select_points(_point_specs(ctx), year, season_code)]


def inspection_points(ctx: Context, inspection: Inspection) -> list[tuple[str, str]]:
    """(category, text) of the points copied into an inspection when it was planned;
    the template's points for its year and season when it has none (recorded before
    points were copied, or created outside the planning service)."""
    rows = list(inspection.points.order_by(InspectionPoint.sort_order, InspectionPoint.id))
    if rows:
        return [(p.category, p.text) for p in rows]
    season_code = inspection.season if inspection.season in ("winter", "summer") else \
        rules.inspection_season(inspection.planned_at.date())
    return template_points(ctx, inspection.follow_up_year, season_code)


def _years(errors: Errors, field_name: str, value: Any, *, required: bool = False, label: str = "") -> str:
    """Follow-up years as stored ("1,2,3"): what ``rules.parse_years`` reads (never an error)."""
    return rules.format_years(rules.parse_years(value))


CHECKLIST_POINT = Entity(ChecklistTemplateItem, N_("the checklist point"), "admin.templates", (
    text_field("text", N_("Checkpoint"), required=True, max_length=500),
    text_field("category", N_("Category"), required=True),
    FieldRule("years", N_("Years"), _years),
    choice_field("season", N_("Season"), rules.SEASONS),
    flag_field("active", N_("Active")),
    int_field("sort_order", N_("Order"), required=True, minimum=0),
))


def update_checklist_point(ctx: Context, *, key: str, **values: Any) -> Changes:
    """Edit a checklist point (administrator). Planned and recorded inspections keep their copies."""
    require(ctx, CHECKLIST_POINT.permission)
    point = ChecklistTemplateItem.get_or_none(ChecklistTemplateItem.key == key)
    if point is None:
        raise ValidationError({"key": _("Could not find the checklist point «{key}».").format(key=key)})
    return update_entity(ctx, CHECKLIST_POINT, point, values)


def create_checklist_point(ctx: Context, *, key: str, category: str, text_: str, years: Any = "1,2,3,4,5",
                           season: str = "all") -> Changes:
    """Add a checklist point (administrator)."""
    require(ctx, "admin.templates")
    errors = Errors()
    key_clean = text(errors, "key", key, required=True, label=_("Key"), max_length=60)
    if key_clean and ChecklistTemplateItem.select().where(ChecklistTemplateItem.key == key_clean).exists():
        errors.add("key", _("The key is in use."))
    clean = CHECKLIST_POINT.validate(errors, {"category": category, "text": text_, "years": years, "season": season},
                                     Scope(ctx), only_given=True)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        order = (ChecklistTemplateItem.select().count() + 1) * 10
        point = ChecklistTemplateItem.create(key=key_clean, sort_order=order, **clean)
        audit(ctx, "create", "checklist_template_item", point.id, {k: (None, v) for k, v in clean.items()}, changes)
    return changes


# ----- the checklist for a visit (also the data of the printed blank checklist) -----

@dataclass
class ChecklistPoint:
    key: str
    text: str
    result: str | None = None  # ok | follow_up | not_relevant
    remark: str = ""
    point_id: int | None = None  # InspectionPoint id once the inspection is planned


@dataclass
class ChecklistGroup:
    category: str
    points: list[ChecklistPoint] = field(default_factory=list)


@dataclass
class ChecklistData:
    """Everything a printed checklist shows. No sensitive personal data (housing staff print it)."""

    municipality: str
    address: str
    place: str
    household_name: str
    follow_up_year: int
    season: str  # winter | summer
    season_label: str
    on: dt.date
    groups: list[ChecklistGroup]
    inspection_id: int | None = None
    planned_at: dt.datetime | None = None
    remarks: str = ""


def _groups(points: Iterable[tuple[str, ChecklistPoint]]) -> list[ChecklistGroup]:
    groups: dict[str, ChecklistGroup] = {}
    for category, point in points:
        groups.setdefault(category, ChecklistGroup(category)).points.append(point)
    return list(groups.values())


def _header(tenancy: Tenancy, on: dt.date) -> dict[str, Any]:
    unit: HousingUnit = tenancy.unit
    from ..queries.contact import household as readable_household  # a housing login's columns on a server
    household: Household = readable_household(tenancy.household_id)
    season = rules.inspection_season(on)
    return dict(municipality=Municipality.get_by_id(unit.municipality_id).name, address=unit.address,
                place=" ".join(x for x in (unit.postal_code, unit.place) if x), household_name=household.name,
                follow_up_year=rules.inspection_year(household.settlement_date, on), season=season,
                season_label=rules.SEASONS[season], on=on)


def checklist_for(ctx: Context, *, tenancy_id: int, on: dt.date) -> ChecklistData:
    """The blank checklist for a visit to a tenancy on a date (year and season from that date)."""
    require(ctx, "inspections.read")
    tenancy = get_or_404(Tenancy, tenancy_id, _("the tenancy"))
    head = _header(tenancy, on)
    chosen = rules.select_points(_point_specs(ctx), head["follow_up_year"], head["season"])
    return ChecklistData(**head, groups=_groups((p.category, ChecklistPoint(p.key, p.text)) for p in chosen))


def checklist_for_inspection(ctx: Context, *, inspection_id: int) -> ChecklistData:
    """The checklist copied into a planned or recorded inspection, with any results."""
    require(ctx, "inspections.read")
    insp = get_or_404(Inspection, inspection_id, _("the inspection"))
    on = insp.performed_date or insp.planned_at.date()
    head = _header(insp.tenancy, on)
    head.update(follow_up_year=insp.follow_up_year, season=insp.season, season_label=rules.SEASONS[insp.season])
    points = insp.points.order_by(InspectionPoint.sort_order, InspectionPoint.id)
    return ChecklistData(**head, inspection_id=insp.id, planned_at=insp.planned_at, remarks=insp.remarks,
                         groups=_groups((p.category, ChecklistPoint(p.template_key, p.text, p.result, p.remark, p.id))
                                        for p in points))


# ----- planning and recording -----

def _parse_when(errors: Errors, value: Any) -> dt.datetime | None:
    """A visit time from a datetime, a date (→ 10:00), or text 'dd.mm.åååå tt:mm'."""
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(10, 0))
    s = str(value or "").strip()
    for fmt in ("%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
        try:
            return dt.datetime.strptime(s, fmt)
        except ValueError:
            pass
    day = parse_date(errors, "planned_at", s, required=True, label=_("Time of the inspection"))
    return dt.datetime.combine(day, dt.time(10, 0)) if day else None


def notice_warning(ctx: Context, *, planned_at: Any, notice_sent_date: Any = None) -> str | None:
    """The § 5-6 warning for a planned visit, or None (for the GUI to ask before saving)."""
    errors = Errors()
    when = _parse_when(errors, planned_at)
    sent = parse_date(errors, "notice_sent_date", notice_sent_date, label=_("Notice date"))
    if errors or when is None:
        return None
    return rules.notice_warning(when.date(), sent, ctx.today())


def plan_inspection(ctx: Context, *, tenancy_id: int, planned_at: Any, notice_sent_date: Any = None,
                    short_notice_confirmed: bool = False) -> Changes:
    """Plan a visit and copy the checklist for the tenancy's follow-up year and the visit's season."""
    require(ctx, "inspections.write")
    tenancy = get_or_404(Tenancy, tenancy_id, _("the tenancy"))
    errors = Errors()
    when = _parse_when(errors, planned_at)
    sent = parse_date(errors, "notice_sent_date", notice_sent_date, label=_("Notice date"))
    if when:
        day = when.date()
        if day < ctx.today():
            errors.add("planned_at", _("An inspection cannot be planned in the past. Record it as done."))
        if day < tenancy.start_date or (tenancy.end_date and day > tenancy.end_date):
            errors.add("planned_at", _("The date is outside the tenancy."))
        if sent and sent > ctx.today():
            errors.add("notice_sent_date", _("The notice date cannot be in the future."))
        warning = rules.notice_warning(day, sent, ctx.today())
        if warning and not short_notice_confirmed:
            errors.add("notice_sent_date", warning)
    errors.raise_if_any()
    assert when is not None  # required: raise_if_any has refused it missing
    head = _header(tenancy, when.date())
    chosen = rules.select_points(_point_specs(ctx), head["follow_up_year"], head["season"])
    changes = Changes()
    with transaction(ctx):
        insp = Inspection.create(tenancy=tenancy, planned_at=when, notice_sent_date=sent or ctx.today(),
                                 inspector=getattr(ctx.user, "id", None), follow_up_year=head["follow_up_year"],
                                 season=head["season"], status="planned")
        _copy_points(insp.id, chosen)
        audit(ctx, "create", "inspection", insp.id,
              {"planned_at": (None, when), "notice_sent_date": (None, sent or ctx.today()),
               "short_notice": (None, bool(warning))}, changes)
    return changes


_POINT_FIELDS = (InspectionPoint.inspection, InspectionPoint.template_key, InspectionPoint.category,
                 InspectionPoint.text, InspectionPoint.sort_order)


def _copy_points(inspection_id: int, chosen: list[rules.PointSpec]) -> list[int]:
    """The checklist's points as the inspection's rows, in one statement (ids in checklist order)."""
    return insert_rows(InspectionPoint, _POINT_FIELDS,
                       [(inspection_id, p.key, p.category, p.text, order) for order, p in enumerate(chosen)])


def cancel_inspection(ctx: Context, *, inspection_id: int, reason: str) -> Changes:
    """Cancel a planned visit (the reason goes into the remarks)."""
    require(ctx, "inspections.write")
    insp = get_or_404(Inspection, inspection_id, _("the inspection"))
    errors = Errors()
    why = text(errors, "reason", reason, required=True, label=_("Justification"), max_length=1000)
    if insp.status != "planned":
        errors.add("", _("Only planned inspections can be cancelled."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        diff = apply_fields(insp, {"status": "cancelled",
                                   "remarks": _("Cancelled: {reason}").format(reason=why)})
        insp.save()
        audit(ctx, "update", "inspection", insp.id, diff, changes)
    return changes


@dataclass
class Action:
    """A follow-up action found at an inspection; becomes a task."""

    title: str
    due_date: Any
    responsible: str = "housing"


def record_inspection(ctx: Context, *, inspection_id: int, performed_date: Any,
                      results: Mapping[int, tuple[str | None, str]], remarks: str = "",
                      actions: Iterable[Action | Mapping[str, Any]] = ()) -> Changes:
    """Record a visit: ``results`` maps each InspectionPoint id to (result, remark)."""
    require(ctx, "inspections.write")
    insp = get_or_404(Inspection, inspection_id, _("the inspection"))
    changes = Changes()
    with transaction(ctx):
        _record(ctx, insp, performed_date=performed_date, results=results, remarks=remarks, actions=actions,
                changes=changes)
    return changes


def record_unplanned_inspection(ctx: Context, *, tenancy_id: int, performed_date: Any,
                                results: Mapping[str, tuple[str | None, str]], remarks: str = "",
                                actions: Iterable[Action | Mapping[str, Any]] = ()) -> Changes:
    """Plan and record a visit in one step (an unannounced or unplanned visit already made).

    ``results`` maps each checklist point's template key to (result, remark):
    the points of the tenancy's follow-up year and season on ``performed_date``
    (``checklist_for``). Validation errors name the points by key
    (``points[<key>].result``). Nothing is saved unless everything is valid.
    """
    require(ctx, "inspections.write")
    tenancy = get_or_404(Tenancy, tenancy_id, _("the tenancy"))
    errors = Errors()
    day = parse_date(errors, "performed_date", performed_date, required=True, label=_("Date of the inspection"))
    if day and day > ctx.today():
        errors.add("performed_date", _("An inspection cannot be recorded in the future."))
    if day and (day < tenancy.start_date or (tenancy.end_date and day > tenancy.end_date)):
        errors.add("performed_date", _("The date is outside the tenancy."))
    errors.raise_if_any()
    assert day is not None  # required: raise_if_any has refused it missing
    head = _header(tenancy, day)
    chosen = rules.select_points(_point_specs(ctx), head["follow_up_year"], head["season"])
    changes = Changes()
    with transaction(ctx):
        insp = Inspection.create(tenancy=tenancy, planned_at=dt.datetime.combine(day, dt.time(0, 0)),
                                 notice_sent_date=None, inspector=getattr(ctx.user, "id", None),
                                 follow_up_year=head["follow_up_year"], season=head["season"], status="planned")
        keys = dict(zip(_copy_points(insp.id, chosen), (p.key for p in chosen), strict=True))
        by_id = {point_id: results.get(key, (None, "")) for point_id, key in keys.items()}
        audit(ctx, "create", "inspection", insp.id, {"performed_date": (None, day), "unplanned": (None, True)},
              changes)
        try:
            _record(ctx, insp, performed_date=day, results=by_id, remarks=remarks, actions=actions,
                    changes=changes)
        except ValidationError as exc:
            raise ValidationError({_rekey(f, keys): m for f, m in exc.errors.items()}) from None
    return changes


def _rekey(field_name: str, keys: Mapping[int, str]) -> str:
    """'points[17].result' -> 'points[smoke_detector].result' (the point rows are rolled back)."""
    if not field_name.startswith("points["):
        return field_name
    pid = int(field_name[len("points["):field_name.index("]")])
    return f"points[{keys.get(pid, pid)}]{field_name[field_name.index(']') + 1:]}"


def _record(ctx: Context, insp: Inspection, *, performed_date: Any, results: Mapping[int, tuple[str | None, str]],
            remarks: str, actions: Iterable[Action | Mapping[str, Any]], changes: Changes) -> None:
    """Validate and save a visit's results inside the caller's transaction; measures become tasks
    (``FollowUpItem.template_key`` = ``inspection:<id>`` ties them to the inspection)."""
    errors = Errors()
    if insp.status == "cancelled":
        errors.add("", _("The inspection is cancelled."))
    day = parse_date(errors, "performed_date", performed_date, required=True, label=_("Date of the inspection"))
    if day and day > ctx.today():
        errors.add("performed_date", _("An inspection cannot be recorded in the future."))
    remarks_clean = text(errors, "remarks", remarks, label=_("Remarks"), max_length=MAX_LONG_TEXT)
    points = {p.id: p for p in insp.points}
    cleaned: dict[int, tuple[str | None, str]] = {}
    for pid, point in points.items():
        result, remark = results.get(pid, (None, ""))
        sub = Errors(prefix=f"points[{pid}].")
        res = choice(sub, "result", result, rules.RESULTS, label=f"«{point.text}»")
        rem = text(sub, "remark", remark, label=_("Remark"), max_length=2000)
        if res == "follow_up" and not rem:
            sub.add("remark", _("Write what needs follow-up for «{point}».").format(point=point.text))
        errors.errors.update(sub.errors)
        cleaned[pid] = (res, rem)
    action_list = [a if isinstance(a, Action) else Action(**a) for a in actions]
    parsed_actions = []
    for i, a in enumerate(action_list):
        sub = Errors(prefix=f"actions[{i}].")
        title = text(sub, "title", a.title, required=True, label=_("Follow-up action"))
        due = parse_date(sub, "due_date", a.due_date, required=True, label=_("Deadline"))
        resp = choice(sub, "responsible", a.responsible, RESPONSIBLE, label=_("Responsible"))
        errors.errors.update(sub.errors)
        parsed_actions.append((title, due, resp))
    errors.raise_if_any()
    tenancy = insp.tenancy
    for pid, (res, rem) in cleaned.items():
        point = points[pid]
        diff = apply_fields(point, {"result": res, "remark": rem})
        if diff:
            point.save()
            changes.add("updated", "inspection_point", pid)
    diff = apply_fields(insp, {"status": "done", "performed_date": day, "remarks": remarks_clean,
                               "inspector": getattr(ctx.user, "id", None) or insp.inspector_id})
    insp.save()
    audit(ctx, "update", "inspection", insp.id, diff, changes)
    for title, due, resp in parsed_actions:
        assert due is not None and resp is not None  # required: raise_if_any has refused it missing
        item = _create_item(ctx, tenancy.household, title=title, due_date=due, responsible=resp, person_id=None,
                            source="inspection", note=_("From the housing inspection {date}, {address}").format(
                                date=short_date(day), address=tenancy.unit.address),
                            changes=changes)
        FollowUpItem.update(template_key=f"inspection:{insp.id}").where(FollowUpItem.id == item.id).execute()
