"""Roster entries for the benchmark's external officers: skills, DBS dates, rates, leave.

Every external officer in the pool (Investigating Officers, Independent Persons, panel
members and chairs) gets an ``IndependentOfficer`` entry, as the appointment rules require.
The spread is what a council's roster looks like after a few years: most DBS checks in date,
about one in twenty expired and a few expiring within the 60-day warning; one to four skills
from the managed theme list; a few people on leave today or booked to be.

Made once: a second run finds the entries and leaves them as they are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from heard.people.models import IndependentOfficer, Theme, Unavailability

BATCH = 2_000
DBS_YEARS = 3  # a DBS check is renewed every three years
LEAVE_REASONS = ("Annual leave", "Training", "Sick leave", "Another council's panel")


@dataclass
class RosterCounts:
    officers: int = 0
    skills: int = 0
    unavailability: int = 0


def make_roster(people: list[int], today: date, seed: int) -> RosterCounts:
    """Roster entries for ``people`` (user ids) who have none yet; returns what was made."""
    rng = random.Random(seed)
    have = set(
        IndependentOfficer.objects.filter(person_id__in=people).values_list("person_id", flat=True)
    )
    themes = list(Theme.objects.filter(active=True).order_by("name").values_list("pk", flat=True))
    counts = RosterCounts()
    entries = []
    for person in people:
        if person in have:
            continue
        # Checked up to about three years and two months ago: the oldest have expired.
        checked = today - timedelta(days=rng.randint(20, 1_160))
        entries.append(
            IndependentOfficer(
                person_id=person,
                phone=f"01632 {960_000 + rng.randint(0, 999)}",
                dbs_checked_on=checked,
                dbs_expires_on=checked + timedelta(days=365 * DBS_YEARS),
                max_concurrent_cases=rng.choice((2, 3, 3, 4, 4, 5, 6)),
                hourly_rate=Decimal(rng.choice((42, 45, 45, 48, 50, 55, 60, 65))),
            )
        )
    IndependentOfficer.objects.bulk_create(entries, batch_size=BATCH)
    counts.officers = len(entries)
    skills = IndependentOfficer.skills.through
    links = []
    away = []
    for entry in entries:
        for theme in rng.sample(themes, min(rng.choice((1, 2, 2, 3, 3, 4)), len(themes))):
            links.append(skills(independentofficer_id=entry.pk, theme_id=theme))
        roll = rng.random()
        if roll < 0.06:  # away today
            starts = today - timedelta(days=rng.randint(0, 10))
        elif roll < 0.16:  # booked for the coming weeks
            starts = today + timedelta(days=rng.randint(1, 40))
        elif roll < 0.30:  # was away earlier this year
            starts = today - timedelta(days=rng.randint(30, 300))
        else:
            continue
        away.append(
            Unavailability(
                officer_id=entry.pk,
                starts_on=starts,
                ends_on=starts + timedelta(days=rng.randint(3, 20)),
                reason=rng.choice(LEAVE_REASONS),
            )
        )
    skills.objects.bulk_create(links, batch_size=BATCH)
    Unavailability.objects.bulk_create(away, batch_size=BATCH)
    counts.skills, counts.unavailability = len(links), len(away)
    return counts


def hourly_rates(people: list[int]) -> dict[int, Decimal]:
    """The agreed rate of each of ``people`` on the roster (whoever made the entries)."""
    return dict(
        IndependentOfficer.objects.filter(
            Q(person_id__in=people) & Q(hourly_rate__isnull=False)
        ).values_list("person_id", "hourly_rate")
    )
