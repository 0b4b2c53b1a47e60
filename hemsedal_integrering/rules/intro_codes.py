"""Code lists of the introduction programme (stored code -> text the user reads)."""

from __future__ import annotations

from ..i18n import N_

HIGHEST_EDUCATION = {
    "unknown": N_("Unknown"),
    "none": N_("No schooling"),
    "primary": N_("Primary school"),
    "lower_secondary": N_("Lower secondary school"),
    "upper_secondary": N_("Upper secondary school"),
    "vocational": N_("Vocational training / certificate"),
    "bachelor": N_("Bachelor's degree or similar"),
    "master": N_("Master's degree or higher"),
}
#: Levels that count as "utdanning på videregående nivå eller høyere" (integreringsloven § 13).
UPPER_SECONDARY_OR_HIGHER = frozenset({"upper_secondary", "vocational", "bachelor", "master"})

DIGITAL_SKILLS = {
    "unknown": N_("Unknown"),
    "none": N_("None"),
    "basic": N_("Basic (phone, messages)"),
    "good": N_("Good (computer, forms, e-mail)"),
}

MAPPED_BY = {"municipality": N_("The municipality"), "imdi": N_("IMDi (before settlement)")}

MEASURE_KINDS = {
    "norwegian": N_("Norwegian"),
    "social_studies": N_("Social studies"),
    "life_skills": N_("Life skills in a new country"),
    "parenting": N_("Parental guidance"),
    "placement": N_("Practice placement"),
    "course": N_("Course"),
    "education": N_("Education (primary/upper secondary)"),
    "work": N_("Work"),
    "other": N_("Other"),
}

PERIOD_KINDS = {
    "leave": N_("Leave"),
    "stop": N_("Stop (temporary)"),
    "extension": N_("Extension"),
}

RESULTS = {
    "completed_work": N_("Completed: work"),
    "completed_education": N_("Completed: education"),
    "completed_other": N_("Completed: other"),
    "interrupted": N_("Interrupted"),
    "moved": N_("Moved to another municipality"),
}
#: Results that end in work or education (counted towards the 70 % target one year after).
COMPLETED = frozenset({"completed_work", "completed_education", "completed_other"})

TEST_SUBJECTS = {"norwegian": N_("Norwegian test"), "social_studies": N_("Social studies test")}
SKILLS = {
    "reading": N_("Reading"),
    "listening": N_("Listening"),
    "writing": N_("Writing"),
    "oral": N_("Oral"),
}
NORWEGIAN_LEVELS = {"below_a1": N_("Below A1"), "A1": "A1", "A2": "A2", "B1": "B1", "B2": "B2", "C1": "C1"}
SOCIAL_STUDIES_RESULTS = {"passed": N_("Passed"), "failed": N_("Not passed")}


#: The introduction programme's letters (``services.intro_printing.BUILDERS``), for the area's
#: letter choice: here, so that showing the choice does not load the printing code (reportlab).
LETTER_KINDS = {
    "intro_decision": N_("Decision on the introduction programme"),
    "intro_plan": N_("Integration plan (for signature)"),
    "participation_certificate": N_("Participation certificate"),
    "absence_rules": N_("Rules for absence and leave"),
}
