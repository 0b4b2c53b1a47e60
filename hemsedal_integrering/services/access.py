"""Who may do what. Every service checks here, so the GUI and the command line obey
the same rules. ``ctx.user`` None is the system itself (first set-up, demo data).
"""

from __future__ import annotations

from ..context import Context
from ..errors import PermissionDenied
from ..i18n import N_, _

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
    "persons": N_("You do not have access to personal data about the participants."),
    "housing": N_("You do not have access to housing and leases."),
    "placements": N_("You do not have access to workplaces and practice placements."),
    "followup": N_("You do not have access to the follow-up plans."),
    "inspections": N_("You do not have access to housing inspections."),
    "admin": N_("Only an administrator can do this."),
    "reports": N_("You do not have access to the reports."),
    "documents": N_("You do not have access to print this document."),
}


def can(ctx: Context, permission: str) -> bool:
    """Whether the acting user holds ``permission`` (the system holds all)."""
    user = ctx.user
    if user is None:
        return True
    if not getattr(user, "active", True):
        return False
    return permission in permissions_of(user)


def permissions_of(user: object) -> frozenset[str]:
    """The union of the permissions of every role the user holds (``User.roles``)."""
    roles = getattr(user, "roles", None)
    if roles is None:  # a plain object with one ``role`` (tests, the system)
        roles = tuple(r for r in str(getattr(user, "role", "") or "").split(",") if r)
    out: frozenset[str] = frozenset()
    for code in roles:
        out |= PERMISSIONS.get(code, frozenset())
    return out


def require(ctx: Context, permission: str) -> None:
    """Raise ``PermissionDenied`` (Norwegian message) unless the user may."""
    if not can(ctx, permission):
        area = permission.split(".", 1)[0]
        raise PermissionDenied(_(_MESSAGES.get(area, N_("You do not have access to this."))))
