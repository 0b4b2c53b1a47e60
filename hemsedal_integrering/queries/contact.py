"""What every server group may read of households, persons and users (issue 17, ``db/postgres_roles.sql``).

On a server the housing group may select only these columns of ``household``, ``person`` and ``"user"`` (no
identity numbers, health or case notes, legal basis, search text, password hash). Code a housing login reaches —
its letters, checklists, inspection details, its own password change — reads those rows through the helpers
here instead of following a foreign key (``tenancy.household`` selects every column, which the server refuses).
On a file they read the same values. ``tests/server/test_housing_audit.py`` checks the grants cover these lists.
"""

from __future__ import annotations

from ..models import Household, Person, User

#: The household's columns the housing group may read (``case_reference``: the letters' «Vår ref.»).
HOUSEHOLD_COLUMNS = (Household.id, Household.created_at, Household.municipality, Household.name,
                     Household.settlement_date, Household.case_reference, Household.contact_phone,
                     Household.address_note, Household.moved_out_date, Household._meta.fields["row_version"])
#: The person's columns the housing group may read (``languages``: the language a letter is written in).
PERSON_COLUMNS = (Person.id, Person.created_at, Person.household, Person.first_name, Person.last_name, Person.role,
                  Person.phone, Person.email, Person.languages, Person.moved_out_date,
                  Person._meta.fields["row_version"])
#: The user's columns every group may read (not the password hash or the failed-login count).
USER_COLUMNS = (User.id, User.username, User.full_name, User.role, User.title, User.phone, User.email, User.active,
                User.must_change_password, User.last_area, User._meta.fields["row_version"])


def household(household_id: int) -> Household:
    """The household's readable columns (``DoesNotExist`` when there is none)."""
    return Household.select(*HOUSEHOLD_COLUMNS).where(Household.id == household_id).get()


def persons(*where) -> list[Person]:
    """The persons matching ``where`` (peewee expressions), readable columns only, in id order."""
    return list(Person.select(*PERSON_COLUMNS).where(*where).order_by(Person.id))


def user(user_id: int | None) -> User | None:
    """The user's readable columns, or None."""
    if user_id is None:
        return None
    return User.select(*USER_COLUMNS).where(User.id == user_id).first()


def user_name(user_id: int | None) -> str:
    """The user's full name ("" when none)."""
    found = user(user_id)
    return found.full_name if found is not None else ""
