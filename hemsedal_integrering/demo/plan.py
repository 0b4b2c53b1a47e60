"""The demo data set's plan: who came when, from where, and who moved.

Hemsedal's households reproduce the action plan's figures exactly (178
persons settled 2010–2024, 74 of them in 2022–2024 of whom 20 moved away
before 1 January 2025, 77 living in the municipality that day; origins led by
Ukraine, DR Congo, Eritrea, Syria). A smaller set of Gol households shows the
shared service. Households are written as (country, persons, fate):

- fate ``stay``: still living in the municipality;
- ``move:YYYY-MM-DD``: the whole household moved away that day;
- ``part:N:YYYY-MM-DD``: N adult children moved away that day (education/work).

Tenancy history is kept from 2020 on; older households live in their own or
privately rented homes (``address_note``), as the service's records start then.
"""

from __future__ import annotations

HEMSEDAL_PLAN: dict[int, list[tuple[str, int, str]]] = {
    2010: [("ER", 1, "move:2013-06-30"), ("ER", 1, "move:2012-08-15"), ("SO", 4, "move:2014-07-01")],
    2011: [("ER", 1, "move:2013-01-31"), ("SO", 3, "move:2015-05-31"), ("AF", 1, "move:2014-08-01"),
           ("ER", 3, "move:2016-06-30")],
    2012: [("ER", 2, "move:2015-08-01"), ("SD", 1, "move:2014-01-31"), ("SO", 4, "move:2017-06-30")],
    2013: [("ER", 4, "move:2018-07-31"), ("AF", 1, "move:2016-08-15"), ("SD", 4, "move:2016-12-31")],
    2014: [("SO", 5, "move:2019-06-30"), ("SO", 1, "move:2016-02-28"), ("ER", 1, "move:2017-08-01"),
           ("AF", 3, "move:2018-05-31")],
    2015: [("SY", 5, "move:2019-07-31"), ("IQ", 4, "move:2018-06-30"), ("ER", 1, "move:2017-09-30"),
           ("AF", 1, "move:2018-01-31"), ("ER", 3, "move:2020-06-30")],
    2016: [("SY", 6, "move:2021-06-30"), ("AF", 4, "move:2019-12-31"), ("ER", 1, "move:2018-08-15"),
           ("SY", 5, "stay"), ("ER", 1, "move:2019-08-01")],
    2017: [("SY", 5, "move:2022-06-30"), ("ER", 4, "move:2021-08-01"), ("AF", 3, "move:2020-07-31")],
    2018: [("CD", 6, "stay"), ("ER", 2, "move:2021-07-31")],
    2019: [("CD", 5, "stay"), ("SY", 1, "move:2022-08-01")],
    2020: [("ER", 3, "stay")],
    2021: [("CD", 4, "stay")],
    2022: [("UA", 3, "move:2023-06-30"), ("UA", 2, "move:2022-12-31"), ("UA", 4, "stay"),
           ("UA", 1, "move:2023-03-31"), ("UA", 3, "stay"), ("UA", 2, "stay"), ("UA", 5, "part:2:2024-08-15"),
           ("UA", 2, "stay"), ("UA", 3, "stay"), ("UA", 1, "stay"), ("UA", 4, "move:2024-06-30"),
           ("UA", 2, "stay")],
    2023: [("UA", 3, "move:2024-07-31"), ("UA", 2, "stay"), ("UA", 4, "stay"), ("CD", 7, "part:2:2024-08-01"),
           ("UA", 1, "move:2024-02-29"), ("CD", 5, "stay"), ("UA", 2, "stay")],
    2024: [("UA", 3, "stay"), ("CD", 6, "stay"), ("UA", 2, "move:2024-12-15"), ("SY", 4, "stay"),
           ("UA", 3, "stay")],
    # After the plan's figures: the service's ongoing work up to today.
    2025: [("UA", 3, "stay"), ("CD", 5, "stay"), ("UA", 2, "stay"), ("ER", 2, "stay")],
    2026: [("CD", 6, "stay"), ("UA", 3, "stay")],
}

#: Settlement month and day per household index within a year (spread over the year).
SETTLEMENT_DAYS = [(2, 14), (3, 20), (4, 24), (5, 15), (6, 12), (8, 21), (9, 9), (9, 30), (10, 18), (11, 6),
                   (11, 27), (12, 4)]
#: 2025's first two households arrive in January and February (so 21 households are
#: housed in March 2025), the later ones after the spring.
SETTLEMENT_DAYS_2025 = [(1, 20), (2, 17), (6, 10), (9, 1)]
SETTLEMENT_DAYS_2026 = [(3, 16), (8, 24)]

GOL_PLAN: dict[int, list[tuple[str, int, str]]] = {
    2022: [("UA", 3, "stay"), ("UA", 2, "move:2024-04-30")],
    2023: [("SY", 5, "stay")],
    2024: [("CD", 4, "stay")],
    2025: [("UA", 2, "stay"), ("ER", 1, "stay")],
}

#: After March 2025 one 2022 household moves away (to Oslo, for work) and the unit is let again.
LATE_MOVE = ("hemsedal", 2022, 2, "2025-08-31")

NAMES: dict[str, dict[str, list[str]]] = {
    "UA": {"M": ["Oleksandr", "Andrii", "Dmytro", "Serhii", "Mykola", "Ivan", "Yurii", "Taras", "Volodymyr", "Roman"],
           "F": ["Olena", "Iryna", "Nataliia", "Oksana", "Tetiana", "Yuliia", "Kateryna", "Svitlana", "Halyna",
                 "Liudmyla"],
           "child_M": ["Maksym", "Artem", "Bohdan", "Denys", "Nazar", "Matvii", "Danylo"],
           "child_F": ["Sofiia", "Anastasiia", "Daryna", "Viktoriia", "Zlata", "Polina", "Mariia"],
           "last": ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko", "Moroz",
                    "Lysenko", "Savchenko", "Marchenko", "Rudenko", "Petrenko", "Hnatiuk", "Ponomarenko",
                    "Kovalchuk", "Oliinyk", "Shevchuk", "Polishchuk", "Levchenko", "Karpenko", "Zaitseva"]},
    "CD": {"M": ["Jean-Pierre", "Patrick", "Emmanuel", "Joseph", "Christian", "Fiston", "Didier", "Papy"],
           "F": ["Marie", "Esther", "Grâce", "Chantal", "Solange", "Divine", "Rachel", "Nadège"],
           "child_M": ["Exaucé", "Prince", "Dieumerci", "Glody", "Christ", "Bienvenu"],
           "child_F": ["Merveille", "Gloire", "Bénédicte", "Plamedi", "Grâcia", "Naomie"],
           "last": ["Mukendi", "Ilunga", "Tshibanda", "Mbuyi", "Kalala", "Nsimba", "Lukusa", "Mutombo", "Kasongo",
                    "Banza"]},
    "ER": {"M": ["Yonas", "Tesfay", "Dawit", "Mehari", "Biniam", "Filmon", "Samuel", "Robel"],
           "F": ["Helen", "Senait", "Selam", "Rahel", "Saba", "Winta", "Luwam", "Yordanos"],
           "child_M": ["Nahom", "Abel", "Kibrom", "Amanuel"], "child_F": ["Ruta", "Eden", "Milena", "Hermon"],
           "last": ["Tesfamariam", "Gebremedhin", "Haile", "Berhane", "Kidane", "Tekle", "Ghebreyesus",
                    "Woldemichael"]},
    "SY": {"M": ["Ahmad", "Mohammad", "Khaled", "Omar", "Yousef", "Hassan", "Bashar", "Samer"],
           "F": ["Fatima", "Rania", "Amal", "Noor", "Lina", "Hiba", "Reem", "Dima"],
           "child_M": ["Ali", "Adam", "Rami", "Karim", "Zain"], "child_F": ["Sara", "Maryam", "Jana", "Lana", "Tala"],
           "last": ["Haddad", "Alhassan", "Khalil", "Darwish", "Ibrahim", "Najjar", "Sabbagh", "Hamdan"]},
    "SO": {"M": ["Abdi", "Mohamed", "Hassan", "Ahmed", "Yusuf"], "F": ["Hodan", "Amina", "Fadumo", "Sahra", "Ubah"],
           "child_M": ["Hamza", "Yasin", "Liban"], "child_F": ["Ayaan", "Ilhan", "Hibo"],
           "last": ["Warsame", "Farah", "Jama", "Osman", "Abdullahi", "Nur"]},
    "AF": {"M": ["Hamid", "Karim", "Sayed", "Javad", "Reza"], "F": ["Zahra", "Fatema", "Sima", "Shukria"],
           "child_M": ["Mustafa", "Elias", "Amir"], "child_F": ["Hasina", "Nilofar", "Parisa"],
           "last": ["Ahmadi", "Rahimi", "Hosseini", "Karimi", "Noori", "Sultani"]},
    "SD": {"M": ["Osman", "Abdelrahman", "Ibrahim"], "F": ["Amna", "Samia", "Nafisa"],
           "child_M": ["Musab", "Ahmed"], "child_F": ["Safa", "Rawan"],
           "last": ["Elamin", "Mustafa", "Abdalla", "Babiker"]},
    "IQ": {"M": ["Haider", "Mustafa"], "F": ["Zainab", "Huda"], "child_M": ["Hussein", "Ali"],
           "child_F": ["Fatima", "Ruqaya"], "last": ["Al-Saadi", "Jabbar", "Kadhim"]},
}

LANGUAGES = {"UA": ("uk,ru", "uk"), "CD": ("fr,ln,sw", "fr"), "ER": ("ti", "ti"), "SY": ("ar", "ar"),
             "SO": ("so", "so"), "AF": ("fa", "fa"), "SD": ("ar", "ar"), "IQ": ("ar", "ar")}

LEGAL_BASIS = {"UA": "collective", "CD": "resettlement", "ER": "asylum", "SY": "asylum", "SO": "asylum",
               "AF": "asylum", "SD": "asylum", "IQ": "humanitarian"}

# (address, postal code, postal place (not the village: 3560 is Hemsedal), m², bedrooms, heating, wood stove, garden)
MUNICIPAL_UNITS = [
    ("Trøimsvegen 112", "3560", "Hemsedal", 74, 3, "mixed", True, True),
    ("Trøimsvegen 114", "3560", "Hemsedal", 62, 2, "electric", False, True),
    ("Ulsåkvegen 7A", "3560", "Hemsedal", 55, 2, "heat_pump", False, False),
    ("Ulsåkvegen 7B", "3560", "Hemsedal", 55, 2, "heat_pump", False, False),
    ("Ulsåkvegen 9", "3560", "Hemsedal", 88, 4, "mixed", True, True),
    ("Tuvsvegen 21", "3560", "Hemsedal", 67, 3, "wood", True, True),
    ("Tuvsvegen 23", "3560", "Hemsedal", 48, 1, "electric", False, False),
    ("Svøovegen 4", "3560", "Hemsedal", 70, 3, "mixed", True, True),
    ("Svøovegen 6", "3560", "Hemsedal", 58, 2, "electric", False, True),
    ("Hemsedalsvegen 2950, leil. 1", "3560", "Hemsedal", 45, 1, "electric", False, False),
    ("Hemsedalsvegen 2950, leil. 2", "3560", "Hemsedal", 52, 2, "electric", False, False),
]

PRIVATE_UNITS = [  # (address, place, m², bedrooms, heating, wood stove, garden, rent, landlord, lease start, end)
    ("Fossvegen 3", "Hemsedal", 80, 3, "mixed", True, True, 11500, "Kari Lien", "2021-11-01", None),
    ("Lykkjavegen 12", "Hemsedal", 95, 4, "wood", True, True, 12500, "Ola Brenno", "2022-02-01", None),
    ("Grøndalsvegen 5", "Hemsedal", 60, 2, "electric", False, False, 9800, "Hemsedal Eiendom AS", "2022-03-01", None),
    ("Bruvegen 8, leil. 3", "Hemsedal", 54, 2, "electric", False, False, 9500, "Bruvegen Utleie AS", "2022-03-15",
     None),
    ("Torsetvegen 22", "Hemsedal", 72, 3, "mixed", True, True, 10800, "Anne Torset", "2022-04-01", None),
    ("Ulsåkvegen 30", "Hemsedal", 66, 2, "heat_pump", False, True, 10200, "Per Ulsåk", "2022-05-01", None),
    ("Svøovegen 40", "Hemsedal", 84, 3, "wood", True, True, 11000, "Ingrid Svøo", "2022-06-01", None),
    ("Hølervegen 2", "Hemsedal", 58, 2, "electric", False, False, 9900, "Holdeskaret Hytteutleie AS",
     "2022-08-15", "2027-01-31"),
    ("Trøimsvegen 60, leil. 2", "Hemsedal", 49, 1, "electric", False, False, 8700, "Knut Grøndal", "2022-09-01", None),
    ("Fekjavegen 14", "Hemsedal", 90, 4, "mixed", True, True, 12900, "Marit Fekjo", "2022-10-01", None),
    ("Tuvsvegen 55", "Hemsedal", 70, 3, "wood", True, True, 10500, "Tuv Gard v/ Jon Tuv", "2023-02-01", "2027-02-28"),
    ("Ulsåkvegen 41", "Hemsedal", 64, 2, "electric", False, True, 10100, "Sigrid Haugen", "2023-04-01", None),
    ("Hemsedalsvegen 2700", "Hemsedal", 78, 3, "mixed", True, True, 11200, "Trond Bjørnstad", "2023-08-01", None),
    ("Bjøberg 3", "Hemsedal", 66, 2, "wood", True, True, 9600, "Bjøberg Gard v/ Liv Bjøberg", "2024-03-01", None),
    ("Lykkjavegen 40", "Hemsedal", 82, 3, "heat_pump", False, True, 11800, "Lars Mo", "2024-08-01", None),
]

GOL_UNITS = [
    ("Sentrumsvegen 90", "3550", "Gol", 64, 2, "electric", False, False),
    ("Heradvegen 12", "3550", "Gol", 76, 3, "mixed", True, True),
    ("Gamlevegen 5", "3550", "Gol", 58, 2, "heat_pump", False, True),
]

WORKPLACES = [  # employer, department, municipal?, municipality, sector, contact
    ("Hemsedal kommune", "Hemsedal skule", True, "hemsedal", "education", "Rektor Berit Løken"),
    ("Hemsedal kommune", "Ulsåk barnehage", True, "hemsedal", "education", "Styrer Hilde Bakke"),
    ("Hemsedal kommune", "Helse og omsorg, omsorgssenteret", True, "hemsedal", "health_care",
     "Avdelingsleder Tone Rust"),
    ("Hemsedal kommune", "Teknisk drift", True, "hemsedal", "technical", "Driftsleder Arne Flaten"),
    ("Hemsedal kommune", "Kultur og bibliotek", True, "hemsedal", "culture", "Biblioteksjef Eva Skarsgard"),
    ("Hemsedal kommune", "Servicetorget", True, "hemsedal", "administration", "Leder Mona Rustad"),
    ("Gol kommune", "Gol sjukeheim", True, "gol", "health_care", "Avdelingsleder Kjell Dokken"),
    ("Gol kommune", "Eigedom og teknisk", True, "gol", "technical", "Leder Guri Myhre"),
    ("Fjellhotellet Trøim AS", "Renhold og kjøkken", False, None, "tourism", "Hotellsjef Nina Aasen"),
    ("Ulsåk Bygg AS", "", False, None, "construction", "Daglig leder Eirik Ulsåk"),
    ("Hemsedal Matsenter", "Butikk", False, None, "retail", "Butikksjef Jorunn Tveito"),
    ("Tuv Renhold AS", "", False, None, "cleaning", "Daglig leder Silje Tuv"),
    ("Alpinanlegget i Hemsedal", "Heis og løypemaskin", False, None, "tourism", "Driftssjef Vegard Sletten"),
    ("Hallingdal Kafé og Bakeri", "", False, None, "food", "Innehaver Randi Hovda"),
]
