"""Who may do what. Every service checks here, so the GUI and the command line obey
the same rules. ``ctx.user`` None is the system itself (first set-up, demo data).
"""

from __future__ import annotations

from ..context import Context
from ..errors import PermissionDenied

PERMISSIONS: dict[str, frozenset[str]] = {
    "officer": frozenset({
        "persons.read", "persons.read_sensitive", "persons.write",
        "housing.read", "housing.write",
        "placements.read", "placements.write",
        "followup.read", "followup.write",
        "inspections.read", "inspections.write",
        "documents.print", "reports.read",
    }),
    "housing": frozenset({
        "persons.read_contact",
        "housing.read", "housing.write",
        "inspections.read", "inspections.write",
        "documents.print_housing",
    }),
    "admin": frozenset({
        "persons.read", "persons.read_sensitive",
        "housing.read", "placements.read", "followup.read", "inspections.read", "reports.read",
        "admin.users", "admin.templates", "admin.settings", "admin.rates", "admin.retention", "admin.audit",
        "admin.backup", "documents.print",
    }),
}

_MESSAGES = {
    "persons": "Du har ikke tilgang til personopplysninger om deltakerne.",
    "housing": "Du har ikke tilgang til boliger og leieavtaler.",
    "placements": "Du har ikke tilgang til arbeidsplasser og praksis.",
    "followup": "Du har ikke tilgang til oppfølgingsplanene.",
    "inspections": "Du har ikke tilgang til boligtilsyn.",
    "admin": "Bare en administrator kan gjøre dette.",
    "reports": "Du har ikke tilgang til rapportene.",
    "documents": "Du har ikke tilgang til å skrive ut dette dokumentet.",
}


def can(ctx: Context, permission: str) -> bool:
    """Whether the acting user holds ``permission`` (the system holds all)."""
    user = ctx.user
    if user is None:
        return True
    if not getattr(user, "active", True):
        return False
    return permission in PERMISSIONS.get(getattr(user, "role", ""), frozenset())


def require(ctx: Context, permission: str) -> None:
    """Raise ``PermissionDenied`` (Norwegian message) unless the user may."""
    if not can(ctx, permission):
        area = permission.split(".", 1)[0]
        raise PermissionDenied(_MESSAGES.get(area, "Du har ikke tilgang til dette."))
