"""Printing: gathers the data for every letter and form, and records every printed
document (what, to whom, when, by whom) in ``PrintedDocument``.

Builders return ``documents.Document`` objects (no PDF yet) so one letter and a
batch of 500 go through the same ``documents.render``. Building checks
permission and input (ValidationError field -> Norwegian message) and loads
templates (TemplateError) before anything is drawn. Building is a read;
``record_printed`` is the write, called when a PDF is printed or saved.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from .. import vocab
from ..context import Context
from ..documents import Document, Header
from ..documents.letters import Contact, Label, LanguageName, Period, Weekday, letter_document
from ..documents.templates import LETTERS_DIR, NORWEGIAN
from ..errors import ValidationError
from ..i18n import _, short_date
from ..models import (
    Household, Inspection, Municipality, Person, Placement, PrintedDocument,
    Setting, Tenancy, User,
)
from ..queries import contact
from ..rules.dates import follow_up_year, season
from .access import can, require
from .base import MAX_LONG_TEXT, Changes, Errors, audit, get_or_404, parse_date, text, transaction
from .recipients import adults, household_address, household_recipient, unit_address  # re-exported

NOTICE_DAYS = 7  # husleieloven § 5-6: notice in reasonable time, normally at least one week
SEASONS = {"all": _("All year"), "winter": _("Winter"), "summer": _("Summer")}

#: Letter/form kinds, their Norwegian menu labels and the record they start from.
KINDS: dict[str, tuple[str, str]] = {
    "meeting_invitation": (_("Meeting invitation"), "person"),
    "placement_confirmation": (_("Confirmation of practice placement"), "placement"),
    "placement_agreement": (_("Practice placement agreement (form)"), "placement"),
    "welcome": (_("Welcome letter with important contacts"), "household"),
    "household_summary": (_("Overview of the household (access request)"), "household"),
    "inspection_notice": (_("Notice of housing inspection"), "inspection"),
    "inspection_checklist": (_("Checklist for housing inspection (blank form)"), "tenancy"),
}
HOUSING_KINDS = frozenset({"inspection_notice", "inspection_checklist"})


def _require_print(ctx: Context, kind: str) -> None:
    if kind in HOUSING_KINDS and can(ctx, "documents.print_housing"):
        return
    require(ctx, "documents.print")


def nbsp(value: str) -> str:
    """Phone numbers never break across lines."""
    return value.replace(" ", "\u00a0")


# ----------------------------------------------------------------- shared pieces

def _officer(ctx: Context, municipality: Municipality) -> tuple[str, str, str]:
    """Name, phone, e-mail of the acting user; the service's own phone/e-mail fill blanks."""
    user = ctx.user if isinstance(ctx.user, User) else None
    name = user.full_name if user is not None else municipality.service_name
    phone = (user.phone if user is not None else "") or municipality.phone
    email = (user.email if user is not None else "") or municipality.email
    return name, phone, email


def _header(ctx: Context, household: Household, recipient: list[str], *, your_ref: str = "",
            confidential: bool = True) -> Header:
    m = household.municipality
    officer, phone, email = _officer(ctx, m)
    return Header(municipality=m.name, service=m.service_name, postal_address=m.postal_address,
                  visiting_address=m.visiting_address, phone=nbsp(m.phone), email=m.email, website=m.website,
                  org_nr=m.org_nr.strip(), recipient=[r for r in recipient if r], our_ref=household.case_reference,
                  your_ref=your_ref, date=_long_date(ctx.today()), officer=officer,
                  officer_title=ctx.user.title if isinstance(ctx.user, User) else "", officer_phone=nbsp(phone),
                  officer_email=email, confidential=confidential, logo=_logo(m))


def _logo(municipality: Municipality) -> str:
    """The logo file set by an administrator (setting ``letters.logo.<code>``; on a server the logo kept in the
    database, ``setup.logo_file``), if it exists."""
    from .setup import logo_file
    value = logo_file(municipality.code).strip().strip('"')
    path = Path(value) if value else None
    return str(path) if path is not None and path.is_file() else ""


def _long_date(day: dt.date) -> str:
    from ..i18n import long_date
    return long_date(day)


def _common(ctx: Context, household: Household, recipient_name: str) -> dict[str, Any]:
    m = household.municipality
    officer, phone, email = _officer(ctx, m)
    return {"recipient.name": recipient_name, "municipality.name": m.name, "service.name": m.service_name,
            "service.phone": nbsp(m.phone), "service.email": m.email, "officer.name": officer,
            "officer.phone": nbsp(phone), "officer.email": email, "today": ctx.today()}


class HasLanguages(Protocol):
    """A person as ``preferred_language`` reads it: a ``Person`` row or a ``queries.records.Record`` of one."""

    @property
    def languages(self) -> str | None: ...


def preferred_language(person: HasLanguages | None) -> str:
    """The first of a person's languages that has a letter folder, else Norwegian."""
    if person is None:
        return NORWEGIAN
    for code in (c.strip() for c in (person.languages or "").split(",")):
        if code and (LETTERS_DIR / code).is_dir():
            return code
    return NORWEGIAN


def _language(errors: Errors, language: str | None) -> str:
    code = (language or NORWEGIAN).strip()
    if not code.isalpha() or len(code) > 8:
        errors.add("language", _("Unknown language code «{code}».").format(code=code))
        return NORWEGIAN
    return code


# ----------------------------------------------------------------- letters

def meeting_invitation(ctx: Context, *, person_id: int, meeting_date: Any, meeting_time: Any, place: str,
                       purpose: str = "", interpreter_language: str | None = None, language: str | None = None,
                       your_ref: str = "", body: str | None = None) -> Document:
    """Invitation to a meeting; interpreter language defaults to the person's own."""
    _require_print(ctx, "meeting_invitation")
    person = get_or_404(Person, person_id, _("the person"))
    errors = Errors()
    day = parse_date(errors, "meeting_date", meeting_date, required=True, label=_("Meeting date"))
    clock = _parse_time(errors, "meeting_time", meeting_time)
    place_ = text(errors, "place", place, required=True, label=_("Meeting place"))
    purpose_ = text(errors, "purpose", purpose, label=_("Topic"))
    lang = _language(errors, language)
    if day is not None and day < ctx.today():
        errors.add("meeting_date", _("The meeting date cannot be in the past."))
    errors.raise_if_any()
    assert day is not None  # required: raise_if_any has refused it missing
    interp = interpreter_language if interpreter_language is not None else person.interpreter_language
    household = person.household
    values = _common(ctx, household, person.full_name) | {
        "person.first_name": person.first_name, "person.full_name": person.full_name,
        "meeting.date": Weekday(day), "meeting.time": clock, "meeting.place": place_,
        "meeting.purpose": Label("topics", purpose_ or "follow_up", purpose_ or _("Follow-up")),
        "interpreter.language": LanguageName(interp or "nb")}
    header = _header(ctx, household, [person.full_name, *household_address(ctx, household)], your_ref=your_ref)
    return letter_document("meeting_invitation", header, values, language=lang, has_interpreter=bool(interp),
                           body=_body(body),
                           household_id=household.id, person_id=person.id, entity="person", entity_id=person.id,
                           recipient=person.full_name)


def _body(body: str | None) -> str | None:
    """The officer's edited letter text (None = the template's), checked like any long text."""
    if body is None:
        return None
    errors = Errors()
    clean = text(errors, "body", body, required=True, label=_("The letter text"), max_length=MAX_LONG_TEXT)
    errors.raise_if_any()
    return clean


def _parse_time(errors: Errors, field_name: str, value: Any) -> dt.time | None:
    if isinstance(value, dt.time):
        return value
    s = str(value or "").strip().replace(".", ":")
    try:
        return dt.datetime.strptime(s, "%H:%M").time()
    except ValueError:
        errors.add(field_name, _("The time must be written as hh:mm, e.g. 10:00."))
        return None


def inspection_notice(ctx: Context, *, inspection_id: int, language: str | None = None,
                      your_ref: str = "", short_notice_confirmed: bool = False, body: str | None = None) -> Document:
    """Notice of a housing inspection, listing what will be checked.

    Husleieloven § 5-6 says *normally* one week: a shorter notice (agreed with the
    tenant, or urgent) is refused unless ``short_notice_confirmed`` — the same
    warn-and-confirm rule as planning the inspection. The field is 'short_notice'.
    """
    _require_print(ctx, "inspection_notice")
    inspection = get_or_404(Inspection, inspection_id, _("the inspection"))
    errors = Errors()
    lang = _language(errors, language)
    when = inspection.planned_at
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when)
    if when.date() < ctx.today() + dt.timedelta(days=NOTICE_DAYS) and not short_notice_confirmed:
        errors.add("short_notice", _(
            "The notice should normally be sent at least one week before the inspection (husleieloven § 5-6). "
            "The inspection is planned for {planned}; one week before is {deadline}. A shorter notice requires "
            "that the tenant has agreed, or that the matter is urgent.").format(
                planned=f"{when:%d.%m.%Y}", deadline=f"{ctx.today() + dt.timedelta(days=NOTICE_DAYS):%d.%m.%Y}"))
    errors.raise_if_any()
    tenancy = inspection.tenancy
    # The housing office prints this: on a server its login reads only a household's contact columns.
    household, unit = contact.household(tenancy.household_id), tenancy.unit
    season_code = inspection.season if inspection.season != "all" else season(when.date())
    # The notice names the areas the visit covers, one line each, so it stays on one page; the full
    # checklist (every point with room for remarks) is the form the inspector brings.
    points = list(dict.fromkeys(c or _("Other") for c, _t in
                                checklist_points(ctx, inspection.follow_up_year, season_code, inspection)))
    recipient = household_recipient(household)
    address = ", ".join(p for p in (unit.address, unit.place) if p)
    values = _common(ctx, household, recipient) | {
        "household.name": household.name, "unit.address": address, "inspection.date": Weekday(when.date()),
        "inspection.time": when.time(), "inspection.points": points}
    header = _header(ctx, household, [recipient, *unit_address(unit)], your_ref=your_ref)
    first = adults(household)[:1]
    return letter_document("inspection_notice", header, values, language=lang, body=_body(body),
                           household_id=household.id, person_id=first[0].id if first else None,
                           entity="inspection", entity_id=inspection.id, recipient=recipient)


def placement_confirmation(ctx: Context, *, placement_id: int, language: str | None = None,
                           your_ref: str = "", body: str | None = None) -> Document:
    """Confirmation to the participant of a practice placement."""
    _require_print(ctx, "placement_confirmation")
    placement = get_or_404(Placement, placement_id, _("the placement"))
    errors = Errors()
    lang = _language(errors, language)
    errors.raise_if_any()
    person, wp = placement.person, placement.workplace
    household = person.household
    values = _common(ctx, household, person.full_name) | {
        "person.first_name": person.first_name, "person.full_name": person.full_name,
        "workplace.name": wp.display_name, "workplace.address": wp.address or "–",
        "placement.type": Label("placement_types", placement.type, vocab.label(vocab.PLACEMENT_TYPES,
                                                                               placement.type)),
        "placement.period": Period(placement.start_date, placement.end_date),
        "placement.hours": float(placement.hours_per_week or 0),
        "supervisor.name": placement.supervisor_name or wp.contact_name or "–",
        "supervisor.phone": nbsp(placement.supervisor_phone or wp.contact_phone or "–")}
    header = _header(ctx, household, [person.full_name, *household_address(ctx, household)], your_ref=your_ref)
    return letter_document("placement_confirmation", header, values, language=lang, body=_body(body),
                           household_id=household.id,
                           person_id=person.id, entity="placement", entity_id=placement.id,
                           recipient=person.full_name)


def key_contacts(ctx: Context, municipality: Municipality) -> list[Contact]:
    """Welcome-letter contacts: the service first, then the setting
    ``letters.contacts.<code>`` (JSON list) or resources/letters/contacts.toml.
    Each is a ``Contact`` so the letter prints its role and 'tel.' in each language."""
    officer, phone, email = _officer(ctx, municipality)
    lines = [Contact(role=municipality.service_name, name=officer, phone=nbsp(phone), email=email)]
    setting = Setting.get_or_none(Setting.key == f"letters.contacts.{municipality.code}")
    entries: list[dict] = []
    if setting is not None and setting.value.strip():
        try:
            entries = json.loads(setting.value)
            assert isinstance(entries, list) and all(isinstance(e, dict) for e in entries)
        except (ValueError, AssertionError):
            raise ValidationError({"contacts": _("The setting {key} is not a valid list of contacts (JSON). "
                                                 "Correct it in the settings.").format(key=setting.key)}) from None
    else:
        path = LETTERS_DIR / "contacts.toml"
        if path.exists():
            with path.open("rb") as fh:
                entries = tomllib.load(fh).get(municipality.code, [])
    for e in entries:
        lines.append(Contact(role=str(e.get("role", "")), name=str(e.get("name", "")),
                             address=str(e.get("address", "")), phone=nbsp(str(e.get("phone", ""))),
                             email=str(e.get("email", ""))))
    return lines


def welcome_letter(ctx: Context, *, household_id: int, language: str | None = None,
                   your_ref: str = "", body: str | None = None) -> Document:
    """Welcome letter to a household with the key contacts."""
    _require_print(ctx, "welcome")
    household = get_or_404(Household, household_id, _("the household"))
    errors = Errors()
    lang = _language(errors, language)
    errors.raise_if_any()
    recipient = household_recipient(household)
    values = _common(ctx, household, recipient) | {
        "household.name": household.name, "settlement.date": household.settlement_date,
        "contacts": key_contacts(ctx, household.municipality)}
    header = _header(ctx, household, [recipient, *household_address(ctx, household)], your_ref=your_ref)
    first = adults(household)[:1]
    return letter_document("welcome", header, values, language=lang, body=_body(body), household_id=household.id,
                           person_id=first[0].id if first else None, entity="household",
                           entity_id=household.id, recipient=recipient)


# ----------------------------------------------------------------- forms

def checklist_points(ctx: Context, year: int, season_code: str,
                     inspection: Inspection | None = None) -> list[tuple[str, str]]:
    """The checklist points (category, text) to print, categories kept together.

    The inspection service owns the rule (year and season, and the copy a
    planned inspection keeps, so a later template edit does not change what
    is printed for that visit). No points at all is a clear ValidationError.
    """
    from . import inspections as inspection_service
    if inspection is not None:
        out = inspection_service.inspection_points(ctx, inspection)
    else:
        out = inspection_service.template_points(ctx, year, season_code)
    if not out:
        raise ValidationError({"checklist": _("The housing inspection checklist has no points for this year and "
                                              "this season. An administrator can add them under Templates.")})
    order = {c: i for i, c in reversed(list(enumerate(c for c, _t in out)))}
    return sorted(out, key=lambda ct: order[ct[0]])


def placement_agreement(ctx: Context, *, placement_id: int) -> Document:
    """The practice placement agreement for signatures (participant, workplace, service)."""
    from ..documents.forms import AgreementData, placement_agreement as build
    _require_print(ctx, "placement_agreement")
    placement = get_or_404(Placement, placement_id, _("the placement"))
    person, wp = placement.person, placement.workplace
    household = person.household
    officer, _phone, _email = _officer(ctx, household.municipality)
    data = AgreementData(
        participant=person.full_name, birth_date=person.birth_date, participant_phone=nbsp(person.phone),
        workplace=wp.display_name, workplace_address=wp.address, contact=wp.contact_name,
        contact_phone=nbsp(wp.contact_phone), placement_type=vocab.label(vocab.PLACEMENT_TYPES, placement.type),
        start=placement.start_date, end=placement.end_date, hours_per_week=placement.hours_per_week,
        supervisor=placement.supervisor_name, supervisor_phone=nbsp(placement.supervisor_phone),
        nav_measure=placement.nav_measure, service=household.municipality.service_name, officer=officer,
        type_code=placement.type, sector=wp.sector, is_municipal=bool(wp.is_municipal))
    header = _header(ctx, household, [])
    return Document(kind="placement_agreement", title=_("Practice placement agreement"), header=header,
                    flowables=build(data), household_id=household.id, person_id=person.id, entity="placement",
                    entity_id=placement.id, recipient=f"{person.full_name} / {wp.display_name}")


def inspection_checklist(ctx: Context, *, tenancy_id: int | None = None,
                         inspection_id: int | None = None) -> Document:
    """A blank checklist for the tenancy's follow-up year and season (of the planned
    inspection when given, else today)."""
    from ..documents.forms import ChecklistData, inspection_checklist as build
    _require_print(ctx, "inspection_checklist")
    inspection = get_or_404(Inspection, inspection_id, _("the inspection")) if inspection_id is not None else None
    if inspection is not None:
        tenancy = inspection.tenancy
    elif tenancy_id is not None:
        tenancy = get_or_404(Tenancy, tenancy_id, _("the tenancy"))
    else:
        raise ValidationError({"tenancy": _("Select a tenancy or an inspection.")})
    household, unit = contact.household(tenancy.household_id), tenancy.unit  # (a housing login's columns)
    if inspection is not None:
        when = inspection.planned_at if isinstance(inspection.planned_at, dt.datetime) else \
            dt.datetime.fromisoformat(str(inspection.planned_at))
        day, year = when.date(), inspection.follow_up_year
        season_code = inspection.season if inspection.season != "all" else season(day)
    else:
        day = None
        start = household.settlement_date or tenancy.start_date
        year = follow_up_year(start, ctx.today()) or 5
        year = max(1, year)
        season_code = season(ctx.today())
    data = ChecklistData(household=household.name, address=", ".join(
        p for p in (unit.address, f"{unit.postal_code} {unit.place}".strip()) if p),
        tenancy_start=tenancy.start_date, follow_up_year=year, season_label=SEASONS[season_code],
        visit_date=day, points=checklist_points(ctx, year, season_code, inspection))
    if inspection is not None and inspection.status == "done":
        # The filled-in checklist for the file: results, remarks, measures (issue 15).
        from ..reports.inspections import inspection_detail
        detail = inspection_detail(ctx, inspection_id=inspection.id)
        data.points = [(cat, txt) for cat, txt, _res, _rem in detail.points]
        data.results = [(res, rem) for _cat, _txt, res, rem in detail.points]
        data.visit_date, data.remarks, data.inspector = detail.performed_date, detail.remarks, detail.inspector
        data.measures = [(m.title, short_date(m.due_date), m.responsible) for m in detail.measures]
    header = _header(ctx, household, [])
    title = _("Checklist for housing inspection, year {year}").format(year=year)
    return Document(kind="inspection_checklist", title=title, header=header,
                    flowables=build(data), household_id=household.id, entity="tenancy", entity_id=tenancy.id,
                    recipient=household.name)


def mask_national_id(value: str | None) -> str:
    """'DDMMYY *****': the birth-date part only, never the personal digits."""
    if not value:
        return ""
    return f"{value[:6]} *****"


def household_summary(ctx: Context, *, household_id: int) -> Document:
    """What the service holds about a household (also the answer to a request for access).

    Identity numbers are masked; health and case notes are not printed here.
    """
    from ..documents.forms import household_summary as build
    from .printing_summary import summary_sections
    _require_print(ctx, "household_summary")
    require(ctx, "persons.read")
    household = get_or_404(Household, household_id, _("the household"))
    sections = summary_sections(ctx, household)
    intro = _("This is the information the integration service has registered about the household as of {date}. "
              "National identity numbers and D numbers are shown only with the date of birth. Health information "
              "and case notes are not in this overview; you can ask for them separately. You have the right to have "
              "wrong information corrected (GDPR art. 15–16).").format(date=_long_date(ctx.today()))
    header = _header(ctx, household, [])
    audit(ctx, "read", "household", household.id, {"printed": (None, "household_summary")})
    return Document(kind="household_summary", title=_("Overview of the household"), header=header,
                    flowables=build(_("Overview of the household: {name}").format(name=household.name), intro,
                                    sections),
                    household_id=household.id, entity="household", entity_id=household.id,
                    recipient=household.name)


# ----------------------------------------------------------------- menu and record

def available_documents(ctx: Context, *, household_id: int | None = None, person_id: int | None = None,
                        placement_id: int | None = None, tenancy_id: int | None = None,
                        inspection_id: int | None = None) -> list[tuple[str, str]]:
    """(kind, Norwegian label) of the documents that can be printed from the given item."""
    given = {"household": household_id, "person": person_id, "placement": placement_id, "tenancy": tenancy_id,
             "inspection": inspection_id}
    out: list[tuple[str, str]] = []
    for kind, (label, source) in KINDS.items():
        ok = given[source] is not None or (kind == "inspection_checklist" and inspection_id is not None)
        if kind in ("welcome", "household_summary") and person_id is not None:
            ok = True  # a person's household
        if ok and (can(ctx, "documents.print") or (kind in HOUSING_KINDS and can(ctx, "documents.print_housing"))):
            out.append((kind, label))
    return out


def record_printed(ctx: Context, *, documents: Sequence[Document], output: str = "print") -> Changes:
    """Record each document as printed (``output``: 'print' or 'pdf'), one audit row each."""
    if not documents:
        raise ValidationError({"documents": _("No documents to record.")})
    for doc in documents:
        _require_print(ctx, doc.kind)
    changes = Changes()
    user = ctx.user if isinstance(ctx.user, User) else None
    with transaction(ctx):
        for doc in documents:
            row = PrintedDocument.create(kind=doc.kind, title=doc.title[:200], language=doc.language,
                                         household=doc.household_id, person=doc.person_id, entity=doc.entity,
                                         entity_id=doc.entity_id, printed_at=ctx.now(), user=user,
                                         recipient=doc.recipient[:200], edited_body=doc.edited_body)
            audit(ctx, "create", "printed_document", row.id,
                  {"kind": (None, doc.kind), "output": (None, output), "entity": (None, doc.entity),
                   "entity_id": (None, doc.entity_id), "edited": (None, bool(doc.edited_body))}, changes)
    return changes


def printed_documents(household_id: int) -> list[PrintedDocument]:
    """The household's printed letters and forms, newest first."""
    return list(PrintedDocument.select().where(PrintedDocument.household == household_id)
                .order_by(PrintedDocument.printed_at.desc(), PrintedDocument.id.desc()))


def inspections_planned_in(first_day: dt.date, last_day: dt.date) -> list[int]:
    """Ids of inspections still planned between two dates (inclusive), by time (for a notice batch)."""
    start = dt.datetime.combine(first_day, dt.time.min)
    end = dt.datetime.combine(last_day, dt.time.max)
    return [i.id for i in Inspection.select(Inspection.id)
            .where((Inspection.status == "planned") & (Inspection.planned_at >= start) & (Inspection.planned_at <= end))
            .order_by(Inspection.planned_at)]
