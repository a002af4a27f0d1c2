"""The roster of independent officers as the pages show it: who, in which roles, with which
skills, whether their DBS check is in date, how busy they are and whether they are away.

Worked out here in plain Python so the templates only lay it out. The list reads a fixed
number of queries however many people are on the roster (tests count them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from heard.complaints.models import Appointment, TimeEntry
from heard.complaints.suggestions import (
    OPEN_STATUSES,
    caseloads,
    covering,
    dbs_state,
    former_staff_warning,
)
from heard.people.models import DBS_WARNING_DAYS, IndependentOfficer, Unavailability
from heard.people.roles import ROSTER_ROLES, role_labels
from heard.roster.fees import TimeSheet
from heard.timescales.dates import long_date

ROLE_ORDER = [role.value for role in ROSTER_ROLES]

# The tag beside a DBS expiry date.
DBS_TAGS: dict[str, tuple[str, str]] = {
    "expired": ("Expired", "govuk-tag--red"),
    "expiring": ("Expires soon", "govuk-tag--yellow"),
    "in_date": ("", ""),
}


def roster_queryset(today: date) -> QuerySet[IndependentOfficer]:
    """Active officers with everything a row shows but the caseload: four queries in all
    (``roster_rows`` adds the caseloads in one more)."""
    return (
        IndependentOfficer.objects.filter(person__is_active=True)
        .select_related("person")
        .prefetch_related(
            "person__groups",
            "skills",
            Prefetch(
                "unavailable_periods",
                queryset=Unavailability.objects.filter(covering(today)),
                to_attr="away_today",
            ),
        )
    )


def filter_roster(
    officers: QuerySet[IndependentOfficer], wanted: dict[str, Any], today: date
) -> QuerySet[IndependentOfficer]:
    if wanted.get("role"):
        officers = officers.filter(person__groups__name=wanted["role"])
    if wanted.get("skill"):
        officers = officers.filter(skills=wanted["skill"])
    if wanted.get("provider"):
        officers = officers.filter(person__organisation=wanted["provider"])
    if wanted.get("dbs_due"):
        soon = today + timedelta(days=DBS_WARNING_DAYS)
        officers = officers.filter(Q(dbs_expires_on__isnull=True) | Q(dbs_expires_on__lte=soon))
    if wanted.get("available_today"):
        away = Unavailability.objects.filter(
            officer=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today
        )
        officers = officers.filter(~Exists(away))
    return officers


def roster_rows(officers: Iterable[IndependentOfficer], today: date) -> list[RosterRow]:
    """A row for each officer, with the caseloads of all of them counted in one query.

    The caseloads are merged in Python rather than annotated or filtered in SQL: no filter
    needs them (availability is about leave, not caseload), and counting only for the people
    on the page, once, costs the same however many officers there are."""
    found = list(officers)
    load = caseloads(officer.person_id for officer in found)
    return [RosterRow.of(officer, today, load.get(officer.person_id, 0)) for officer in found]


@dataclass(frozen=True)
class RosterRow:
    officer: IndependentOfficer
    roles: list[str]
    skills: list[str]
    dbs_tag: str
    dbs_class: str
    caseload: int
    away: str

    @property
    def person(self) -> Any:
        return self.officer.person

    @property
    def caseload_text(self) -> str:
        return f"{self.caseload} of {self.officer.max_concurrent_cases}"

    @classmethod
    def of(cls, officer: IndependentOfficer, today: date, caseload: int) -> RosterRow:
        tag, css = DBS_TAGS[dbs_state(officer, today)]
        away = officer.away_today  # type: ignore[attr-defined]
        return cls(
            officer=officer,
            roles=role_labels(officer.person.groups.all()),
            skills=[s.name for s in officer.skills.all()],
            dbs_tag=tag,
            dbs_class=css,
            caseload=caseload,
            away=_until(away[0]) if away else "",
        )


def _until(period: Unavailability) -> str:
    reason = f" ({period.reason})" if period.reason else ""
    return f"Until {long_date(period.ends_on)}{reason}"


@dataclass(frozen=True)
class Period:
    period: Unavailability
    when: str  # "Now", "Coming up" or "Past"


@dataclass(frozen=True)
class OfficerPage:
    """One officer: who they are, what they may do, and what they have done."""

    officer: IndependentOfficer
    row: RosterRow
    periods: list[Period]
    former_staff_warning: str
    current: list[Appointment]
    past: list[Appointment]
    time: list[TimeSheet]

    @property
    def hours(self) -> Any:
        return sum(sheet.hours for sheet in self.time)

    @property
    def fee(self) -> Any:
        return sum(sheet.fee for sheet in self.time)

    @classmethod
    def build(cls, officer: IndependentOfficer, today: date) -> OfficerPage:
        person = officer.person
        appointments = list(
            Appointment.objects.filter(person=person)
            .select_related("complaint")
            .order_by("-appointed_on", "-id")
        )
        current = [
            a for a in appointments if a.ended_on is None and a.complaint.status in OPEN_STATUSES
        ]
        entries = (
            TimeEntry.objects.filter(appointment__person=person)
            .select_related("appointment__complaint")
            .order_by("-appointment__appointed_on", "appointment_id", "worked_on", "id")
        )
        sheets: dict[int, TimeSheet] = {}
        for entry in entries:
            sheet = sheets.setdefault(entry.appointment_id, TimeSheet(entry.appointment, []))
            sheet.entries.append(entry)
        periods = [
            Period(
                u,
                "Now"
                if u.starts_on <= today <= u.ends_on
                else ("Coming up" if u.starts_on > today else "Past"),
            )
            for u in officer.unavailable_periods.order_by("-starts_on")
        ]
        return cls(
            officer=officer,
            # The caseload is the current list just read: no need to count it again.
            row=RosterRow.of(officer, today, len(current)),
            periods=periods,
            former_staff_warning=former_staff_warning(person, today),
            current=current,
            past=[a for a in appointments if a not in current],
            time=list(sheets.values()),
        )
