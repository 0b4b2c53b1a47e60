"""Norwegian identity numbers: fødselsnummer, D-nummer, synthetic test numbers, DUF-nummer.

Check digits are verified with python-stdnum. Nothing here derives age or
gender from a number: from 2032 new numbers carry no gender and may use other
check-digit remainders, and a D-number's date need not be the birth date.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum import exceptions as stdnum_exc
from stdnum.no import fodselsnummer

from ..i18n import _


@dataclass(frozen=True)
class IdentityCheck:
    """``number`` is the compact form when valid; ``message`` (translated) says why when not."""

    number: str | None
    message: str | None
    kind: str | None = None  # 'fnr' | 'dnr' | 'synthetic'

    @property
    def ok(self) -> bool:
        return self.message is None


def _kind(number: str) -> str:
    if int(number[0]) >= 4:
        return "dnr"
    if int(number[2]) >= 8:
        return "synthetic"
    return "fnr"


def check_national_id(raw: str) -> IdentityCheck:
    """Validate a fødselsnummer or D-nummer (11 digits, spaces allowed).

    Synthetic test numbers (month + 80, as in Skatteetaten's test data) are
    accepted when their check digits are right, since stdnum cannot read a
    date out of them.
    """
    number = fodselsnummer.compact(raw or "")
    if not number:
        return IdentityCheck(None, _("The national identity number or D number is missing."))
    if not number.isdigit():
        return IdentityCheck(None, _("A national identity number or D number consists of digits only."))
    if len(number) != 11:
        return IdentityCheck(None, _("A national identity number or D number has 11 digits (this one has {count}).")
                             .format(count=len(number)))
    if number[-2] != fodselsnummer.calc_check_digit1(number) or number[-1] != fodselsnummer.calc_check_digit2(number):
        return IdentityCheck(None, _("The check digits do not match. Check that the number is written correctly."))
    kind = _kind(number)
    if kind == "synthetic":
        return IdentityCheck(number, None, kind)
    try:
        fodselsnummer.validate(number)
    except stdnum_exc.InvalidComponent:
        return IdentityCheck(None, _("The date part of the number is not a valid date."))
    except stdnum_exc.ValidationError:
        return IdentityCheck(None, _("The number is not a valid national identity number or D number."))
    return IdentityCheck(number, None, kind)


def check_duf_number(raw: str) -> IdentityCheck:
    """A DUF-nummer is 12 digits (UDI's case number; spaces and dashes allowed)."""
    number = "".join(ch for ch in (raw or "") if ch not in " -")
    if not number:
        return IdentityCheck(None, _("The DUF number is missing."))
    if not number.isdigit() or len(number) != 12:
        return IdentityCheck(None, _("The DUF number must have 12 digits."))
    return IdentityCheck(number, None, "duf")


def format_national_id(number: str | None) -> str:
    """'DDMMYY NNNNN' for display; '' for None."""
    if not number:
        return ""
    return fodselsnummer.format(number)


def mask_national_id(number: str | None) -> str:
    """'DDMMYY *****': enough to recognise, not enough to misuse (audit log, lists)."""
    if not number:
        return ""
    return number[:6] + " *****"


def make_synthetic_number(day: int, month: int, yy: int, individual: int) -> str | None:
    """Build a synthetic test number (month + 80) with valid check digits, or None
    when the individual number gives a remainder of 10 (no valid number)."""
    base = f"{day:02d}{month + 80:02d}{yy % 100:02d}{individual:03d}"
    k1 = fodselsnummer.calc_check_digit1(base)
    if k1 == "10":
        return None
    k2 = fodselsnummer.calc_check_digit2(base + k1)
    if k2 == "10":
        return None
    return base + k1 + k2


def number_date_parts(number: str) -> tuple[int, int, int] | None:
    """(day, month, two-digit year) written in a valid number: a D-nummer's first digit is
    the day + 40, a synthetic test number's month + 80. None when they are not a date."""
    if not number or len(number) != 11 or not number.isdigit():
        return None
    day, month, yy = int(number[:2]), int(number[2:4]), int(number[4:6])
    if day > 40:
        day -= 40
    if month > 80:
        month -= 80
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return day, month, yy


def date_mismatch(number: str | None, birth_date) -> bool:  # a date or None
    """True when the date written in the number is not the birth date (a soft warning: a
    D-nummer's date is not always the birth date, and numbers from 2032 need not hold one)."""
    parts = number_date_parts(number or "")
    if parts is None or birth_date is None:
        return False
    return parts != (birth_date.day, birth_date.month, birth_date.year % 100)
