"""The integration grant rates table (integreringstilskudd), kept by an administrator.

Rates change every year and are published by IMDi; the program never holds
an amount of its own. A rate is one (calendar year, category, grant year)
with an amount in whole kroner, structured as IMDi's yearly circular
(imdi.no/tilskudd/integreringstilskudd): the categories differ in grant
year 1 only; grant years 2–5 have one rate each ('general'); the one-time
grants and the special grant for unaccompanied minors (per year, until the
year the person turns 20) have grant year 0. Setting a rate that exists
replaces its amount (one rate per key). ``import_rates`` reads the table
from a spreadsheet (the layout IMDi's rates are usually copied into).
Grants applied for per person (disability or behavioural problems) are
granted amounts per person and year (``set_person_grant``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import vocab
from ..context import Context
from ..errors import ValidationError
from ..i18n import _
from ..models import GrantRate, Person, PersonGrant
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
    _check_grant_year(errors, cat, g)
    errors.raise_if_any()
    assert y is not None and g is not None and a is not None  # required: raise_if_any has refused it missing
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


def _check_grant_year(errors: Errors, cat: str | None, g: int | None, field: str = "grant_year") -> None:
    if not cat or g is None:
        return
    if cat in vocab.ONE_TIME_GRANT_CATEGORIES and g != 0:
        errors.add(field, _("One-time grants and the special grant for unaccompanied minors are entered with "
                            "grant year 0."))
    elif cat in vocab.YEAR_ONE_GRANT_CATEGORIES and g != 1:
        errors.add(field, _("The categories differ in grant year 1 only: enter years 2–5 as «{general}».").format(
            general=vocab.GRANT_CATEGORIES["general"]))
    elif cat == "general" and not 2 <= g <= 5:
        errors.add(field, _("«{general}» is for grant years 2–5.").format(general=vocab.GRANT_CATEGORIES["general"]))


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



#: Column headings the rate import understands (Norwegian or English, any case).
#: They are the file format (data), not texts the program shows.
IMPORT_COLUMNS = {"year": ("år", "year"), "category": ("kategori", "category"),  # i18n: data
                  "grant_year": ("tilskuddsår", "grant year", "grant_year"),  # i18n: data
                  "amount": ("beløp", "sats", "amount")}  # i18n: data


def _category_code(value: Any) -> str | None:
    text_value = str(value or "").strip()
    if text_value in vocab.GRANT_CATEGORIES:
        return text_value
    by_label = {label.lower(): code for code, label in vocab.GRANT_CATEGORIES.items()}
    return by_label.get(text_value.lower())


def read_rate_sheet(path: Path | str) -> list[dict[str, Any]]:
    """The rows of the first sheet of an .xlsx file with the columns År, Kategori,
    Tilskuddsår, Beløp (heading row anywhere in the first 10 rows). ValidationError
    ('file') when the file or its headings cannot be read."""
    from openpyxl import load_workbook  # loaded only when importing
    try:
        ws = load_workbook(Path(path), read_only=True, data_only=True).worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    except Exception as exc:  # any unreadable file is the same message to the user
        raise ValidationError({"file": _("The file could not be read as an Excel workbook (.xlsx): {error}").format(
            error=exc)}) from None
    for i, row in enumerate(rows[:10]):
        heads = [str(c or "").strip().lower() for c in row]
        index = {key: next((j for j, h in enumerate(heads) if h in names), None)
                 for key, names in IMPORT_COLUMNS.items()}
        found = {key: j for key, j in index.items() if j is not None}
        if len(found) == len(index):
            return [{"row": i + 2 + n, **{k: r[j] if j < len(r) else None for k, j in found.items()}}
                    for n, r in enumerate(rows[i + 1:]) if any(c not in (None, "") for c in r)]
    raise ValidationError({"file": _("The sheet needs the columns År, Kategori, Tilskuddsår and Beløp in one "
                                     "heading row.")})


def import_rates(ctx: Context, *, path: Path | str) -> Changes:
    """Import every rate of a spreadsheet (see ``read_rate_sheet``) in one transaction:
    all rows are checked first, and any bad row stops the import with its row number."""
    require(ctx, "admin.rates")
    rows = read_rate_sheet(path)
    errors = Errors()
    clean: list[tuple[int, str, int, int]] = []
    for r in rows:
        e = Errors()
        y = parse_int(e, "year", r["year"], required=True, label=_("Year"), minimum=2000, maximum=2100)
        cat = _category_code(r["category"])
        if cat is None:
            e.add("category", _("unknown category «{value}»").format(value=r["category"]))
        g = parse_int(e, "grant_year", r["grant_year"] if r["grant_year"] not in (None, "") else 0, required=True,
                      label=_("Grant year"), minimum=0, maximum=5)
        a = parse_int(e, "amount", r["amount"], required=True, label=_("Amount"), minimum=0, maximum=MAX_AMOUNT)
        _check_grant_year(e, cat, g)
        if y is None or cat is None or g is None or a is None or e.errors:
            errors.add(f"row{r['row']}", _("Row {row}: {problems}").format(
                row=r["row"], problems="; ".join(e.errors.values())))
        else:
            clean.append((y, cat, g, a))
    if not clean and not errors.errors:
        errors.add("file", _("The sheet has no rates."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        for y, cat, g, a in clean:
            changes.merge(set_rate(ctx, year=y, category=cat, grant_year=g, amount=a))
    return changes


PERSON_GRANT_KINDS = {"disability": _("Grant for persons with disabilities or behavioural problems")}


def set_person_grant(ctx: Context, *, person_id: int, kind: str = "disability", year: Any, amount: Any,
                     note: str = "") -> Changes:
    """Record a grant IMDi has granted for one person and calendar year (replaces the amount)."""
    require(ctx, "admin.rates")
    person = get_or_404(Person, person_id, _("the person"))
    errors = Errors()
    k = choice(errors, "kind", kind, PERSON_GRANT_KINDS, label=_("Grant"))
    y = parse_int(errors, "year", year, required=True, label=_("Year"), minimum=2000, maximum=2100)
    a = parse_int(errors, "amount", amount, required=True, label=_("Amount"), minimum=0, maximum=MAX_AMOUNT)
    errors.raise_if_any()
    assert y is not None and a is not None  # required: raise_if_any has refused it missing
    changes = Changes()
    with transaction(ctx):
        row = PersonGrant.get_or_none((PersonGrant.person == person) & (PersonGrant.kind == k)
                                      & (PersonGrant.year == y))
        if row is None:
            row = PersonGrant.create(person=person, kind=k, year=y, amount=a, note=note or "")
            audit(ctx, "create", "person_grant", row.id, {"person": (None, person.id), "kind": (None, k),
                                                          "year": (None, y), "amount": (None, a)}, changes)
        elif row.amount != a or row.note != (note or ""):
            diff = {"amount": (row.amount, a), "note": (row.note, note or "")}
            row.amount, row.note = a, note or ""
            row.save()
            audit(ctx, "update", "person_grant", row.id, diff, changes)
    return changes
