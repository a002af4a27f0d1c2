"""Whom to suggest when the Complaints Manager appoints an independent officer.

Suggestions are advice, not rules. The rules that refuse an appointment (one role per person
on a complaint, independence, DBS in date, the size of the panel) live in
``complaints.actions.appointments`` and are checked again when the appointment is made. Here
we look through everyone who holds the role and set aside those who should not be asked:

- anyone who holds or held any role on this complaint (so the Stage 2 Independent Person is
  never offered for the panel, and someone stood down is not offered again);
- for the independent roles, members and officers of the council (regulation 2);
- anyone not on the roster, or whose DBS check is not in date on the day;
- anyone with a period of unavailability covering the day, or the panel's meeting date;
- anyone already at the most complaints they have agreed to take on at once.

The rest are ranked so the best fit comes first: most skills matching the themes of the
complaint's points, then the lightest caseload, then by name. Everyone set aside is listed
with the reasons, so the page can say why a familiar name is missing.

Every function here reads a fixed number of queries, however many people are on the roster.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Prefetch, Q, QuerySet

from heard.complaints.actions.appointments import COOLING_OFF
from heard.complaints.models import Appointment, Complaint, Stage3
from heard.complaints.models.choices import (
    ENDED_STATUSES,
    INDEPENDENT_ROLES,
    PANEL_ROLES,
    AppointmentRole,
    Status,
)
from heard.people.models import (
    DBS_WARNING_DAYS,
    IndependentOfficer,
    Theme,
    Unavailability,
    User,
)
from heard.people.roles import StaffRole
from heard.timescales.dates import long_date

# The group a person must be in to be suggested for each appointment role.
ROLE_GROUPS: dict[str, str] = {
    AppointmentRole.INVESTIGATING_OFFICER: StaffRole.INVESTIGATING_OFFICER,
    AppointmentRole.INDEPENDENT_PERSON: StaffRole.INDEPENDENT_PERSON,
    AppointmentRole.PANEL_MEMBER: StaffRole.PANEL_MEMBER,
    AppointmentRole.PANEL_CHAIR: StaffRole.PANEL_CHAIR,
}

# Statuses in which an appointment still takes up the officer's time: every status not in
# ENDED_STATUSES (the one list ``Complaint.is_open`` also reads).
OPEN_STATUSES: tuple[str, ...] = tuple(s.value for s in Status if s not in ENDED_STATUSES)

# DBS checks expiring this soon are flagged so they can be renewed in time.


# -- capacity and availability, shared with the roster pages -------------------------------


def caseloads(person_ids: Iterable[int]) -> dict[int, int]:
    """How many current appointments each of ``person_ids`` has on complaints still open.

    One grouped query for everyone on the page, merged in Python (people with none are left
    out: read with ``.get(pk, 0)``). A correlated subquery per person read every appointment
    the person ever had, one by one, joined to its complaint to test whether it was open: at
    100,000 complaints that was most of the roster page's time. Here the open complaints (a
    fifth of all) are an ``IN`` subquery on their status, and the database starts from them,
    reading each one's appointments from the index on (complaint, person, ended_on) without
    touching the rows. Measured on SQLite at 100,000 complaints: 390 ms for the 160 roster
    entries before, 43 ms now; starting from the people instead (a join, or an index on
    (person, ended_on)) reads every past appointment too and took 100 to 280 ms, and such an
    index tempts SQLite into probing every open complaint for every person (over a second).
    """
    ids = list(set(person_ids))
    if not ids:
        return {}
    open_complaints = Complaint.objects.filter(status__in=OPEN_STATUSES).values("pk")
    counted = (
        Appointment.objects.filter(
            person_id__in=ids, ended_on__isnull=True, complaint_id__in=open_complaints
        )
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    return dict(counted)


def covering(*days: date) -> Q:
    """Unavailability periods covering any of ``days``."""
    q = Q(pk__in=[])
    for day in days:
        q |= Q(starts_on__lte=day, ends_on__gte=day)
    return q


def periods_covering(periods: Any, day: date) -> list[Unavailability]:
    """Of an officer's (prefetched) periods, those covering ``day``."""
    return [u for u in periods if u.starts_on <= day <= u.ends_on]


def describe_period(period: Unavailability) -> str:
    if period.starts_on == period.ends_on:
        when = f"on {long_date(period.starts_on)}"
    else:
        when = f"from {long_date(period.starts_on)} to {long_date(period.ends_on)}"
    return f"Unavailable {when}" + (f" ({period.reason})" if period.reason else "")


def dbs_state(officer: IndependentOfficer, on: date) -> str:
    """``expired`` (or none recorded), ``expiring`` within 60 days, or ``in_date``."""
    expires = officer.dbs_expires_on
    if expires is None or expires < on:
        return "expired"
    if expires <= on + timedelta(days=DBS_WARNING_DAYS):
        return "expiring"
    return "in_date"


def years_since(then: date, on: date) -> str:
    years = relativedelta(on, then).years
    if years < 1:
        return "less than a year ago"
    return f"{years} year{'s' if years != 1 else ''} ago"


def former_staff_warning(person: User, on: date) -> str:
    """Good practice is three years between leaving the council and acting independently."""
    left = person.left_council_on
    if left is None or left + COOLING_OFF <= on:
        return ""
    return (
        f"Left the council {years_since(left, on)} (on {long_date(left)}): good practice is "
        "at least 3 years."
    )


# -- suggestions ---------------------------------------------------------------------------

# Why someone is not suggested, in the order the page lists them, with the words it uses.
REASONS: dict[str, str] = {
    "involved": "already involved in this complaint",
    "council": "member or officer of the council",
    "not_on_roster": "not on the roster",
    "dbs_expired": "DBS expired",
    "dbs_missing": "no DBS check recorded",
    "unavailable": "unavailable",
    "capacity": "at capacity",
}


# The reasons that the appointment rules (``complaints.actions.appointments``) would refuse,
# not merely advise against: someone left out for one of these is not offered at all. Being
# away or at capacity is advice, so those people are still offered, marked not suggested.
RULED_OUT: frozenset[str] = frozenset({"involved", "council", "dbs_expired", "dbs_missing"})
# Off the roster rules out only the independent roles, which must come from it.
RULED_OUT_INDEPENDENT: frozenset[str] = RULED_OUT | {"not_on_roster"}


@dataclass(frozen=True)
class Suggestion:
    """Someone who could be asked, with what makes them a good fit and what to bear in mind."""

    person: User
    officer: IndependentOfficer
    matched_skills: tuple[str, ...]
    caseload: int
    capacity: int
    warnings: tuple[str, ...] = ()

    @property
    def caseload_text(self) -> str:
        return f"{self.caseload} of {self.capacity}"

    @property
    def reasons(self) -> list[str]:
        """Plain sentences for the page: the match, the caseload, then any warnings."""
        if self.matched_skills:
            match = "Knows about " + ", ".join(self.matched_skills)
        else:
            match = "No skills matching this complaint's themes"
        return [match, f"Caseload {self.caseload_text}", *self.warnings]


@dataclass(frozen=True)
class LeftOut:
    """Someone who holds the role but is not suggested, and every reason why."""

    person: User
    reasons: tuple[tuple[str, str], ...]  # (key in REASONS, sentence)

    @property
    def sentences(self) -> list[str]:
        return [sentence for _, sentence in self.reasons]

    @property
    def keys(self) -> list[str]:
        return [key for key, _ in self.reasons]

    def ruled_out(self, role: str) -> bool:
        """Would the rules refuse appointing this person to ``role``? Then the person list
        does not offer them (the list above it still says why they are missing)."""
        rules = RULED_OUT_INDEPENDENT if role in INDEPENDENT_ROLES else RULED_OUT
        return any(key in rules for key in self.keys)


@dataclass(frozen=True)
class Shortlist:
    """Everyone holding a role, split into the suggested (best first) and the rest."""

    role: str
    on: date
    suggested: list[Suggestion]
    left_out: list[LeftOut] = field(default_factory=list)
    meeting_on: date | None = None

    @property
    def holders(self) -> int:
        return len(self.suggested) + len(self.left_out)

    def counts(self) -> list[tuple[str, int]]:
        """How many were left out for each reason (one person may have several)."""
        tally = Counter(key for left in self.left_out for key in left.keys)
        return [(words, tally[key]) for key, words in REASONS.items() if tally[key]]

    @property
    def summary(self) -> str:
        """For example: '12 people hold this role; 3 are not suggested: DBS expired (1),
        unavailable (1), at capacity (1).'"""
        if self.holders == 0:
            return "No one holds this role. Add people to the roster first."
        held = f"{self.holders} {'person holds' if self.holders == 1 else 'people hold'} this role"
        if not self.left_out:
            return f"{held}; all of them are suggested."
        n = len(self.left_out)
        why = ", ".join(f"{words} ({count})" for words, count in self.counts())
        return f"{held}; {n} {'is' if n == 1 else 'are'} not suggested: {why}."

    def find(self, person_pk: int) -> Suggestion | LeftOut | None:
        entries: list[Suggestion | LeftOut] = [*self.suggested, *self.left_out]
        for entry in entries:
            if entry.person.pk == person_pk:
                return entry
        return None


def role_holders(role: str, *, days: tuple[date, ...]) -> QuerySet[User]:
    """Active people in the role's group with their roster entry, skills, the unavailability
    covering ``days``: three queries however many there are (their caseloads are one more,
    from ``caseloads``)."""
    return (
        User.objects.filter(is_active=True, groups__name=ROLE_GROUPS[role])
        .select_related("roster_entry")
        .prefetch_related(
            "roster_entry__skills",
            Prefetch(
                "roster_entry__unavailable_periods",
                queryset=Unavailability.objects.filter(covering(*days)),
            ),
        )
        .order_by("last_name", "first_name", "username", "pk")
    )


def complaint_themes(complaint: Complaint) -> set[int]:
    return set(
        Theme.objects.filter(points__complaint=complaint).values_list("pk", flat=True).distinct()
    )


def shortlist(complaint: Complaint, role: str, *, on: date) -> Shortlist:
    """Everyone holding ``role``: the suggested, best first, and the rest with reasons."""
    if role not in ROLE_GROUPS:
        raise ValueError(f"no roster for the role {role!r}")
    meeting_on = None
    if role in PANEL_ROLES:
        meeting_on = (
            Stage3.objects.filter(complaint=complaint).values_list("meeting_on", flat=True).first()
        )
    days = (on,) if meeting_on is None or meeting_on == on else (on, meeting_on)
    # Whether each past appointment ended by a decision (stood down, replaced) or with its
    # work (ADR 022): the reason given says which.
    involved = {
        person: (
            AppointmentRole(held).label,
            "Is the {} on this complaint"
            if ended is None
            else "Was the {} on this complaint"
            if with_work
            else "Was the {} on this complaint (stood down)",
        )
        for person, held, ended, with_work in Appointment.objects.filter(
            complaint=complaint
        ).values_list("person_id", "role", "ended_on", "ended_with_work")
    }
    themes = complaint_themes(complaint)
    independent = role in INDEPENDENT_ROLES

    suggested: list[tuple[tuple[Any, ...], Suggestion]] = []
    left_out: list[LeftOut] = []
    holders = list(role_holders(role, days=days))
    load = caseloads(person.pk for person in holders)
    for person in holders:
        reasons: list[tuple[str, str]] = []
        if person.pk in involved:
            held, wording = involved[person.pk]
            reasons.append(
                (
                    "involved",
                    wording.format(held),
                )
            )
        if independent and person.is_council_member_or_officer:
            reasons.append(("council", "A member or officer of the council, so not independent"))
        officer = _roster_entry(person)
        if officer is None:
            reasons.append(("not_on_roster", "Not on the roster of independent officers"))
            left_out.append(LeftOut(person, tuple(reasons)))
            continue
        caseload = load.get(person.pk, 0)
        reasons.extend(_roster_reasons(officer, caseload, on=on, meeting_on=meeting_on))
        if reasons:
            left_out.append(LeftOut(person, tuple(reasons)))
            continue
        matched = tuple(sorted(s.name for s in officer.skills.all() if s.pk in themes))
        warnings = []
        if independent and (warning := former_staff_warning(person, on)):
            warnings.append(warning)
        if dbs_state(officer, on) == "expiring":
            warnings.append(f"DBS check expires on {long_date(officer.dbs_expires_on)}")
        entry = Suggestion(
            person=person,
            officer=officer,
            matched_skills=matched,
            caseload=caseload,
            capacity=officer.max_concurrent_cases,
            warnings=tuple(warnings),
        )
        rank = (
            -len(matched),
            entry.caseload,
            person.last_name.casefold(),
            person.first_name.casefold(),
            person.pk,
        )
        suggested.append((rank, entry))
    suggested.sort(key=lambda pair: pair[0])
    return Shortlist(
        role=role,
        on=on,
        suggested=[entry for _, entry in suggested],
        left_out=left_out,
        meeting_on=meeting_on,
    )


def suggest(complaint: Complaint, role: str, *, on: date) -> list[Suggestion]:
    """The people to suggest for ``role`` on ``complaint``, best fit first."""
    return shortlist(complaint, role, on=on).suggested


def _roster_entry(person: User) -> IndependentOfficer | None:
    try:
        return person.roster_entry
    except IndependentOfficer.DoesNotExist:
        return None


def _roster_reasons(
    officer: IndependentOfficer, caseload: int, *, on: date, meeting_on: date | None
) -> list[tuple[str, str]]:
    """DBS, availability and capacity, from the prefetched roster entry."""
    reasons: list[tuple[str, str]] = []
    if officer.dbs_expires_on is None:
        reasons.append(("dbs_missing", "No DBS check recorded on the roster"))
    elif officer.dbs_expires_on < on:
        reasons.append(("dbs_expired", f"DBS check expired on {long_date(officer.dbs_expires_on)}"))
    periods = list(officer.unavailable_periods.all())
    away = periods_covering(periods, on)
    if not away and meeting_on is not None:
        away = periods_covering(periods, meeting_on)
        if away:
            reasons.append(
                (
                    "unavailable",
                    f"{describe_period(away[0])}, which covers the panel meeting on "
                    f"{long_date(meeting_on)}",
                )
            )
    elif away:
        reasons.append(("unavailable", describe_period(away[0])))
    if caseload >= officer.max_concurrent_cases:
        reasons.append(
            ("capacity", f"At capacity: {caseload} of {officer.max_concurrent_cases} complaints")
        )
    return reasons
