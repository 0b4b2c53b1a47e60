"""The sections of the household summary (what the service holds about a household).

Plain strings only; documents/forms.py lays them out. Identity numbers are
masked to 'DDMMYY *****'; health and case notes are left out.
"""

from __future__ import annotations

from peewee import JOIN

from .. import vocab
from ..context import Context
from ..documents.forms import Section
from ..i18n import _, short_date
from ..models import (
    Household, HousingUnit, Person, Placement, PrintedDocument, StatusPeriod, Tenancy, User, Workplace,
)


def _mask(value: str | None) -> str:
    return f"{value[:6]} *****" if value else ""


def _mask_duf(value: str | None) -> str:
    return f"{value[:4]} **** ****" if value else ""


def _period(start, end) -> str:
    return f"{short_date(start)} – {short_date(end)}" if end else _("from {date}").format(date=short_date(start))


def summary_sections(ctx: Context, household: Household) -> list[Section]:
    """Household, members, statuses, housing, placements and printed letters."""
    m = household.municipality
    moved_out = (_("{date} to {place}").format(date=short_date(household.moved_out_date),
                                                place=household.moved_to).strip()
                 if household.moved_out_date else _("No"))
    sections = [Section(_("The household"), pairs=[
        (_("Name"), household.name), (_("Municipality"), m.name),
        (_("Case number"), household.case_reference or "–"),
        (_("Settlement date"), short_date(household.settlement_date) or "–"),
        (_("Legal basis for residence"), vocab.label(vocab.LEGAL_BASES, household.legal_basis) or "–"),
        (_("Phone"), household.contact_phone or "–"),
        (_("Moved out"), moved_out),
    ])]
    members = list(Person.select().where(Person.household == household).order_by(Person.role, Person.id))
    sections.append(Section(
        _("Members"), columns=[_("Name"), _("Role"), _("Born"), _("National ID no./D no."), _("DUF no."),
                               _("Country"), _("Languages"), _("Interpreter")],
        widths=[.19, .085, .12, .15, .13, .095, .135, .095],
        rows=[[p.full_name, vocab.label(vocab.ROLES_IN_HOUSEHOLD, p.role), short_date(p.birth_date),
               _mask(p.national_id), _mask_duf(p.duf_number), vocab.label(vocab.COUNTRIES, p.country),
               ", ".join(vocab.label(vocab.LANGUAGES, c.strip()) for c in p.languages.split(",") if c.strip()),
               vocab.label(vocab.LANGUAGES, p.interpreter_language) or _("No")] for p in members]))
    statuses = (StatusPeriod.select(StatusPeriod, Person).join(Person)
                .where(Person.household == household).order_by(Person.id, StatusPeriod.start_date))
    sections.append(Section(_("Status (work, education, programme)"), columns=[_("Person"), _("Status"), _("Period")],
                            widths=[.3, .4, .3],
                            rows=[[s.person.full_name, vocab.label(vocab.STATUSES, s.status),
                                   _period(s.start_date, s.end_date)] for s in statuses]))
    tenancies = (Tenancy.select(Tenancy, HousingUnit).join(HousingUnit)
                 .where(Tenancy.household == household).order_by(Tenancy.start_date))
    sections.append(Section(_("Housing"), columns=[_("Address"), _("Period"), _("Rent per month")],
                            widths=[.45, .3, .25],
                            rows=[[f"{t.unit.address}, {t.unit.postal_code} {t.unit.place}".strip(" ,"),
                                   _period(t.start_date, t.end_date),
                                   f"{t.monthly_rent:,} kr".replace(",", "\u00a0") if t.monthly_rent else "–"]
                                  for t in tenancies]))
    placements = (Placement.select(Placement, Person, Workplace).join(Person).switch(Placement).join(Workplace)
                  .where(Person.household == household).order_by(Placement.start_date))
    sections.append(Section(_("Work placement"),
                            columns=[_("Person"), _("Workplace"), _("Type"), _("Period"), _("Result")],
                            widths=[.18, .3, .17, .2, .15],
                            rows=[[p.person.full_name, p.workplace.display_name,
                                   vocab.label(vocab.PLACEMENT_TYPES, p.type), _period(p.start_date, p.end_date),
                                   vocab.label(vocab.PLACEMENT_OUTCOMES, p.outcome) or "–"] for p in placements]))
    printed = (PrintedDocument.select(PrintedDocument, User).join(User, on=(PrintedDocument.user == User.id),
                                                                  join_type=JOIN.LEFT_OUTER)
               .where(PrintedDocument.household == household).order_by(PrintedDocument.printed_at))
    sections.append(Section(_("Letters and forms printed"),
                            columns=[_("Date"), _("Document"), _("To"), _("Language"), _("By")],
                            widths=[.13, .32, .25, .12, .18],
                            rows=[[short_date(d.printed_at.date() if hasattr(d.printed_at, "date") else None),
                                   d.title, d.recipient, vocab.label(vocab.LANGUAGES, d.language),
                                   d.user.full_name if d.user else _("System")] for d in printed]))
    return sections
