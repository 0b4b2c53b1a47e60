"""Users, their roles, and the audit log of every write and every record read."""

from __future__ import annotations

from peewee import AutoField, BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..ids import UserId
from .base import BaseModel, id_field


#: Several roles are stored in ``User.role`` separated by this character ("admin,officer").
ROLE_SEPARATOR = ","


class User(BaseModel):
    """A person who logs in.

    ``role`` holds one or more role codes (officer | housing | admin) separated by
    ``ROLE_SEPARATOR``, in the order of ``vocab.USER_ROLES``; a small office's
    administrator is often also its integration officer. Read them through ``roles``.
    ``must_change_password`` is set when an administrator chose the password;
    ``last_area`` is the side-bar area the user last worked in.
    """

    id: AutoField[UserId] = id_field(UserId)
    username = CharField(unique=True)
    full_name = CharField()
    role = CharField()
    title = CharField(default="")
    phone = CharField(default="")
    email = CharField(default="")
    password_hash = CharField(null=True)
    active = BooleanField(default=True)
    failed_logins = IntegerField(default=0)
    must_change_password = BooleanField(default=False)
    last_area = CharField(default="")

    @property
    def roles(self) -> tuple[str, ...]:
        """The role codes this user holds (empty codes dropped)."""
        return tuple(code for code in (self.role or "").split(ROLE_SEPARATOR) if code)

    def has_role(self, code: str) -> bool:
        return code in self.roles


class AuditEntry(BaseModel):
    """One audited event. Rows are only ever inserted; the program offers no edit or delete.

    ``changes`` is JSON: {field: [old, new]} with sensitive values masked.
    """

    at = DateTimeField(index=True)
    user = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    user_id: UserId | None
    username = CharField(default="")  # kept even if the user is renamed
    action = CharField()  # create | update | delete | read | login | export …
    entity = CharField(index=True)
    entity_id = IntegerField(null=True, index=True)
    changes = TextField(default="")


MODELS = [User, AuditEntry]
