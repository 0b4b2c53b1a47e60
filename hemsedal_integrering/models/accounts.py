"""Users, their roles, and the audit log of every write and every record read."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .base import BaseModel


class User(BaseModel):
    """A person who logs in. ``role``: officer | housing | admin."""

    username = CharField(unique=True)
    full_name = CharField()
    role = CharField()
    title = CharField(default="")
    phone = CharField(default="")
    email = CharField(default="")
    password_hash = CharField(null=True)
    active = BooleanField(default=True)
    failed_logins = IntegerField(default=0)


class AuditEntry(BaseModel):
    """One audited event. Rows are only ever inserted; the program offers no edit or delete.

    ``changes`` is JSON: {field: [old, new]} with sensitive values masked.
    """

    at = DateTimeField(index=True)
    user = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    username = CharField(default="")  # kept even if the user is renamed
    action = CharField()  # create | update | delete | read | login | export …
    entity = CharField(index=True)
    entity_id = IntegerField(null=True, index=True)
    changes = TextField(default="")


MODELS = [User, AuditEntry]
