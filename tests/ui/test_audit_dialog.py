"""The audit log reads like a case history: Norwegian labels, old → new, names, hidden sensitive values."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import User
from hemsedal_integrering.services import accounts, followup, housing, inspections, people
from hemsedal_integrering.ui.audit_dialog import AuditDialog

D = dt.date


def test_log_lines_read_in_norwegian_with_names_and_old_to_new(qtbot, ctx):
    hid = people.register_household(ctx, municipality="hemsedal", name="Familien Mwamba", legal_basis="resettlement",
                                    settlement_date=D(2025, 6, 1), members=[
                                        dict(first_name="Grace", last_name="Mwamba", role="adult",
                                             birth_date=D(1987, 1, 1), national_id="01818710190",
                                             health_note="Astma")]).first_created("household")
    uid = housing.create_unit(ctx, municipality="hemsedal", address="Ulsåkvegen 4",
                              ownership="municipal").first_created("housing_unit")
    tid = housing.move_in(ctx, household_id=hid, unit_id=uid, start_date=D(2025, 6, 1)).first_created("tenancy")
    inspections.ensure_checklist(ctx)
    inspections.plan_inspection(ctx, tenancy_id=tid, planned_at="07.12.2026 10:00", notice_sent_date="23.11.2026")
    item = followup.add_item(ctx, household_id=hid, title="Montere røykvarsler", due_date=D(2026, 12, 1),
                             responsible="housing", source="inspection").first_created("follow_up_item")
    followup.postpone(ctx, item_id=item, new_due_date="15.12.2026", reason="Venter på elektriker")
    accounts.create_user(ctx, username="admin", full_name="Siri Admin", role="admin", password="demo-passord-123")
    admin = ctx.as_user(User.get(User.username == "admin"))
    dialog = AuditDialog(admin)
    qtbot.addWidget(dialog)
    lines = dialog.model.rows
    text = "\n".join(f"{r.entity}: {r.subject} | {r.changes_text()}" for r in lines)
    # Norwegian labels, not field names; the unit and household by name, not id
    assert "Tidspunkt for tilsynet: 07.12.2026 kl. 10:00" in text
    assert "Leietaker varslet: 23.11.2026" in text
    assert "planned_at" not in text and "notice_sent_date" not in text and "short_notice" not in text
    assert "Boligenhet: Ulsåkvegen 4" in text or "Bolig: Ulsåkvegen 4" in text or "Ulsåkvegen 4" in text
    assert "Husstand: Familien Mwamba" in text
    # old → new per field, with the status by its label
    assert "Frist: 01.12.2026 → 15.12.2026" in text
    assert "Status: Åpen → Utsatt" in text
    # sensitive values hidden
    assert "01818710190" not in text and "Astma" not in text and "(skjult)" in text
    # every kind of record can be filtered, including inspections and follow-up items
    codes = [dialog.entity.itemData(i) for i in range(dialog.entity.count())]
    assert {"inspection", "follow_up_item", "housing_unit", "other_letting", "person"} <= set(codes)
    dialog.entity.setCurrentIndex(codes.index("inspection"))
    dialog.reload()
    assert dialog.model.rows and all(r.entity == "Tilsyn" for r in dialog.model.rows)
    assert "Tidspunkt for tilsynet" in dialog.detail.text()
