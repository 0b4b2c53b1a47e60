"""An old database's template follows the corrected defaults through the preview/apply flow."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import FollowUpItem, FollowUpTemplateItem, Person, User
from hemsedal_integrering.services import accounts, followup, followup_defaults, people

D = dt.date


def _old_defaults(ctx) -> None:
    """Make the template look like the one shipped before issue 14 (every adult, start at 3 months + 7 days)."""
    followup.ensure_templates(ctx)
    FollowUpTemplateItem.update(applies_to="adult", offset_days=0).where(
        FollowUpTemplateItem.key == "programme_decision").execute()
    FollowUpTemplateItem.update(applies_to="adult", offset_days=7).where(
        FollowUpTemplateItem.key == "programme_start").execute()
    FollowUpTemplateItem.update(title="Edited by the municipality", version=2).where(
        FollowUpTemplateItem.key == "yearly_status").execute()


def test_sync_updates_unedited_items_and_history_survives_apply(ctx):
    _old_defaults(ctx)
    people.register_household(ctx, municipality="hemsedal", name="Familien Old", legal_basis="asylum",
                                    settlement_date=D(2026, 10, 1), members=[
                                        dict(first_name="Grandpa", last_name="Old", role="adult",
                                             birth_date=D(1955, 1, 1)),
                                        dict(first_name="Mother", last_name="Old", role="adult",
                                             birth_date=D(1990, 1, 1))]).first_created("household")
    grandpa = Person.get(Person.first_name == "Grandpa")
    old = FollowUpItem.get((FollowUpItem.person == grandpa.id) & (FollowUpItem.template_key == "programme_decision"))
    assert old.due_date == D(2027, 1, 1)  # the old rule gave a 71-year-old a programme decision
    done = FollowUpItem.get((FollowUpItem.person == grandpa.id) & (FollowUpItem.template_key == "programme_start"))
    followup.mark_done(ctx, item_id=done.id, done_date=D(2026, 11, 2), note="Registrert før rettingen")
    accounts.create_user(ctx, username="admin1", full_name="Admin", role="admin", password="demo-passord-123")
    admin = ctx.as_user(User.get(User.username == "admin1"))

    # when the administrator opens the templates, unedited items take the corrected defaults
    assert set(followup_defaults.pending_default_updates()) == {"programme_decision", "programme_start"}
    followup_defaults.sync_default_templates(admin)
    assert followup_defaults.pending_default_updates() == []
    assert FollowUpTemplateItem.get(FollowUpTemplateItem.key == "programme_decision").version == 2
    # the municipality's own edit is kept
    assert FollowUpTemplateItem.get(FollowUpTemplateItem.key == "yearly_status").title == "Edited by the municipality"
    # nothing generated changed yet
    assert FollowUpItem.get_by_id(old.id).due_date == D(2027, 1, 1)
    # the preview shows the effect; applying removes the 71-year-old's open decision and moves the mother's
    preview = followup.preview_template_changes(admin)
    assert ("remove", "Grandpa Old") in {(c.kind, c.person_name) for c in preview}
    followup.apply_template_changes(admin)
    assert FollowUpItem.get_or_none(FollowUpItem.id == old.id) is None
    mother = Person.get(Person.first_name == "Mother")
    decision = FollowUpItem.get((FollowUpItem.person == mother.id)
                                & (FollowUpItem.template_key == "programme_decision"))
    assert (decision.due_date, decision.template_version) == (D(2026, 12, 18), 2)
    # the done item keeps its history
    kept = FollowUpItem.get_by_id(done.id)
    assert (kept.status, kept.done_date, kept.note, kept.template_version) == (
        "done", D(2026, 11, 2), "Registrert før rettingen", 1)
    # a second sync changes nothing
    again = followup_defaults.sync_default_templates(admin)
    assert (again.created, again.updated) == ({}, {})
