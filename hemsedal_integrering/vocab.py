"""Code values stored in the database and their Norwegian labels.

The database stores the stable English code; the user reads the label. Lists
are ordered as a user expects to meet them in a drop-down.
"""

from __future__ import annotations

from . import code_lists
from .i18n import _, pgettext


def short_municipality(name: str | None) -> str:
    """"Hemsedal" for the stored proper name "Hemsedal kommune" (lists, filters, reports)."""
    return (name or "").removesuffix(" kommune")  # i18n: data (the stored name's suffix)


MUNICIPALITIES = {"hemsedal": "Hemsedal", "gol": "Gol"}

ROLES_IN_HOUSEHOLD = {"adult": _("Adult"), "child": _("Child")}

GENDERS = {"F": _("Woman"), "M": _("Man"), "X": _("Other / prefer not to say")}

LEGAL_BASES = {
    "asylum": _("Asylum / refugee status"),
    "collective": _("Collective protection"),
    "resettlement": _("Resettlement refugee"),
    "family": _("Family reunification"),
    "humanitarian": _("Residence on humanitarian grounds"),
}

MOVE_REASONS = {
    "work_elsewhere": _("Work or education elsewhere"),
    "own_community": _("Wants to live near their own community"),
    "climate": _("Does not want to live in the mountains / long winters"),
    "rent": _("High rents"),
    "other": _("Other"),
}

STATUSES = {
    "intro": _("Introduction programme"),
    "work_permanent": _("Work, permanent"),
    "work_temporary": _("Work, temporary / seasonal"),
    "education": _("Education"),
    "work_education": _("Work and education"),
    "jobseeker": _("Job seeker / labour market scheme"),
    "outside": _("Outside (sick, parental leave, other)"),
    "unknown": _("Unknown"),
}
#: The statuses the municipal KPI counts as "in permanent work or education".
KPI_STATUSES = frozenset({"work_permanent", "education", "work_education"})

#: The origins the service meets most often, in this order; ``COUNTRIES`` then has every other
#: country CLDR names (``code_lists``), so "other" is never missing.
COUNTRIES_COMMON = {
    "UA": _("Ukraine"),
    "CD": _("DR Congo"),
    "ER": _("Eritrea"),
    "SY": _("Syria"),
    "AF": _("Afghanistan"),
    "SO": _("Somalia"),
    "SD": _("Sudan"),
    "IQ": _("Iraq"),
    "ET": _("Ethiopia"),
    "MM": _("Myanmar"),
    "PS": _("Palestine"),
    "IR": _("Iran"),
    "XX": _("Stateless / unknown"),
}
COUNTRIES = code_lists.countries(COUNTRIES_COMMON)

#: Languages the service meets most often (interpreters, letters), then every language CLDR names.
LANGUAGES_COMMON = {
    "nb": _("Norwegian"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "ar": _("Arabic"),
    "ti": _("Tigrinya"),
    "fr": _("French"),
    "sw": _("Swahili"),
    "ln": _("Lingala"),
    "en": _("English"),
    "so": _("Somali"),
    "fa": _("Dari / Persian"),
    "ps": _("Pashto"),
    "am": _("Amharic"),
    "my": _("Burmese"),
    "ckb": _("Kurdish (Sorani)"),
    "kmr": _("Kurdish (Kurmanji)"),
    "tr": _("Turkish"),
    "tig": _("Tigre"),
    "om": _("Oromo"),
    "ymm": _("Somali (Maay Maay)"),
}
LANGUAGES = code_lists.languages(LANGUAGES_COMMON)

OWNERSHIP = {"municipal": _("Municipal"), "private": _("Private (leased)")}

#: Who a municipal unit is let to when it is not let to a refugee household (models.OtherLetting).
TENANT_GROUPS = {"employees": _("Municipal employees"), "other": _("Other tenants")}

#: A municipal unit's state on a day (services.unit_letting.unit_state).
UNIT_STATES = {"refugees": _("Let to refugees"), "others": _("Let to others"), "vacant": _("Vacant")}
#: The same, short enough for a list column.
UNIT_STATES_SHORT = {"refugees": pgettext("unit state, short", "Refugees"),
                     "others": pgettext("unit state, short", "Others"), "vacant": _("Vacant")}

HEATING = {
    "electric": _("Electric"),
    "heat_pump": _("Heat pump"),
    "wood": _("Wood burning"),
    "district": _("District heating"),
    "mixed": _("Electric and wood"),
}

DUTY_BY = {"tenant": _("Tenant"), "landlord": _("Landlord"), "municipality": _("The municipality"),
           "none": _("Not applicable")}

GUARANTEES = {"deposit": _("Deposit"), "nav_guarantee": _("Guarantee from Nav"), "none": _("None")}

SECTORS = {
    "health_care": _("Health and care"),
    "education": _("Childhood and schooling (school, kindergarten)"),
    "technical": _("Technical services / property"),
    "culture": _("Culture"),
    "administration": _("Administration"),
    "tourism": _("Tourism and accommodation"),
    "retail": _("Retail"),
    "construction": _("Building and construction"),
    "cleaning": _("Cleaning"),
    "food": _("Food service"),
    "other": _("Other"),
}
MUNICIPAL_SECTORS = ("health_care", "education", "technical", "culture", "administration")

PLACEMENT_TYPES = {
    "language": _("Language practice placement"),
    "work": _("Work practice placement"),
    "wage_subsidy": _("Wage subsidy (Nav)"),
    "mentor": _("Mentor grant (Nav)"),
    "temporary": _("Temporary position / substitute"),
    "trainee": _("Trainee scheme"),
}

PLACEMENT_OUTCOMES = {
    "permanent_job": _("Permanent job"),
    "temporary_job": _("Temporary job"),
    "education": _("Further education"),
    "aborted": _("Discontinued"),
    "ended_no_job": _("Ended without a job"),
}

USER_ROLES = {
    "officer": _("Programme adviser (integration service)"),
    "housing": _("Housing office / property"),
    "admin": _("Administrator"),
}

#: Short role names for narrow places (the side bar's user line, the user list).
USER_ROLES_SHORT = {
    "officer": _("Programme adviser"),
    "housing": _("Housing office"),
    "admin": _("Administrator"),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The Norwegian label of a code, the code itself when unknown, '' for None."""
    if code is None:
        return ""
    return table.get(code, code)

#: Integration grant rate kinds, as IMDi's yearly circular structures them: the
#: categories differ in grant year 1 only; years 2–5 have one rate each ('general');
#: one-time grants and the special grant for unaccompanied minors (per year, until
#: the year the person turns 20) are stored with grant year 0.
GRANT_CATEGORIES = {
    "single_adult": _("Year 1: single adult"),
    "adult_family": _("Year 1: adult"),
    "unaccompanied_minor": _("Year 1: unaccompanied minor"),
    "child": _("Year 1: child"),
    "general": _("Years 2–5 (all)"),
    "elderly_once": _("One-time grant for the elderly (60 years and older)"),
    "kindergarten_once": _("One-time grant for kindergarten children"),
    "unaccompanied_special": _("Special grant for unaccompanied minors (per year)"),
}
YEAR_ONE_GRANT_CATEGORIES = frozenset({"single_adult", "adult_family", "unaccompanied_minor", "child"})
ONE_TIME_GRANT_CATEGORIES = frozenset({"elderly_once", "kindergarten_once", "unaccompanied_special"})
