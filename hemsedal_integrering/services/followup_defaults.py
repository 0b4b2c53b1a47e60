"""Bring a database's follow-up template up to the program's corrected defaults.

``ensure_templates`` only adds keys that are missing, so a database made
before the defaults were corrected (issue 14: programme duties by eligibility,
the order mapping → guidance → decision → start, integreringsloven instead of
the repealed act) keeps the old items. ``sync_default_templates`` updates every
template item the municipality has not edited since it came from the defaults,
bumping its version like an administrator's edit would. Nothing generated
changes here: the administrator then sees the effect in the existing preview
("Vis virkning…") and confirms it with ``followup.apply_template_changes``, so
done and past items keep their history.

Which items are unedited: the setting ``followup_template_defaults`` records,
per key, the version the last sync wrote (absent = 1, the first load). A
different version means an administrator edited the item: it is left alone.
"""

from __future__ import annotations

import json

from ..context import Context
from ..models import FollowUpTemplateItem, Setting
from .access import require
from .base import Changes, apply_fields, audit, transaction
from .followup import TEMPLATE_FIELDS, ensure_templates, load_template_file

SETTING_KEY = "followup_template_defaults"
_DEFAULTS = {"description": "", "offset_days": 0, "offset_months": 0, "repeat_yearly": False, "times_per_year": 1,
             "legal_bases": "", "active": True}


def _synced() -> dict[str, int]:
    row = Setting.get_or_none(Setting.key == SETTING_KEY)
    return json.loads(row.value) if row and row.value else {}


def pending_default_updates() -> list[str]:
    """Keys whose unedited database copy differs from the program's defaults (nothing is written)."""
    synced = _synced()
    out = []
    for row in load_template_file():
        item = FollowUpTemplateItem.get_or_none(FollowUpTemplateItem.key == row["key"])
        if item is None or item.version != synced.get(item.key, 1):
            continue
        wanted = _wanted(row)
        if any(getattr(item, name) != value for name, value in wanted.items()):
            out.append(item.key)
    return out


def _wanted(row: dict) -> dict:
    return {name: row.get(name, _DEFAULTS.get(name)) for name in TEMPLATE_FIELDS
            if name not in ("sort_order",) and (name in row or name in _DEFAULTS)}


def sync_default_templates(ctx: Context) -> Changes:
    """Update unedited template items to the program's defaults and add new keys (administrator).

    Generated items follow only after ``followup.apply_template_changes``.
    """
    require(ctx, "admin.templates")
    changes = ensure_templates(ctx)
    synced = _synced()
    keys = pending_default_updates()
    if not keys:
        return changes
    rows = {r["key"]: r for r in load_template_file()}
    with transaction(ctx):
        for key in keys:
            item = FollowUpTemplateItem.get(FollowUpTemplateItem.key == key)
            diff = apply_fields(item, _wanted(rows[key]))
            diff["version"] = (item.version, item.version + 1)
            item.version += 1
            item.save()
            synced[key] = item.version
            audit(ctx, "update", "follow_up_template_item", item.id, diff, changes)
        setting, _created = Setting.get_or_create(key=SETTING_KEY, defaults={"value": "{}"})
        setting.value = json.dumps(synced, sort_keys=True)
        setting.save()
    return changes
