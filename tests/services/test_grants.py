"""The grant rates service: admin only, validated, audited, one rate per key."""

from __future__ import annotations

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import AuditEntry, GrantRate
from hemsedal_integrering.services import accounts, grants


def _user(ctx, role):
    accounts.create_user(ctx, username=role, full_name=role.title(), role=role, password="et-langt-passord-1")
    from hemsedal_integrering.models import User
    return User.get(User.username == role)


def test_set_rate_creates_then_updates(ctx):
    # when
    ch = grants.set_rate(ctx, year=2026, category="single_adult", grant_year=1, amount="250 000 kr")
    rid = ch.first_created("grant_rate")
    ch2 = grants.set_rate(ctx, year="2026", category="single_adult", grant_year="1", amount=260000)
    # then: still one row, new amount, two audit rows
    assert GrantRate.select().count() == 1
    assert GrantRate.get_by_id(rid).amount == 260000
    assert ch2.updated == {"grant_rate": {rid}}
    assert AuditEntry.select().where(AuditEntry.entity == "grant_rate").count() == 2


def test_set_rate_validates_every_field(ctx):
    with pytest.raises(ValidationError) as exc:
        grants.set_rate(ctx, year=1999, category="pensioner", grant_year=7, amount=-5)
    assert set(exc.value.errors) == {"year", "category", "grant_year", "amount"}
    with pytest.raises(ValidationError) as exc:
        grants.set_rate(ctx, year=2026, category="elderly_once", grant_year=1, amount=100)
    assert "grant_year" in exc.value.errors
    with pytest.raises(ValidationError):
        grants.set_rate(ctx, year=2026, category="child", grant_year=0, amount=100)
    # the categories differ in year 1 only (IMDi): years 2-5 take the one general rate
    with pytest.raises(ValidationError) as exc:
        grants.set_rate(ctx, year=2026, category="child", grant_year=3, amount=100)
    assert "2–5" in exc.value.errors["grant_year"]
    with pytest.raises(ValidationError):
        grants.set_rate(ctx, year=2026, category="general", grant_year=1, amount=100)
    assert GrantRate.select().count() == 0


def test_only_admin_may_change_rates(ctx):
    officer = _user(ctx, "officer")
    admin = _user(ctx, "admin")
    with pytest.raises(PermissionDenied):
        grants.set_rate(ctx.as_user(officer), year=2026, category="child", grant_year=1, amount=1)
    rid = grants.set_rate(ctx.as_user(admin), year=2026, category="child", grant_year=1,
                          amount=1).first_created("grant_rate")
    assert [r.id for r in grants.list_rates(ctx.as_user(officer))] == [rid]  # officers may read
    with pytest.raises(PermissionDenied):
        grants.delete_rate(ctx.as_user(officer), rate_id=rid)
    grants.delete_rate(ctx.as_user(admin), rate_id=rid)
    assert GrantRate.select().count() == 0
    assert AuditEntry.select().where((AuditEntry.entity == "grant_rate") & (AuditEntry.action == "delete")).count() == 1
