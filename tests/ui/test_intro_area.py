"""GUI: the plan and absence screens of the introduction programme, and the monthly lists."""

from __future__ import annotations

import datetime as dt
import threading

from openpyxl import load_workbook

from hemsedal_integrering.models import Absence, IntegrationPlan, IntroProgramme, Person, User
from hemsedal_integrering.services import accounts, intro_absence, introduction, people
from hemsedal_integrering.ui.bus import ChangeBus
from hemsedal_integrering.ui.intro_area import IntroArea

D = dt.date


def officer(ctx):
    people.register_household(ctx, municipality="hemsedal", name="Familien Haddad", legal_basis="asylum",
                              settlement_date=D(2025, 1, 13), members=[
                                  dict(first_name="Omar", last_name="Haddad", role="adult", birth_date=D(1988, 4, 2)),
                                  dict(first_name="Sami", last_name="Haddad", role="child", birth_date=D(2015, 6, 1))])
    accounts.create_user(ctx, username="kari", full_name="Kari", role="officer", password="demo-passord-123")
    return ctx.as_user(User.get(User.username == "kari"))


def area_with_programme(qtbot, ctx):
    kari = officer(ctx)
    omar = Person.get(Person.first_name == "Omar")
    introduction.start_programme(kari, person_id=omar.id, start_date=D(2025, 4, 7), planned_end_date=D(2027, 4, 4),
                                 decision_date=D(2025, 3, 20))
    area = IntroArea(kari, ChangeBus())
    qtbot.addWidget(area)
    assert area.wait()  # the participants are read in a worker (issue 16)
    return area, IntroProgramme.get(IntroProgramme.person == omar.id)


def test_plan_screen_saves_measures_warns_and_revises(qtbot, ctx):
    area, prog = area_with_programme(qtbot, ctx)
    assert list(area.ids) == [prog.id] and "Omar Haddad" in area.facts.text()
    plan = area.plan
    assert "integreringsplan" in plan.warnings.text()  # no plan yet
    # when the officer enters Norwegian only and saves
    plan.add_measure(kind="norwegian", title="Norsk", start="07.04.2025", end="04.04.2027", hours="15")
    assert plan.save() is not None
    saved = IntegrationPlan.get(IntegrationPlan.programme == prog.id)
    assert saved.revision == 1 and len(list(saved.measures)) == 1
    # then the screen warns that it is not full-time and not signed
    assert "fulltid" in plan.warnings.text() and "ikke signert" in plan.warnings.text()
    # a revision without a reason is refused beside the form, nothing saved
    plan.add_measure(kind="work", title="Renhold Skarsnuten", start="07.04.2025", end="04.04.2027", hours="22,5")
    assert plan.save() is None and plan.error.isVisibleTo(plan) and "Begrunnelse" in plan.error.text()
    assert IntegrationPlan.get_by_id(saved.id).revision == 1
    plan.reason.setText("Fikk deltidsjobb")
    assert plan.save() is not None
    assert IntegrationPlan.get_by_id(saved.id).revision == 2
    assert "fulltid" not in plan.warnings.text()
    plan.signed_on.setText("20.11.2026")
    assert plan.sign() is not None and "signert 20.11.2026" in plan.revision.text()


def test_absence_screen_applies_the_self_certification_rules(qtbot, ctx):
    area, prog = area_with_programme(qtbot, ctx)
    panel = area.absence
    # within eight weeks of the start: refused with the reason, nothing saved
    panel.first.setText("06.05.2025")
    panel.kind.setCurrentIndex(panel.kind.findData("own_sick_self"))
    assert panel.register() is None
    assert "åtte uker" in panel.error.text() and Absence.select().count() == 0
    # after eight weeks, three days: saved and listed
    panel.first.setText("02.06.2025")
    panel.last.setText("04.06.2025")
    assert panel.register() is not None
    assert panel.table.rowCount() == 3 and "Egenmeldinger: 1" in panel.summary.text()
    # a part day of unexcused absence
    panel.first.setText("10.06.2025")
    panel.kind.setCurrentIndex(panel.kind.findData("unexcused"))
    panel.hours.setText("2,5")
    assert panel.register() is not None
    assert Absence.get(Absence.day == D(2025, 6, 10)).hours == 2.5
    panel.table.selectRow(0)
    assert panel.delete_selected() is not None and panel.table.rowCount() == 3


def june_absence_tab(qtbot, ctx):
    """The month tab on June 2025 with one day of unexcused absence, and the names of the threads
    its list is computed on (filled as it is computed)."""
    area, prog = area_with_programme(qtbot, ctx)
    intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 6, 10), kind="unexcused")
    month = area.month
    month.year.setValue(2025)
    month.month.setValue(6)
    computed_on: list[str] = []
    original = month._compute

    def spy():
        work = original()
        return lambda: (computed_on.append(threading.current_thread().name), work())[1]
    month._compute = spy
    return month, computed_on


def test_month_tab_exports_the_unexcused_absence_to_excel(qtbot, ctx, tmp_path):
    month, computed_on = june_absence_tab(qtbot, ctx)
    # «Vis» computes the list in a worker (issue 16: ~1 s at 300,000 persons) and shows it when it comes
    month.show_month()
    assert month.result is None
    assert month.wait()
    result = month.result
    assert computed_on and computed_on[0].startswith("background-")
    assert month.view.model().rowCount() == 1 and result.table("absence").rows[0][2] == 1
    path = month.export_excel(tmp_path / "fravaer.xlsx")
    ws = load_workbook(path).worksheets[1]
    assert any(row[0] == "Omar Haddad" for row in ws.iter_rows(values_only=True))
    # the benefit list says G is missing instead of guessing
    month.which.setCurrentIndex(month.which.findData("benefit"))
    month.refresh()
    assert month.note.text()


def test_the_participants_are_read_in_a_worker_and_the_selection_stays(qtbot, ctx, monkeypatch):
    from hemsedal_integrering.queries import intro as intro_queries
    kari = officer(ctx)
    omar = Person.get(Person.first_name == "Omar")
    introduction.start_programme(kari, person_id=omar.id, start_date=D(2025, 4, 7), planned_end_date=D(2027, 4, 4))
    threads = []
    original = intro_queries.programme_rows
    monkeypatch.setattr(intro_queries, "programme_rows",
                        lambda: (threads.append(threading.current_thread().name), original())[1])
    # when the area is built, the window does not wait for the list: it fills when the worker is done
    area = IntroArea(kari, ChangeBus())
    qtbot.addWidget(area)
    assert not area.ids and area.model.rowCount() == 0
    assert area.wait()
    prog = IntroProgramme.get(IntroProgramme.person == omar.id)
    assert list(area.ids) == [prog.id] and area.current_id() == prog.id
    assert area.model.index(0, 0).data() == "Omar Haddad" and area.model.index(0, 4).data() == "Pågår"
    assert threads and all(name.startswith("background-") for name in threads)
    # a change reads it again the same way, and the selected participant stays selected
    sami = Person.get(Person.first_name == "Sami")
    Person.update(birth_date=D(2005, 6, 1)).where(Person.id == sami.id).execute()  # 19 at the start
    changes = introduction.start_programme(kari, person_id=sami.id, start_date=D(2025, 5, 5),
                                           planned_end_date=D(2027, 5, 3))
    threads.clear()
    area.on_changes(changes)
    assert area.wait()
    assert len(area.ids) == 2 and area.ids.index(prog.id) == 1  # Sami's newer start comes first
    assert area.current_id() == prog.id
    assert threads and all(name.startswith("background-") for name in threads)


def test_start_panel_refuses_a_person_without_a_right(qtbot, ctx):
    kari = officer(ctx)
    area = IntroArea(kari, ChangeBus())
    qtbot.addWidget(area)
    assert area.wait()
    sami = Person.get(Person.first_name == "Sami")
    area.start_panel.person.set_value(sami.id)
    area.start_panel.start.setText("01.04.2025")
    area.start_panel.end.setText("01.04.2026")
    assert area.start_panel.submit() is None and area.start_panel.error.text()
    assert IntroProgramme.select().count() == 0


def test_administrator_keeps_the_g_table_and_officers_cannot(qtbot, ctx):
    area, _prog = area_with_programme(qtbot, ctx)
    assert not area.month.g_button.isEnabled()
    accounts.create_user(ctx, username="siri", full_name="Siri", role="admin", password="demo-passord-123")
    admin_area = IntroArea(ctx.as_user(User.get(User.username == "siri")), ChangeBus())
    qtbot.addWidget(admin_area)
    month = admin_area.month
    month.g_from.setText("01.05.2025")
    month.g_amount.setText("abc")
    assert month.save_g() is None and month.g_error.text()
    month.g_amount.setText("123 456")  # a test number, not the real G
    assert month.save_g() is not None and "123" in month.g_table.text()


def test_letters_from_the_area(qtbot, ctx):
    area, prog = area_with_programme(qtbot, ctx)
    from hemsedal_integrering.models import Household
    Household.update(address_note="Storeøyni 12, 3560 Hemsedal").execute()
    area.letter_kind.setCurrentIndex(area.letter_kind.findData("intro_decision"))
    assert area.print_letter(show=False) is None and "Begrunnelse" in area.letter_error.text()
    area.letter_reasons.setText("Du er flyktning mellom 18 og 55 år og har rett og plikt til program.")
    dialog = area.print_letter(show=False)
    assert dialog is not None and dialog.document.pageCount() >= 1
    dialog.close()
    area.letter_kind.setCurrentIndex(area.letter_kind.findData("participation_certificate"))
    assert area.print_letter(show=False) is None and area.letter_error.text()  # not ended yet


def test_mapping_and_tests_tab(qtbot, ctx):
    kari = officer(ctx)
    area = IntroArea(kari, ChangeBus())
    qtbot.addWidget(area)
    panel = area.mapping
    omar = Person.get(Person.first_name == "Omar")
    panel.person.set_value(omar.id)
    panel.load()
    assert "health_limits" in panel.texts  # an officer sees the health limits
    panel.mapped_on.setText("01.01.2030")
    assert panel.save() is None and panel.error.text()  # in the future: refused
    panel.mapped_on.setText("10.02.2025")
    panel.level.setCurrentIndex(panel.level.findData("lower_secondary"))
    panel.texts["health_limits"].setPlainText("Tåler ikke tunge løft")
    panel.texts["goals"].setPlainText("Fagbrev i tømrerfaget")
    assert panel.save() is not None
    from hemsedal_integrering.models import CompetenceMapping
    assert CompetenceMapping.get(CompetenceMapping.person == omar.id).goals == "Fagbrev i tømrerfaget"
    dialog = panel.print_mapping(show=False)
    assert dialog is not None and dialog.document.pageCount() == 1
    dialog.close()
    panel.test_date.setText("20.11.2026")
    panel.subject.setCurrentIndex(panel.subject.findData("norwegian"))
    panel.skill.setCurrentIndex(panel.skill.findData("oral"))
    panel.test_level.setCurrentIndex(panel.test_level.findData("B1"))
    assert panel.add_test() is not None and "B1" in panel.levels.text()


def test_person_page_shows_eligibility_and_best_results(ctx):
    from hemsedal_integrering.ui.people_area import _intro_facts
    officer(ctx)
    omar = Person.get(Person.first_name == "Omar")
    intro_absence.record_test(ctx, person_id=omar.id, test_date=D(2026, 5, 1), subject="norwegian", skill="oral",
                              level="B1")
    html = _intro_facts(ctx, omar.id)
    assert "Rett og plikt" in html and "Muntlig B1" in html


def test_facts_tab_registers_the_permit_date_and_living_with_parents(qtbot, ctx):
    area, prog = area_with_programme(qtbot, ctx)
    panel = area.facts_panel
    # no permit date: the screen says the age was judged on the settlement date
    assert "bosettingsdato" in panel.notes.text() and "bosettingsdato" in area.facts.text()
    assert not panel.parents.isEnabled()  # Omar is over 25: the benefit does not depend on it
    panel.permit.setText("01.02.2025")  # after the settlement (13.01.2025): refused beside the form
    assert panel.save_permit() is None and "bosettingen" in panel.error.text()
    assert Person.get_by_id(prog.person_id).permit_date is None
    panel.permit.setText("20.11.2024")
    assert panel.save_permit() is not None
    assert Person.get_by_id(prog.person_id).permit_date == D(2024, 11, 20) and panel.notes.text() == ""
    panel.sole_carer.setChecked(True)
    assert panel.save_facts() is not None and IntroProgramme.get_by_id(prog.id).sole_carer


def test_absence_screen_child_sickness_for_a_chronically_ill_teenager(qtbot, ctx):
    kari = officer(ctx)
    sami = Person.get(Person.first_name == "Sami")
    Person.update(birth_date=D(2011, 6, 1)).where(Person.id == sami.id).execute()  # 14 in 2025
    omar = Person.get(Person.first_name == "Omar")
    introduction.start_programme(kari, person_id=omar.id, start_date=D(2025, 4, 7), planned_end_date=D(2027, 4, 4))
    area = IntroArea(kari, ChangeBus())
    qtbot.addWidget(area)
    assert area.wait()
    panel = area.absence
    panel.first.setText("05.05.2025")
    panel.kind.setCurrentIndex(panel.kind.findData("child_sick"))
    assert panel.register() is None and "12" in panel.error.text()
    panel.chronic_child.setChecked(True)
    assert panel.register() is not None and panel.table.rowCount() == 1


def test_person_page_programme_form_refuses_a_70_year_old_unless_discretionary(qtbot, ctx):
    from hemsedal_integrering.ui.people_dialogs import ProgrammeDialog
    kari = officer(ctx)
    people.register_household(ctx, municipality="gol", name="Familien Eldre", legal_basis="asylum",
                              settlement_date=D(2025, 1, 13), members=[
                                  dict(first_name="Eldre", last_name="Mann", role="adult", birth_date=D(1955, 1, 1))])
    eldre = Person.get(Person.first_name == "Eldre")
    dlg = ProgrammeDialog(kari, ChangeBus(), None, eldre.id)
    qtbot.addWidget(dlg)
    dlg.fields["start_date"].setText("01.03.2025")
    assert not dlg.save()
    assert "skjønn" in dlg.form_error.text() and IntroProgramme.select().count() == 0
    dlg.fields["discretionary"].setChecked(True)
    assert dlg.save() and IntroProgramme.select().count() == 1


def test_export_before_show_computes_in_the_worker(qtbot, ctx, tmp_path, monkeypatch):
    # given the month tab with no list shown yet (at 300,000 persons the list takes ~1 s)
    month, computed_on = june_absence_tab(qtbot, ctx)
    target = tmp_path / "fravaer-juni.xlsx"
    monkeypatch.setattr("hemsedal_integrering.ui.intro_area.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    # when the officer presses «Eksporter til Excel» at once
    month.excel_button.click()
    # then the window did not compute it: the worker does, and the file is written when the list arrives
    assert month.result is None and not target.exists()
    assert month.wait()
    qtbot.waitUntil(target.exists)
    assert computed_on and computed_on[0].startswith("background-")
    ws = load_workbook(target).worksheets[1]
    assert any(row[0] == "Omar Haddad" for row in ws.iter_rows(values_only=True))
