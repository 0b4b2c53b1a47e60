"""Postal code → place, for filling the place when a postal code is typed.

Where the answer comes from, in order: an optional national register module
(``hemsedal_integrering.postal_codes.place(code)``, if the program ships one),
the two municipalities' own post towns, and the places already registered
with that postal code in this database (the most common one). Returns '' when
nothing is known — the user types the place. It only fills an empty field.
"""

from __future__ import annotations

from ..context import Context

#: The post towns of the service's two municipalities (Posten: 3550 Gol, 3560 Hemsedal).
HOME_POST_TOWNS = {"3550": "Gol", "3560": "Hemsedal"}


def place_for(ctx: Context, postal_code: str) -> str:
    """The place for a 4-digit Norwegian postal code, or ''."""
    code = (postal_code or "").strip()
    if len(code) != 4 or not code.isdigit():
        return ""
    try:
        from .. import postal_codes  # type: ignore[attr-defined]  # a national register, when shipped
        found = postal_codes.place(code)
        if found:
            return str(found)
    except (ImportError, AttributeError):
        pass
    if code in HOME_POST_TOWNS:
        return HOME_POST_TOWNS[code]
    row = ctx.db.execute_sql(
        "SELECT place, COUNT(*) AS n FROM (SELECT place FROM housing_unit WHERE postal_code = ? AND place <> '') "
        "AS units GROUP BY place ORDER BY n DESC, place LIMIT 1", [code]).fetchone()
    return row[0] if row else ""
