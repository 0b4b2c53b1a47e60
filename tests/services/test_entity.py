"""The one way to write an entity: declared field rules, create_entity / update_entity (issue 18 item 2)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from hemsedal_integrering import vocab
from hemsedal_integrering.errors import Conflict, NotFound, PermissionDenied, ValidationError
from hemsedal_integrering.i18n import N_
from hemsedal_integrering.models import AuditEntry, Landlord
from hemsedal_integrering.models.versioning import expect_versions
from hemsedal_integrering.services.base import Errors
from hemsedal_integrering.services.entity import (
    Entity,
    choice_field,
    create_entity,
    int_field,
    note_field,
    text_field,
    update_entity,
)

#: A landlord table of its own, with a sensitive field and a number, so every kind of rule is at work.
LANDLORD = Entity(Landlord, N_("the landlord"), "housing.write", (
    text_field("name", N_("Name"), required=True),
    text_field("phone", N_("Phone"), max_length=30),
    text_field("email", N_("Email"), sensitive=True),
    text_field("address", N_("Address")),
    note_field(),
))


def _landlord(ctx, **values):
    return create_entity(ctx, LANDLORD, {"name": "Utleie AS", **values}).first_created("landlord")


def _audit_rows(entity, row_id):
    return [(e.action, json.loads(e.changes) if e.changes else {})
            for e in AuditEntry.select().where((AuditEntry.entity == entity) & (AuditEntry.entity_id == row_id))
            .order_by(AuditEntry.id)]


def test_create_stores_the_parsed_values_audits_them_masked_and_returns_the_changes(ctx):
    changes = create_entity(ctx, LANDLORD, {"name": "  Utleie AS ", "phone": "900 00 000", "email": "a@b.no",
                                            "notes": "betaler sent"})
    (row_id,) = changes.created["landlord"]
    row = Landlord.get_by_id(row_id)
    assert (row.name, row.phone, row.email, row.notes) == ("Utleie AS", "900 00 000", "a@b.no", "betaler sent")
    ((action, logged),) = _audit_rows("landlord", row_id)
    assert action == "create"
    assert logged["name"] == [None, "Utleie AS"]
    assert logged["email"] == [None, "***"]  # a rule marked sensitive
    assert logged["notes"] == [None, "***"]  # a name in base.SENSITIVE_FIELDS
    assert "a@b.no" not in AuditEntry.get(AuditEntry.entity == "landlord").changes


def test_an_unknown_field_is_a_programming_error_and_writes_nothing(ctx, snapshot):
    before = snapshot()
    with pytest.raises(TypeError, match="unknown landlord fields: \\['colour'\\]"):
        create_entity(ctx, LANDLORD, {"name": "Utleie AS", "colour": "blue"})
    assert snapshot() == before
    row_id = _landlord(ctx)
    before = snapshot()
    with pytest.raises(TypeError, match="colour"):
        update_entity(ctx, LANDLORD, row_id, {"colour": "blue"})
    assert snapshot() == before


def test_every_bad_field_is_reported_at_once_and_nothing_is_saved(ctx, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        create_entity(ctx, LANDLORD, {"name": " ", "phone": "9" * 31, "address": "a\x00b"})
    assert set(err.value.errors) == {"name", "phone", "address"}
    assert err.value.errors["name"] == "Navn må fylles ut."
    assert "30" in err.value.errors["phone"]
    assert snapshot() == before
    row_id = _landlord(ctx)
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        update_entity(ctx, LANDLORD, row_id, {"name": "", "phone": "9" * 31, "email": "ok@b.no"})
    assert set(err.value.errors) == {"name", "phone"}
    assert snapshot() == before


def test_field_rules_checks_and_blanks_work_together(ctx):
    entity = Entity(Landlord, N_("the landlord"), "housing.write", (
        text_field("name", N_("Name"), required=True,
                   check=lambda errors, name, value, scope: errors.add(name, "no digits") if any(
                       c.isdigit() for c in value) else None),
        choice_field("phone", N_("Phone"), {"x": "X"}, blank="x"),
        int_field("address", N_("Address"), blank=0),
    ))
    errors = Errors()
    clean = entity.validate(errors, {"name": "Utleie 2", "phone": "", "address": None}, scope=None)  # type: ignore[arg-type]
    assert errors.errors == {"name": "no digits"} and clean["phone"] == "x" and clean["address"] == 0
    errors = Errors(prefix="rows[1].")
    entity.validate(errors, {"name": "", "phone": "y"}, scope=None)  # type: ignore[arg-type]
    assert set(errors.errors) == {"rows[1].name", "rows[1].phone"}  # required; not one of the choices


def test_an_entity_check_runs_after_the_fields_and_its_errors_join_theirs(ctx, snapshot):
    def check(errors, clean, scope):
        if clean.get("address") and not clean.get("phone"):
            errors.add("phone", "Telefon trengs når adressen er gitt.")
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        create_entity(ctx, LANDLORD, {"name": "", "address": "Vegen 1"}, check=check)
    assert err.value.errors == {"name": "Navn må fylles ut.", "phone": "Telefon trengs når adressen er gitt."}
    assert snapshot() == before


def test_update_saves_and_audits_only_what_changed(ctx):
    row_id = _landlord(ctx, phone="11111111")
    version = Landlord.get_by_id(row_id).row_version
    changes = update_entity(ctx, LANDLORD, row_id, {"name": "Utleie AS", "phone": "22222222"})
    assert changes.updated == {"landlord": {row_id}}
    assert Landlord.get_by_id(row_id).row_version == version + 1
    assert _audit_rows("landlord", row_id)[-1] == ("update", {"phone": ["11111111", "22222222"]})
    nothing = update_entity(ctx, LANDLORD, row_id, {"phone": " 22222222 "})
    assert not nothing.entities() and len(_audit_rows("landlord", row_id)) == 2
    assert Landlord.get_by_id(row_id).row_version == version + 1


def test_after_runs_inside_the_transaction_with_the_diff(ctx, snapshot):
    row_id = _landlord(ctx)
    seen = []

    def after(row, diff, changes):
        seen.append(diff)
        raise RuntimeError("the hook failed")
    before = snapshot()
    with pytest.raises(RuntimeError):
        update_entity(ctx, LANDLORD, row_id, {"phone": "12345678"}, after=after)
    assert seen == [{"phone": ("", "12345678")}]
    assert snapshot() == before  # rolled back with the hook


def test_a_save_based_on_an_old_version_is_refused_as_a_conflict_and_changes_nothing(ctx, snapshot):
    row_id = _landlord(ctx)
    loaded = Landlord.get_by_id(row_id).row_version
    update_entity(ctx, LANDLORD, row_id, {"phone": "12345678"})  # someone else saves first
    before = snapshot()
    with pytest.raises(Conflict) as err, expect_versions({("landlord", row_id): loaded}):
        update_entity(ctx, LANDLORD, row_id, {"phone": "87654321"})
    assert (err.value.table, err.value.row_id) == ("landlord", row_id)
    assert "Ikke lagret" in str(err.value)
    assert snapshot() == before
    assert Landlord.get_by_id(row_id).phone == "12345678"


def test_permission_and_missing_rows_are_refused_before_anything_else(ctx, snapshot):
    from hemsedal_integrering.services.accounts import create_user
    from hemsedal_integrering.models import User
    create_user(ctx, username="frida", full_name="Frida Fosse", role="admin", password="passord-frida-1")
    admin = ctx.as_user(User.get(User.username == "frida"))
    before = snapshot()
    with pytest.raises(PermissionDenied):
        create_entity(admin, LANDLORD, {"name": ""})  # administrators do not write housing
    with pytest.raises(NotFound):
        update_entity(ctx, LANDLORD, 999, {"name": "x"})
    assert snapshot() == before


def test_the_service_tables_match_their_models_and_person_input():
    from hemsedal_integrering.services import accounts, housing, inspections, people, placements, setup, unit_letting
    from hemsedal_integrering.services.people import PersonInput
    tables = [housing.UNIT, housing.LANDLORD, housing.LEASE, housing.TENANCY, placements.WORKPLACE,
              placements.PLACEMENT, placements.EVALUATION, people.HOUSEHOLD, people.PERSON, unit_letting.OTHER_LETTING,
              accounts.USER, inspections.CHECKLIST_POINT, setup.MUNICIPALITY]
    for entity in tables:
        assert set(entity.names) <= set(entity.model._meta.fields), entity.table
        assert len(set(entity.names)) == len(entity.names), entity.table
    assert [f.name for f in dataclasses.fields(PersonInput)] == list(people.PERSON.names)
    assert housing.UNIT.rule("ownership").options["options"] is vocab.OWNERSHIP
    assert setup.MUNICIPALITY.names == setup.MUNICIPALITY_FIELDS  # the wizard lays its fields out in this order


def test_services_that_skipped_the_checks_now_make_them(ctx, snapshot):
    """What the shared path changed on purpose: each of these went through unchecked before."""
    from hemsedal_integrering.models import User
    from hemsedal_integrering.services import accounts, housing, setup
    landlord_id = housing.create_landlord(ctx, name="Utleie AS").first_created("landlord")
    user_id = accounts.create_user(ctx, username="kari", full_name="Kari Nordmann", role="officer",
                                   password="passord-kari-1").first_created("user")
    before = snapshot()
    with pytest.raises(TypeError, match="colour"):  # was silently ignored
        housing.update_landlord(ctx, landlord_id=landlord_id, colour="blue")
    with pytest.raises(ValidationError) as err:  # the wizard's rules; before: any text, "Feltet ..." messages
        setup.update_municipality(ctx, code="hemsedal", org_nr="123", email="post", service_name="")
    assert set(err.value.errors) == {"org_nr", "email", "service_name"}
    assert err.value.errors["service_name"].startswith("Tjenestens navn")
    with pytest.raises(ValidationError) as err:  # the create form's limit of 30 (it was 200 on edit)
        accounts.update_user(ctx, user_id=user_id, phone="9" * 31, full_name="")
    assert err.value.errors["full_name"] == "Navn må fylles ut."  # named, not "Feltet må fylles ut."
    assert "30" in err.value.errors["phone"]
    assert snapshot() == before
    accounts.update_user(ctx, user_id=user_id, phone="91 23 45 67")
    assert User.get_by_id(user_id).phone == "91 23 45 67"


def test_the_importer_takes_labels_and_cell_shapes_from_the_entity_tables():
    """A spreadsheet column is labelled as the service's messages name the field, and its cells are shaped
    for the field's parser (the service then validates them with the same rules as a form)."""
    from hemsedal_integrering.i18n import _
    from hemsedal_integrering.services import housing, placements
    from hemsedal_integrering.services.importing.fields import KINDS, cell_kind
    units = {f.name: f for f in KINDS["units"]}
    assert [units[n].convert for n in ("heating", "size_m2", "bedrooms", "has_garden", "municipality", "place")] == \
        ["code:heating", "number", "number", "bool", "code:municipality", "text"]
    assert units["capacity"].label == _(housing.UNIT.rule("capacity").label) == "Kapasitet (antall husstander)"
    for kind, entity in (("units", housing.UNIT), ("leases", housing.LEASE), ("placements", placements.PLACEMENT)):
        for spec in KINDS[kind]:
            if spec.name in entity.names and spec.name not in ("municipality", "postal_code"):
                assert spec.convert == cell_kind(entity.rule(spec.name)), (kind, spec.name)
