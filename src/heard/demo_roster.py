"""The demo roster of independent officers: enough people, with enough variety, that the
suggestions on the appointment page have something to choose between and something to leave out.

Three made-up providers supply 22 people (the external demo users among them). Between them they
show every reason the suggestions give: different skills, a DBS check that has expired and one
about to, someone on leave today, someone at capacity, someone who left the council two years ago,
and one person who holds all four roles. Only the demo users in ``heard.demo`` can sign in; the
others have no usable password, as a contractor would until the council gives them an account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from heard.people.models import IndependentOfficer, Theme, Unavailability
from heard.people.roles import StaffRole

IO = StaffRole.INVESTIGATING_OFFICER
IP = StaffRole.INDEPENDENT_PERSON
MEMBER = StaffRole.PANEL_MEMBER
CHAIR = StaffRole.PANEL_CHAIR

LARKHILL = "Larkhill Reviews Ltd (demo)"
COBBOLD = "Cobbold Associates (demo)"
WEALD = "Weald Independent Panels CIC (demo)"


@dataclass(frozen=True)
class RosterPerson:
    username: str
    first_name: str
    last_name: str
    provider: str
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    dbs_months_left: int = 24  # negative: expired that many months ago
    max_cases: int = 3
    rate: str = "45.00"
    away_days: tuple[int, int] | None = None  # unavailable from today+a to today+b
    left_council_years_ago: int | None = None


# The demo users io1, io2, ip1, ip2, chair and panelmember are on the roster too; their
# accounts are made by heard.demo, and this list only adds their roster details.
ROSTER: tuple[RosterPerson, ...] = (
    RosterPerson(
        "io1",
        "Fenella",
        "Brackenridge",
        LARKHILL,
        (IO,),
        ("Fostering", "Placement", "Communication"),
        max_cases=4,
        rate="55.00",
    ),
    RosterPerson(
        "io2", "Owain", "Trevelyan-Hart", COBBOLD, (IO,), ("Disability", "Assessment"), rate="52.50"
    ),
    RosterPerson(
        "ip1",
        "Marguerite",
        "Okonkwo-Bell",
        LARKHILL,
        (IP,),
        ("Leaving care", "Education"),
        rate="40.00",
    ),
    RosterPerson(
        "ip2",
        "Ruairi",
        "Pennyfeather",
        "Self-employed (demo)",
        (IP,),
        ("Adoption",),
        left_council_years_ago=2,
    ),
    RosterPerson(
        "chair",
        "Imogen",
        "Castellano",
        WEALD,
        (CHAIR, MEMBER),
        ("Placement", "Fostering", "Contact"),
        rate="60.00",
    ),
    RosterPerson(
        "panelmember",
        "Bartholomew",
        "Achebe-Lowe",
        WEALD,
        (MEMBER,),
        ("Communication", "Assessment"),
    ),
    RosterPerson(
        "r_alder",
        "Rosalind",
        "Alderton",
        WEALD,
        (CHAIR, MEMBER),
        ("Adoption", "Contact"),
        rate="60.00",
    ),
    RosterPerson("r_bassey", "Kwame", "Bassey", WEALD, (MEMBER,), ("Leaving care", "Finance")),
    RosterPerson("r_caradoc", "Eluned", "Caradoc", WEALD, (MEMBER,), ("Disability", "Education")),
    RosterPerson(
        "r_dunmore", "Hamish", "Dunmore", WEALD, (MEMBER,), ("Placement",), dbs_months_left=-2
    ),
    RosterPerson(
        "r_essex",
        "Tabitha",
        "Essex-Ward",
        WEALD,
        (MEMBER, CHAIR),
        ("Communication", "Safeguarding practice"),
        dbs_months_left=1,
    ),
    RosterPerson(
        "r_fairlie",
        "Nasreen",
        "Fairlie",
        COBBOLD,
        (MEMBER,),
        ("Fostering", "Finance"),
        away_days=(-3, 10),
    ),
    RosterPerson(
        "r_grantham",
        "Lucian",
        "Grantham",
        COBBOLD,
        (CHAIR,),
        ("Assessment", "Record keeping"),
        rate="65.00",
    ),
    RosterPerson(
        "r_hollis", "Blessing", "Hollis", COBBOLD, (MEMBER,), ("Contact", "Adoption"), max_cases=1
    ),
    RosterPerson(
        "r_ingram",
        "Sorcha",
        "Ingram",
        LARKHILL,
        (IO, IP),
        ("Education", "Disability"),
        rate="50.00",
    ),
    RosterPerson(
        "r_jarvis",
        "Dominic",
        "Jarvis-Oduya",
        LARKHILL,
        (IO,),
        ("Leaving care", "Finance", "Placement"),
        rate="55.00",
    ),
    RosterPerson("r_kemble", "Agnieszka", "Kemble", LARKHILL, (IP,), ("Communication",)),
    RosterPerson(
        "r_lumsden",
        "Percival",
        "Lumsden",
        COBBOLD,
        (IO,),
        ("Safeguarding practice", "Assessment"),
        dbs_months_left=-14,
        rate="50.00",
    ),
    RosterPerson(
        "r_mbeki", "Zanele", "Mbeki-Shaw", COBBOLD, (IP, MEMBER), ("Fostering", "Contact")
    ),
    RosterPerson(
        "r_northcott",
        "Cormac",
        "Northcott",
        "Self-employed (demo)",
        (IO, IP, MEMBER, CHAIR),
        ("Adoption", "Placement", "Record keeping"),
        max_cases=5,
        rate="58.00",
    ),
    RosterPerson(
        "r_ottley",
        "Harriet",
        "Ottley",
        WEALD,
        (MEMBER,),
        ("Education", "Leaving care"),
        away_days=(20, 40),
    ),
    RosterPerson(
        "r_pryce",
        "Gideon",
        "Pryce",
        LARKHILL,
        (IO,),
        ("Disability", "Communication"),
        left_council_years_ago=5,
        rate="48.00",
    ),
)


@transaction.atomic
def load_demo_roster(today: date) -> int:
    """Create or update the roster entries; return how many people are on the roster.

    Dates are relative to ``today`` so the DBS and availability examples stay true whenever the
    demo is loaded. Safe to run twice: nothing is duplicated.
    """
    user_model = get_user_model()
    themes = {theme.name: theme for theme in Theme.objects.all()}
    groups: dict[str, Group] = {
        name: Group.objects.get_or_create(name=name)[0] for name in (IO, IP, MEMBER, CHAIR)
    }
    for person in ROSTER:
        left = (
            today - relativedelta(years=person.left_council_years_ago)
            if person.left_council_years_ago is not None
            else None
        )
        user, created = user_model.objects.get_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{person.username}@example.org",
                "organisation": person.provider,
                "job_title": "Independent complaints officer",
                "is_council_member_or_officer": False,
                "left_council_on": left,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(*(groups[role] for role in person.roles))
        expires = today + relativedelta(months=person.dbs_months_left)
        entry, _ = IndependentOfficer.objects.update_or_create(
            person=user,
            defaults={
                "phone": f"01632 960{len(person.username):03d}",
                "dbs_checked_on": expires - relativedelta(years=3),
                "dbs_expires_on": expires,
                "max_concurrent_cases": person.max_cases,
                "hourly_rate": Decimal(person.rate),
            },
        )
        entry.skills.set([themes[name] for name in person.skills if name in themes])
        if person.away_days is not None and not entry.unavailable_periods.exists():
            first, last = person.away_days
            Unavailability.objects.create(
                officer=entry,
                starts_on=today + relativedelta(days=first),
                ends_on=today + relativedelta(days=last),
                reason="Annual leave",
            )
    return IndependentOfficer.objects.count()
