"""Postal code -> place: does "3560 Gol" agree with Posten's register? (3560 is Hemsedal.)

The table is shipped data (``resources/postal_codes.toml``, Hallingdal's codes); a code
that is not in it is not checked. Pure functions apart from reading that file once.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from ..i18n import _
from ..resources import resource_path

_LINE = re.compile(r"^\s*(\d{4})\s+(.+?)\s*$")


@lru_cache(maxsize=1)
def postal_codes() -> dict[str, str]:
    """{'3560': 'Hemsedal', …} from the shipped table."""
    with resource_path("postal_codes.toml").open("rb") as fh:
        return {str(k): str(v) for k, v in tomllib.load(fh).get("codes", {}).items()}


def place_for(code: str) -> str | None:
    """The place of a postal code, None when the table does not have it."""
    return postal_codes().get(code.strip())


def mismatch(code: str, place: str) -> str | None:
    """A warning (Norwegian) when ``place`` is not the register's place for ``code``; else None."""
    expected = place_for(code or "")
    if expected is None or not place.strip() or place.strip().casefold() == expected.casefold():
        return None
    return _("Postal code {code} belongs to {expected}, not {place}. Check the address.").format(
        code=code.strip(), expected=expected, place=place.strip())


def check_address_lines(lines: list[str]) -> str | None:
    """The warning for the first "NNNN Place" line of an address, if any."""
    for line in lines:
        m = _LINE.match(line)
        if m:
            return mismatch(m.group(1), m.group(2))
    return None
