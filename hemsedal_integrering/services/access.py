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
        # the housing office's own tasks only (rules.followup.is_housing_task)
        "followup.read_housing", "followup.write_housing",
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


def is_write_permission(permission: str) -> bool:
    """``*.write*``: nobody holds these while the database is open read-only (another
    workstation holds the write lock, ``db.lock``), so the GUI offers no editing. The
    administrator's permissions also open read-only views and stay; their saves are
    refused by ``services.base.transaction``."""
    return permission.partition(".")[2].startswith("write")


def read_only_reason(ctx: Context) -> str | None:
    """Why the database may not be changed now (the lock holder's message), or None."""
    return getattr(ctx.db, "read_only_reason", None) or None


def can(ctx: Context, permission: str) -> bool:
    """Whether the acting user holds ``permission`` (the system holds all); no write
    permission while the database is read-only."""
    if is_write_permission(permission) and read_only_reason(ctx):
        return False
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


def why_not(ctx: Context, permission: str) -> str:
    """'' when the user may; else the reason in Norwegian (read-only first, then the role)."""
    if can(ctx, permission):
        return ""
    reason = read_only_reason(ctx) if is_write_permission(permission) else None
    if reason:
        return reason
    area = permission.split(".", 1)[0]
    if area != "admin" and can(ctx, f"{area}.read"):
        return _("Your role can read this but not change it.")
    return _(_MESSAGES.get(area, N_("You do not have access to this.")))


def require(ctx: Context, permission: str) -> None:
    """Raise ``PermissionDenied`` (Norwegian message) unless the user may."""
    reason = read_only_reason(ctx) if is_write_permission(permission) else None
    if reason:
        raise PermissionDenied(reason)
    if not can(ctx, permission):
        area = permission.split(".", 1)[0]
        raise PermissionDenied(_(_MESSAGES.get(area, N_("You do not have access to this."))))
