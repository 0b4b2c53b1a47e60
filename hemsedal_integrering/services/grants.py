"""The integration grant rates table (integreringstilskudd), kept by an administrator.

Rates change every year and are published by IMDi; the program never holds
an amount of its own. A rate is one (calendar year, category, grant year)
with an amount in whole kroner: grant years 1–5 for the yearly categories,
grant year 0 for the one-time grants. Setting a rate that exists replaces
its amount (one rate per key).
"""

from __future__ import annotations

from typing import Any

from .. import vocab
from ..context import Context
from ..i18n import _
from ..models import GrantRate
from .access import can, require
from .base import Changes, Errors, audit, choice, get_or_404, parse_int, transaction

MAX_AMOUNT = 10_000_000


def set_rate(ctx: Context, *, year: Any, category: Any, grant_year: Any, amount: Any) -> Changes:
    """Create the rate for (year, category, grant year) or change its amount."""
    require(ctx, "admin.rates")
    errors = Errors()
    y = parse_int(errors, "year", year, required=True, label=_("Year"), minimum=2000, maximum=2100)
    cat = choice(errors, "category", category, vocab.GRANT_CATEGORIES, label=_("Category"))
    g = parse_int(errors, "grant_year", grant_year, required=True, label=_("Grant year"), minimum=0, maximum=5)
    a = parse_int(errors, "amount", amount, required=True, label=_("Amount"), minimum=0, maximum=MAX_AMOUNT)
    if cat and g is not None:
        if cat in vocab.ONE_TIME_GRANT_CATEGORIES and g != 0:
            errors.add("grant_year", _("One-time grants are entered with grant year 0."))
        elif cat not in vocab.ONE_TIME_GRANT_CATEGORIES and g == 0:
            errors.add("grant_year", _("The grant year must be 1–5 for this category."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        row = GrantRate.get_or_none((GrantRate.year == y) & (GrantRate.category == cat) & (GrantRate.grant_year == g))
        if row is None:
            row = GrantRate.create(year=y, category=cat, grant_year=g, amount=a)
            audit(ctx, "create", "grant_rate", row.id, {"year": (None, y), "category": (None, cat),
                                                        "grant_year": (None, g), "amount": (None, a)}, changes)
        elif row.amount != a:
            old = row.amount
            row.amount = a
            row.save()
            audit(ctx, "update", "grant_rate", row.id, {"amount": (old, a)}, changes)
    return changes


def delete_rate(ctx: Context, *, rate_id: int) -> Changes:
    """Remove a rate (e.g. entered for the wrong year)."""
    require(ctx, "admin.rates")
    row = get_or_404(GrantRate, rate_id, _("the rate"))
    changes = Changes()
    with transaction(ctx):
        audit(ctx, "delete", "grant_rate", row.id, {"year": (row.year, None), "category": (row.category, None),
                                                    "grant_year": (row.grant_year, None),
                                                    "amount": (row.amount, None)}, changes)
        row.delete_instance()
    return changes


def list_rates(ctx: Context, *, year: int | None = None) -> list[GrantRate]:
    """Rates ordered by year (newest first), category order, grant year. Readable by report readers too."""
    if not (can(ctx, "admin.rates") or can(ctx, "reports.read")):
        require(ctx, "admin.rates")
    q = GrantRate.select()
    if year is not None:
        q = q.where(GrantRate.year == year)
    order = list(vocab.GRANT_CATEGORIES)
    rows = list(q)
    rows.sort(key=lambda r: (-r.year, order.index(r.category) if r.category in order else 99, r.grant_year))
    return rows

