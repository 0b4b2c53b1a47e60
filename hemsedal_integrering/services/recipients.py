"""Who a letter goes to and where: the recipient line and the postal address.

A letter is made only for a household somebody lives in and with a deliverable
Norwegian postal address (street, four-digit postal code, place); otherwise a
ValidationError says what to fill in, and a batch leaves the letter out and lists it.
"""

from __future__ import annotations

import re

from ..context import Context
from ..errors import ValidationError
from ..i18n import _
from ..models import Household, HousingUnit, Person, Tenancy


#: The last line of a Norwegian postal address: four-digit postal code, then the place.
POSTAL_LINE = re.compile(r"^\d{4}\s+\S")


def unit_address(unit: HousingUnit) -> list[str]:
    """The postal lines of a dwelling; ValidationError ('address') when street, postal code or
    place is missing (a letter without a deliverable address is not made)."""
    street, code, place = unit.address.strip(), unit.postal_code.strip(), unit.place.strip()
    if street and re.fullmatch(r"\d{4}", code) and place:
        return [street, f"{code} {place}"]
    raise ValidationError({"address": _(
        "The dwelling «{unit}» has no complete postal address, so no letter was made. Fill in the street address, "
        "postal code (four digits) and place of the dwelling under Housing.").format(unit=street or unit.id)})


def household_address(ctx: Context, household: Household) -> list[str]:
    """Postal lines for a household: the unit it lives in today, else its address field.

    The address field is used only when it reads as a postal address (its last part is
    "NNNN Place"); anything else there, such as an internal note "privately rented", is
    never printed in the window. No usable address: ValidationError ('address') saying
    what to fill in; a batch leaves the letter out and lists it.
    """
    today = ctx.today()
    tenancy = (Tenancy.select(Tenancy, HousingUnit).join(HousingUnit)
               .where((Tenancy.household == household) & (Tenancy.start_date <= today)
                      & ((Tenancy.end_date.is_null()) | (Tenancy.end_date >= today)))
               .order_by(Tenancy.start_date.desc()).first())
    if tenancy is not None:
        return unit_address(tenancy.unit)
    lines = [p.strip() for p in household.address_note.replace("\n", ",").split(",") if p.strip()]
    if len(lines) >= 2 and POSTAL_LINE.match(lines[-1]):
        return lines
    raise ValidationError({"address": _(
        "{household} has no postal address, so no letter was made. Move the household into a dwelling (Housing), "
        "or write the postal address in the household's field «{field}», e.g. «Storeøyni 12, 3560 Hemsedal».")
        .format(household=household.name, field=_("Address (other than municipal housing)"))})


def adults(household: Household) -> list[Person]:
    """The adults living in the household today, oldest registration first."""
    from ..queries.contact import persons  # the columns a housing login may read on a server (its letters)
    return persons((Person.household == household) & (Person.role == "adult") & Person.moved_out_date.is_null())


def household_recipient(household: Household) -> str:
    """'Amal Haddad og Samir Haddad' (adults living there), else the members living there
    (e.g. an unaccompanied minor); a household with nobody living there gets no letter."""
    names = [p.full_name for p in adults(household)]
    if not names:
        from ..queries.contact import persons
        names = [p.full_name for p in persons((Person.household == household) & Person.moved_out_date.is_null())]
    if not names:
        raise ValidationError({"recipient": _(
            "Nobody is registered as living in {household}, so no letter was made. Register the household's "
            "members first.").format(household=household.name)})
    if len(names) == 1:
        return names[0]
    return _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])
