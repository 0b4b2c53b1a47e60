"""A whole introduction programme through the services: mapping, start, plan, periods, absence, tests, end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import (Absence, IntegrationPlan, IntroProgramme, Person, PlanRevision, User,
                                         Workplace)
from hemsedal_integrering.services import accounts, intro_absence, introduction, people, placements

D = dt.date
SETTLED = D(2025, 1, 13)  # today in tests is 23.11.2026


def household(ctx, basis="asylum", members=None) -> int:
    members = members or [dict(first_name="Omar", last_name="Haddad", role="adult", birth_date=D(1988, 4, 2)),
                          dict(first_name="Sami", last_name="Haddad", role="child", birth_date=D(2015, 6, 1)),
                          dict(first_name="Maya", last_name="Haddad", role="child", birth_date=D(2019, 6, 1)),
                          dict(first_name="Nour", last_name="Haddad", role="child", birth_date=D(2022, 6, 1))]
    return people.register_household(ctx, municipality="hemsedal", name="Familien Haddad", legal_basis=basis,
                                     settlement_date=SETTLED, members=members).first_created("household")


def omar() -> Person:
    return Person.get(Person.first_name == "Omar")


def measures(start=dt.date(2025, 4, 7), end=dt.date(2027, 4, 4), placement_id=None):
    out = [dict(kind="norwegian", title="Norsk, Gol voksenopplæring", start_date=start, end_date=end,
                hours_per_week="15"),
           dict(kind="social_studies", start_date=start, end_date=D(2025, 9, 30), hours_per_week=2),
           dict(kind="course", title="Bransjekurs renhold", start_date=start, end_date=end, hours_per_week="20,5")]
    if placement_id:
        out.append(dict(kind="placement", start_date=D(2025, 10, 1), end_date=end, hours_per_week=2,
                        placement_id=placement_id))
    return out


def test_a_whole_programme_from_mapping_to_the_end(ctx, snapshot):
    household(ctx)
    pid = omar().id
    # mapping, once per person; the health limits are kept
    introduction.save_mapping(ctx, person_id=pid, mapped_on=D(2025, 2, 10), education_years=9,
                              highest_education="lower_secondary", education_country="SY", work_experience="Snekker",
                              languages="arabisk: morsmål\nengelsk: A2", driving_licence="B", digital_skills="basic",
                              health_limits="Vond rygg: ikke tunge løft", goals="Fagbrev i tømrerfaget")
    introduction.save_mapping(ctx, person_id=pid, mapped_on=D(2025, 2, 11), goals="Fagbrev")
    assert introduction.mapping_of(ctx, person_id=pid)["goals"] == "Fagbrev"
    assert introduction.mapping_of(ctx, person_id=pid)["health_limits"] == "Vond rygg: ikke tunge løft"
    # decision before the start, start within three months
    introduction.start_programme(ctx, person_id=pid, start_date=D(2025, 4, 7), planned_end_date=D(2027, 4, 4),
                                 decision_date=D(2025, 3, 20))
    prog = IntroProgramme.get(IntroProgramme.person == pid)
    # a placement from the placements register becomes a measure
    wp = placements.create_workplace(ctx, employer="Hemsedal kommune", department="Drift", is_municipal=True,
                                     municipality="hemsedal").first_created("workplace")
    pl = placements.start_placement(ctx, person_id=pid, workplace_id=wp, type="language",
                                    start_date=D(2025, 10, 1), hours_per_week=2).first_created("placement")
    introduction.save_plan(ctx, programme_id=prog.id, end_goal="work", has_upper_secondary=False,
                           measures=measures(placement_id=pl), revised_on=D(2025, 3, 20))
    plan = IntegrationPlan.get(IntegrationPlan.programme == prog.id)
    assert plan.revision == 1 and len(list(plan.measures)) == 4
    # not signed yet: a warning; the measures add up to 37.5 h from April 2025
    warnings = introduction.plan_warnings(prog)
    assert any("signert" in w for w in warnings) and not any("fulltid" in w for w in warnings)
    introduction.sign_plan(ctx, plan_id=plan.id, signed_on=D(2025, 3, 25))
    # a revision needs a reason and clears the signature
    with pytest.raises(ValidationError) as err:
        introduction.save_plan(ctx, programme_id=prog.id, end_goal="work", has_upper_secondary=False,
                               measures=measures(placement_id=pl))
    assert "reason" in err.value.errors
    introduction.save_plan(ctx, programme_id=prog.id, end_goal="work", has_upper_secondary=False,
                           measures=measures(placement_id=pl)[:1], reason="Kurset ble avlyst")
    plan = IntegrationPlan.get_by_id(plan.id)
    assert (plan.revision, plan.signed_on) == (2, None)
    assert [r.reason for r in PlanRevision.select().order_by(PlanRevision.revision)] == ["", "Kurset ble avlyst"]
    assert any("fulltid" in w for w in introduction.plan_warnings(prog))  # 15 h/week is not full time
    # leave, then absence: the self-certification rules hold
    introduction.add_period(ctx, programme_id=prog.id, kind="leave", start_date=D(2025, 8, 4),
                            end_date=D(2025, 8, 15), reason="Fødselspermisjon (far)")
    intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 5, 5), kind="unexcused", hours="3")
    with pytest.raises(ValidationError) as err:  # within eight weeks of the start
        intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 5, 6), kind="own_sick_self")
    assert "kind" in err.value.errors
    intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 6, 2), last_day=D(2025, 6, 4),
                                   kind="own_sick_self")
    intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 9, 1), last_day=D(2025, 9, 5),
                                   kind="child_sick")
    assert Absence.select().count() == 1 + 3 + 5
    # Norwegian levels per skill and the social studies test
    intro_absence.record_test(ctx, person_id=pid, test_date=D(2026, 5, 20), subject="norwegian", skill="oral",
                              level="A2")
    intro_absence.record_test(ctx, person_id=pid, test_date=D(2026, 11, 20), subject="norwegian", skill="oral",
                              level="B1")
    intro_absence.record_test(ctx, person_id=pid, test_date=D(2026, 6, 1), subject="social_studies", level="passed")
    assert intro_absence.best_levels(pid) == {"oral": "B1", "social_studies": "passed"}
    # ended early in work
    before = snapshot()
    with pytest.raises(ValidationError):
        introduction.end_programme(ctx, programme_id=prog.id, end_date=D(2026, 11, 1), result="interrupted")
    assert snapshot() == before  # interruption without a reason: refused, nothing saved
    introduction.end_programme(ctx, programme_id=prog.id, end_date=D(2026, 11, 1), result="completed_work")
    prog = IntroProgramme.get_by_id(prog.id)
    assert (prog.actual_end_date, prog.result) == (D(2026, 11, 1), "completed_work")
    # and the participation certificate (deltakerbevis, § 18 a) can be made
    from hemsedal_integrering.models import Household
    from hemsedal_integrering.services import intro_printing
    Household.update(address_note="Storeøyni 12, 3560 Hemsedal").execute()
    cert = intro_printing.certificate(ctx, programme_id=prog.id)
    assert cert.kind == "participation_certificate" and cert.entity_id == prog.id


def test_bad_input_is_refused_and_nothing_is_saved(ctx, snapshot):
    household(ctx)
    pid = omar().id
    introduction.start_programme(ctx, person_id=pid, start_date=D(2025, 4, 7), planned_end_date=D(2026, 4, 6))
    prog = IntroProgramme.get(IntroProgramme.person == pid)
    before = snapshot()
    cases = [
        lambda: introduction.save_mapping(ctx, person_id=pid, mapped_on=D(2024, 12, 1)),  # before settlement
        lambda: introduction.save_mapping(ctx, person_id=pid, mapped_on=D(2027, 1, 1)),  # future
        lambda: introduction.save_mapping(ctx, person_id=pid, mapped_on=D(2025, 2, 1), education_years=99),
        lambda: introduction.start_programme(ctx, person_id=pid, start_date=D(2025, 5, 1),
                                             planned_end_date=D(2026, 5, 1)),  # one is running
        lambda: introduction.save_plan(ctx, programme_id=prog.id, end_goal="work", has_upper_secondary=False,
                                       measures=[]),
        lambda: introduction.save_plan(ctx, programme_id=prog.id, end_goal="moon", has_upper_secondary=False,
                                       measures=measures(end=D(2026, 4, 6))),
        lambda: introduction.save_plan(ctx, programme_id=prog.id, end_goal="work", has_upper_secondary=False,
                                       measures=measures(end=D(2026, 5, 1))),  # after the programme
        lambda: introduction.save_plan(ctx, programme_id=prog.id, end_goal="work", has_upper_secondary=False,
                                       measures=[dict(kind="placement", start_date=D(2025, 5, 1),
                                                      end_date=D(2025, 6, 1), hours_per_week=10)]),  # no placement
        lambda: introduction.add_period(ctx, programme_id=prog.id, kind="leave", start_date=D(2025, 5, 1),
                                        reason="x"),  # leave without an end
        lambda: introduction.add_period(ctx, programme_id=prog.id, kind="stop", start_date=D(2025, 5, 1),
                                        reason=""),
        lambda: introduction.extend_programme(ctx, programme_id=prog.id, new_end_date=D(2026, 10, 1), reason="x"),
        lambda: intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 4, 1), kind="unexcused"),
        lambda: intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 5, 3), kind="unexcused"),
        lambda: intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 5, 5),
                                               last_day=D(2025, 5, 6), kind="unexcused", hours=2),
        lambda: intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 5, 5), kind="nap"),
        lambda: intro_absence.record_test(ctx, person_id=pid, test_date=D(2026, 1, 1), subject="norwegian",
                                          skill="oral", level="D2"),
        lambda: intro_absence.record_test(ctx, person_id=pid, test_date=D(2026, 1, 1), subject="norwegian",
                                          level="B1"),  # no skill
        lambda: introduction.end_programme(ctx, programme_id=prog.id, end_date=D(2025, 1, 1), result="completed_work"),
        lambda: introduction.end_programme(ctx, programme_id=prog.id, end_date=D(2027, 1, 1), result="completed_work"),
    ]
    for case in cases:
        with pytest.raises(ValidationError):
            case()
    assert snapshot() == before


def test_age_and_legal_basis_decide_the_start(ctx):
    household(ctx, members=[dict(first_name="Old", last_name="Man", role="adult", birth_date=D(1955, 1, 1))])
    old = Person.get(Person.first_name == "Old")
    with pytest.raises(ValidationError) as err:
        introduction.start_programme(ctx, person_id=old.id, start_date=D(2025, 4, 1), planned_end_date=D(2026, 4, 1))
    assert "person" in err.value.errors
    # the municipality may offer it anyway (§ 8 third ledd)
    introduction.start_programme(ctx, person_id=old.id, start_date=D(2025, 4, 1), planned_end_date=D(2026, 4, 1),
                                 discretionary=True)


def test_length_is_checked_against_the_end_goal_and_extension(ctx):
    household(ctx)
    pid = omar().id
    introduction.start_programme(ctx, person_id=pid, start_date=D(2025, 4, 7), planned_end_date=D(2027, 4, 7))
    prog = IntroProgramme.get(IntroProgramme.person == pid)
    # with upper secondary education the programme is 3–6 months (+6 by extension): two years refused
    with pytest.raises(ValidationError) as err:
        introduction.save_plan(ctx, programme_id=prog.id, end_goal="work", has_upper_secondary=True,
                               measures=measures(end=D(2027, 4, 4)))
    assert "end_goal" in err.value.errors
    introduction.save_plan(ctx, programme_id=prog.id, end_goal="upper_secondary", has_upper_secondary=False,
                           measures=measures(end=D(2027, 4, 4)))
    # end goal upper secondary: up to 3 years + 1 year extension
    introduction.extend_programme(ctx, programme_id=prog.id, new_end_date=D(2029, 4, 7), reason="Fagbrev")
    with pytest.raises(ValidationError):
        introduction.extend_programme(ctx, programme_id=prog.id, new_end_date=D(2029, 5, 7), reason="Mer")
    assert IntroProgramme.get_by_id(prog.id).planned_end_date == D(2029, 4, 7)


def test_child_sickness_uses_the_household_children_and_sole_care(ctx):
    household(ctx)  # three children: 15 days, 30 alone
    pid = omar().id
    introduction.start_programme(ctx, person_id=pid, start_date=D(2025, 4, 7), planned_end_date=D(2027, 4, 4))
    prog = IntroProgramme.get(IntroProgramme.person == pid)
    intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 5, 5), last_day=D(2025, 5, 23),
                                   kind="child_sick")  # 15 weekdays
    with pytest.raises(ValidationError):
        intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 5, 26), kind="child_sick")
    IntroProgramme.update(sole_carer=True).where(IntroProgramme.id == prog.id).execute()
    intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 5, 26), kind="child_sick")


def test_health_limits_for_officers_only_and_g_for_administrators(ctx):
    household(ctx)
    pid = omar().id
    introduction.save_mapping(ctx, person_id=pid, mapped_on=D(2025, 2, 10), health_limits="Astma")
    accounts.create_user(ctx, username="bolig", full_name="Ola", role="housing", password="demo-passord-123")
    housing = ctx.as_user(User.get(User.username == "bolig"))
    with pytest.raises(PermissionDenied):
        introduction.mapping_of(housing, person_id=pid)
    accounts.create_user(ctx, username="kari", full_name="Kari", role="officer", password="demo-passord-123")
    officer = ctx.as_user(User.get(User.username == "kari"))
    with pytest.raises(PermissionDenied):
        intro_absence.set_base_amount(officer, valid_from=D(2025, 5, 1), amount="100000")
    intro_absence.set_base_amount(ctx, valid_from=D(2025, 5, 1), amount="100 000")
    intro_absence.set_base_amount(ctx, valid_from=D(2025, 5, 1), amount="100001")
    assert intro_absence.base_amount_table() == [(D(2025, 5, 1), Decimal("100001"))]
    assert Workplace.select().count() == 0


def test_health_limits_are_masked_in_the_audit_log_and_the_access_export_has_the_programme(ctx):
    import json

    from hemsedal_integrering.models import AuditEntry
    from hemsedal_integrering.services import privacy
    household(ctx)
    pid = omar().id
    introduction.save_mapping(ctx, person_id=pid, mapped_on=D(2025, 2, 10), health_limits="Astma", goals="Sjåfør")
    logged = AuditEntry.select().where(AuditEntry.entity == "competence_mapping").get()
    assert "Astma" not in logged.changes and "***" in logged.changes
    introduction.start_programme(ctx, person_id=pid, start_date=D(2025, 4, 7), planned_end_date=D(2026, 4, 6))
    prog = IntroProgramme.get(IntroProgramme.person == pid)
    intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 5, 5), kind="unexcused", hours=2,
                                   note="Kom for sent")
    data = privacy.export_person(ctx, person_id=pid)
    json.dumps(data)  # JSON-ready (hours are Decimal in the database)
    details = data["introduction_programme_details"]
    assert details["competence_mapping"]["health_limits"] == "Astma"
    assert details["programmes"][0]["absence"][0]["hours"] in ("2", "2.0")
