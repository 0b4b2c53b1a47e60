"""Recording printed documents, permissions and input checks of the printing service."""

from __future__ import annotations

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import AuditEntry, ChecklistTemplateItem, Inspection, PrintedDocument, User
from hemsedal_integrering.services import accounts, printing


def test_record_printed_stores_what_whom_when_who(world):
    # given a letter / when it is printed
    doc = printing.meeting_invitation(world.ctx, person_id=world.person_id, meeting_date="07.12.2026",
                                      meeting_time="10:00", place="Rådhuset", language="uk")
    changes = printing.record_printed(world.ctx, documents=[doc], output="print")
    # then one row says what, to whom, when, by whom, and an audit row exists
    row = PrintedDocument.get_by_id(changes.first_created("printed_document"))
    assert (row.kind, row.title, row.language) == ("meeting_invitation", "Innkalling til møte", "uk")
    assert row.household_id == world.household_id and row.person_id == world.person_id
    assert row.recipient == "Olena Kovalenko" and row.user.username == "kari"
    assert str(row.printed_at).startswith("2026-11-23")
    assert AuditEntry.select().where((AuditEntry.entity == "printed_document")
                                     & (AuditEntry.entity_id == row.id)).count() == 1
    assert [d.id for d in printing.printed_documents(world.household_id)] == [row.id]


def test_building_a_letter_records_nothing(world):
    printing.welcome_letter(world.ctx, household_id=world.household_id)
    assert PrintedDocument.select().count() == 0


def test_invalid_input_names_every_field(world):
    with pytest.raises(ValidationError) as exc:
        printing.meeting_invitation(world.ctx, person_id=world.person_id, meeting_date="2026-11-01",
                                    meeting_time="ti", place="  ")
    assert set(exc.value.errors) == {"meeting_date", "meeting_time", "place"}


def test_housing_staff_print_inspection_papers_but_not_participant_letters(world, ctx):
    accounts.create_user(ctx, username="bolig1", full_name="Bo Ligstad", role="housing",
                         password="et-langt-passord-1")
    housing_ctx = ctx.as_user(User.get(User.username == "bolig1"))
    doc = printing.inspection_checklist(housing_ctx, tenancy_id=world.tenancy_id)
    printing.record_printed(housing_ctx, documents=[doc])
    with pytest.raises(PermissionDenied):
        printing.welcome_letter(housing_ctx, household_id=world.household_id)
    kinds = [k for k, _ in printing.available_documents(housing_ctx, tenancy_id=world.tenancy_id,
                                                        household_id=world.household_id)]
    assert kinds == ["inspection_checklist"]


def test_available_documents_follow_the_item(world):
    kinds = [k for k, _ in printing.available_documents(world.ctx, placement_id=world.placement_id)]
    assert kinds == ["placement_confirmation", "placement_agreement"]
    kinds = [k for k, _ in printing.available_documents(world.ctx, person_id=world.person_id)]
    assert "meeting_invitation" in kinds and "welcome" in kinds


def test_no_checklist_points_for_the_year_and_season_is_a_clear_error(world):
    ChecklistTemplateItem.update(active=False).execute()
    with pytest.raises(ValidationError) as exc:
        printing.inspection_checklist(world.ctx, tenancy_id=world.tenancy_id)
    assert "ingen punkter" in exc.value.errors["checklist"]


def test_a_planned_inspection_prints_the_points_copied_when_it_was_planned(world):
    from hemsedal_integrering.models import InspectionPoint
    from hemsedal_integrering.services import inspections
    # given an inspection planned through the service (it copies the year-2 winter points)
    changes = inspections.plan_inspection(world.ctx, tenancy_id=world.tenancy_id, planned_at="2026-12-10 10:00")
    inspection_id = changes.first_created("inspection")
    copied = [p.text for p in InspectionPoint.select().where(InspectionPoint.inspection == inspection_id)]
    assert "Røykvarsleren er testet denne måneden" in copied
    # when the template changes afterwards
    ChecklistTemplateItem.update(text="Ny tekst om røykvarsler").where(ChecklistTemplateItem.key == "smoke").execute()
    # then the visit's checklist still shows what was planned, a blank one for the tenancy the new text
    planned = [t for _c, t in printing.checklist_points(world.ctx, 2, "winter",
                                                        Inspection.get_by_id(inspection_id))]
    assert "Røykvarsleren er testet denne måneden" in planned
    assert "Ny tekst om røykvarsler" in [t for _c, t in printing.checklist_points(world.ctx, 2, "winter")]


def test_inspections_planned_in_a_month_for_a_notice_batch(world):
    import datetime as dt
    from hemsedal_integrering.models import Inspection, Tenancy
    tenancy = Tenancy.get_by_id(world.tenancy_id)
    Inspection.create(tenancy=tenancy, planned_at=dt.datetime(2026, 12, 3, 9, 0), follow_up_year=2)
    Inspection.create(tenancy=tenancy, planned_at=dt.datetime(2026, 12, 20, 9, 0), status="cancelled")
    Inspection.create(tenancy=tenancy, planned_at=dt.datetime(2027, 1, 5, 9, 0))
    ids = printing.inspections_planned_in(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    planned = [Inspection.get_by_id(i).planned_at.day for i in ids]
    assert planned == [3, 8]  # in time order; cancelled and January left out


def test_contacts_setting_overrides_the_file_and_a_broken_one_is_named(world):
    from hemsedal_integrering.models import Municipality, Setting
    gol = Municipality.get(Municipality.code == "gol")
    Setting.create(key="letters.contacts.gol", value='[{"role": "Fastlege", "name": "Dr. Ås", "phone": "32 00 00 01"}]')
    from hemsedal_integrering.documents.letters import contact_line
    lines = printing.key_contacts(world.ctx, gol)
    assert contact_line(lines[1], "nb") == "Fastlege: Dr. Ås, tlf. 32\u00a000\u00a000\u00a001" and len(lines) == 2
    Setting.update(value="{not json").execute()
    with pytest.raises(ValidationError) as exc:
        printing.welcome_letter(world.ctx, household_id=world.household_id)
    assert "letters.contacts.gol" in exc.value.errors["contacts"]
