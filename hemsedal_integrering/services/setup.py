"""First set-up of a new database: the two municipalities and their letterhead defaults."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..i18n import _
from ..models import Municipality
from .access import require
from .base import Changes, Errors, apply_fields, audit, get_or_404, text, transaction

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
    """Edit a municipality's letterhead details (administrator)."""
    require(ctx, "admin.settings")
    m = Municipality.get_or_none(Municipality.code == code)
    if m is None:
        m = get_or_404(Municipality, -1, _("the municipality"))
    allowed = ("name", "org_nr", "service_name", "visiting_address", "postal_address", "phone", "email", "website")
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown municipality fields: {sorted(unknown)}")
    errors = Errors()
    clean = {k: text(errors, k, v, required=(k == "name"), label=_("The field")) for k, v in values.items()}
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        diff = apply_fields(m, clean)
        if diff:
            m.save()
            audit(ctx, "update", "municipality", m.id, diff, changes)
    return changes
