"""Code values stored in the database and their Norwegian labels.

The database stores the stable English code; the user reads the label. Lists
are ordered as a user expects to meet them in a drop-down.
"""

from __future__ import annotations

MUNICIPALITIES = {"hemsedal": "Hemsedal", "gol": "Gol"}

ROLES_IN_HOUSEHOLD = {"adult": "Voksen", "child": "Barn"}

GENDERS = {"F": "Kvinne", "M": "Mann", "X": "Annet / ønsker ikke å oppgi"}

LEGAL_BASES = {
    "asylum": "Asyl / flyktningstatus",
    "collective": "Kollektiv beskyttelse",
    "resettlement": "Overføringsflyktning",
    "family": "Familiegjenforening",
    "humanitarian": "Opphold på humanitært grunnlag",
}

MOVE_REASONS = {
    "work_elsewhere": "Arbeid eller utdanning et annet sted",
    "own_community": "Ønsker å bo nær eget miljø",
    "climate": "Ønsker ikke å bo på fjellet / lange vintre",
    "rent": "Høye leiepriser",
    "other": "Annet",
}

STATUSES = {
    "intro": "Introduksjonsprogram",
    "work_permanent": "Arbeid, fast",
    "work_temporary": "Arbeid, midlertidig / sesong",
    "education": "Utdanning",
    "work_education": "Arbeid og utdanning",
    "jobseeker": "Arbeidssøker / tiltak",
    "outside": "Utenfor (syk, foreldrepermisjon, annet)",
    "unknown": "Ukjent",
}
#: The statuses the municipal KPI counts as "in permanent work or education".
KPI_STATUSES = frozenset({"work_permanent", "education", "work_education"})

COUNTRIES = {
    "UA": "Ukraina",
    "CD": "DR Kongo",
    "ER": "Eritrea",
    "SY": "Syria",
    "AF": "Afghanistan",
    "SO": "Somalia",
    "SD": "Sudan",
    "IQ": "Irak",
    "ET": "Etiopia",
    "MM": "Myanmar",
    "PS": "Palestina",
    "IR": "Iran",
    "XX": "Statsløs / ukjent",
}

LANGUAGES = {
    "nb": "Norsk",
    "uk": "Ukrainsk",
    "ru": "Russisk",
    "ar": "Arabisk",
    "ti": "Tigrinja",
    "fr": "Fransk",
    "sw": "Swahili",
    "ln": "Lingala",
    "en": "Engelsk",
    "so": "Somali",
    "fa": "Dari / persisk",
    "ps": "Pashto",
    "am": "Amharisk",
    "my": "Burmesisk",
}

OWNERSHIP = {"municipal": "Kommunal", "private": "Privat (innleid)"}

HEATING = {
    "electric": "Elektrisk",
    "heat_pump": "Varmepumpe",
    "wood": "Vedfyring",
    "district": "Fjernvarme",
    "mixed": "Elektrisk og ved",
}

DUTY_BY = {"tenant": "Leietaker", "landlord": "Utleier", "municipality": "Kommunen", "none": "Ikke aktuelt"}

GUARANTEES = {"deposit": "Depositum", "nav_guarantee": "Garanti fra Nav", "none": "Ingen"}

SECTORS = {
    "health_care": "Helse og omsorg",
    "education": "Oppvekst (skole, barnehage)",
    "technical": "Teknisk / eiendom",
    "culture": "Kultur",
    "administration": "Administrasjon",
    "tourism": "Reiseliv og overnatting",
    "retail": "Varehandel",
    "construction": "Bygg og anlegg",
    "cleaning": "Renhold",
    "food": "Servering",
    "other": "Annet",
}
MUNICIPAL_SECTORS = ("health_care", "education", "technical", "culture", "administration")

PLACEMENT_TYPES = {
    "language": "Språkpraksis",
    "work": "Arbeidspraksis",
    "wage_subsidy": "Lønnstilskudd (Nav)",
    "mentor": "Mentortilskudd (Nav)",
    "temporary": "Midlertidig stilling / vikariat",
    "trainee": "Traineeordning",
}

PLACEMENT_OUTCOMES = {
    "permanent_job": "Fast jobb",
    "temporary_job": "Midlertidig jobb",
    "education": "Videre utdanning",
    "aborted": "Avbrutt",
    "ended_no_job": "Avsluttet uten jobb",
}

USER_ROLES = {
    "officer": "Programrådgiver (integreringstjenesten)",
    "housing": "Boligkontor / eiendom",
    "admin": "Administrator",
}


def label(table: dict[str, str], code: str | None) -> str:
    """The Norwegian label of a code, the code itself when unknown, '' for None."""
    if code is None:
        return ""
    return table.get(code, code)

#: Integration grant categories (integreringstilskudd). The yearly ones apply to
#: grant years 1–5; the one-time grants are stored with grant year 0.
GRANT_CATEGORIES = {
    "single_adult": "Enslig voksen",
    "adult_family": "Voksen i familie",
    "unaccompanied_minor": "Enslig mindreårig",
    "child": "Barn",
    "elderly_once": "Engangstilskudd eldre (60 år og eldre)",
    "kindergarten_once": "Engangstilskudd barnehagebarn",
}
ONE_TIME_GRANT_CATEGORIES = frozenset({"elderly_once", "kindergarten_once"})
