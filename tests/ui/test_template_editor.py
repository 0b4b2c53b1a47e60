"""GUI: the administrator edits a template item; open items follow only after preview + confirm."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import FollowUpItem, User
from hemsedal_integrering.services import accounts, people
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.template_editor import TemplateEditor


def test_edit_preview_apply(qtbot, ctx):
    people.register_household(ctx, municipality="hemsedal", name="Familien Ali", legal_basis="asylum",
                              settlement_date=dt.date(2026, 10, 1), members=[
                                  dict(first_name="Ali", last_name="Ali", role="adult",
                                       birth_date=dt.date(1980, 1, 1))])
    accounts.create_user(ctx, username="admin", full_name="Siri", role="admin", password="demo-passord-123")
    admin = ctx.as_user(User.get(User.username == "admin"))
    editor = TemplateEditor(admin, ChangeBus())
    qtbot.addWidget(editor)
    row = [t.key for t in editor.f_rows].index("plan_review")
    editor.f_table.selectRow(row)
    assert editor.f_months.value() == 11
    # when the review moves to 10 months and is saved
    editor.f_months.setValue(10)
    assert editor.save_followup() is not None
    item = FollowUpItem.get((FollowUpItem.template_key == "plan_review") & (FollowUpItem.occurrence == 0))
    assert item.due_date == dt.date(2027, 9, 1)  # unchanged until confirmed
    # then the preview lists the four reviews (only while a programme can run: start deadline + 3 years
    # + 1 year extension) and applying moves them one month earlier
    dialog = editor.preview()
    assert len(dialog.pending) == 4 and dialog.table.item(0, 0).text() == "Endres"
    dialog.apply()
    assert FollowUpItem.get_by_id(item.id).due_date == dt.date(2027, 8, 1)


def test_officer_cannot_save(qtbot, ctx):
    accounts.create_user(ctx, username="kari", full_name="Kari", role="officer", password="demo-passord-123")
    editor = TemplateEditor(ctx.as_user(User.get(User.username == "kari")), ChangeBus())
    qtbot.addWidget(editor)
    assert not editor.f_save.isEnabled() and not editor.c_save.isEnabled()


def test_long_template_titles_can_be_read_in_full_as_tooltips(qtbot, ctx):
    from hemsedal_integrering.ui.template_editor import TemplateEditor
    from hemsedal_integrering.ui.bus import ChangeBus
    from hemsedal_integrering.services.followup import ensure_templates
    ensure_templates(ctx)
    editor = TemplateEditor(ctx, ChangeBus())
    qtbot.addWidget(editor)
    longest = max(range(editor.f_table.rowCount()), key=lambda r: len(editor.f_table.item(r, 0).text()))
    item = editor.f_table.item(longest, 0)
    assert len(item.text()) > 40 and item.toolTip() == item.text()
    assert editor.c_table.item(0, 1).toolTip() == editor.c_table.item(0, 1).text() != ""
