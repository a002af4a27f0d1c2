"""Benchmark fixture: insert N complaints fast, ``python bench/generate_cases.py [--count N]``.

This is not demo data and goes round the actions on purpose: building 100,000 cases through
the actions would take hours, and the benchmarks only need tables of a realistic size and
shape. Rows are made in memory and written with ``bulk_create`` in batches of 2,000, in one
transaction (SQLite commits once; PostgreSQL is the same and a failed run leaves nothing).

What a run writes, with a fixed seed so every run is the same for the same day:

* a pool of 243 officers: 70 external Investigating Officers, 50 external Independent
  Persons (ten of them panel members too), 20 adjudicating officers, 50 service managers
  (Stage 1 responders), 10 complaints officers, 30 external panel members, 10 external panel
  chairs (five of them members too) and 3 complaints managers, each in their staff-role
  groups, none able to sign in; every external officer is on the roster
  (``fixture_roster.py``: skills, DBS dates, rates, leave);
* N complaints spread over the statuses roughly as a large council's history looks (half
  closed, a sixth complete at Stage 2, a fifth open), received over the last five years, with
  stored due dates computed from the working-day calendar so that open cases fall due around
  today and some are overdue;
* for each complaint: one or two complainants, one to three children, the Stage 1 and Stage 2
  rows its status implies, its current appointments from the pool, and about five case events;
* and what came of it (``fixture_outcomes.py``): complaint points with themes, findings,
  recommendations at every stage and the actions that carry them out, Stage 3 on a few
  complete Stage 2 cases (with its breaches and panel), Ombudsman cases with remedies, and
  independent officers' time. Those rows come from a second seeded random source, so the
  rows above are the same as before they were added.

Works on whatever database the environment names (``DATABASE_URL`` or SQLite in
``HEARD_DATA_DIR``), after ``heard migrate``. References look like ``G-2026-000123`` so they
never collide with those the actions make (``C-2026-00123``); the Ombudsman's references are
likewise ``G26 012 345``, never a real one's ``26 012 345``.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time as clock
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # this checkout's sources, not an installed copy
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402

# Siblings in bench/ (on the path when this runs as a script), after django.setup().
from fixture_outcomes import WRITE_ORDER, Outcomes  # noqa: E402
from fixture_roster import RosterCounts, hourly_rates, make_roster  # noqa: E402
from fixture_rows import Pool, Rows  # noqa: E402

from heard.audit.models import CaseEvent  # noqa: E402
from heard.complaints.deadlines import refresh_due  # noqa: E402
from heard.complaints.models import (  # noqa: E402
    Appointment,
    Breach,
    Child,
    Complainant,
    Complaint,
    ComplaintPoint,
    Stage1,
    Stage2,
    Stage3,
    TimeEntry,
)
from heard.complaints.models.choices import (  # noqa: E402
    ENDED_STATUSES,
    INDEPENDENT_ROLES,
    AppointmentRole,
    Channel,
    Relationship,
    Route,
    SpecifiedFunction,
    Status,
)
from heard.complaints.models.running import RunningDeadline  # noqa: E402
from heard.complaints.search import index_missing  # noqa: E402
from heard.decisions.models import Action, Finding, Recommendation  # noqa: E402
from heard.ombudsman.models import OmbudsmanCase, Remedy  # noqa: E402
from heard.people.models import IndependentOfficer, User  # noqa: E402
from heard.people.roles import StaffRole  # noqa: E402
from heard.timescales.calendar import Calendar  # noqa: E402
from heard.timescales.snapshot import current_calendar  # noqa: E402

BATCH = 2_000
CHUNK = 10_000  # complaints built and written at a time, so memory stays flat
SEED = 20261124

# How a large council's history looks: most cases are over, a fifth are open.
STATUS_WEIGHTS: dict[str, float] = {
    Status.INTAKE: 1.5,
    Status.STAGE1_OPEN: 7.0,
    Status.STAGE1_RESPONDED: 6.0,
    Status.HANDLED_ELSEWHERE: 5.0,
    Status.CLOSED: 48.0,
    Status.STAGE2_REQUESTED: 1.5,
    Status.STAGE2_SETUP: 1.5,
    Status.STAGE2_INVESTIGATION: 5.0,
    Status.STAGE2_ADJUDICATION: 1.5,
    Status.STAGE2_COMPLETE: 18.0,
    Status.STAGE2_REFUSED: 1.0,
    Status.CLOSED_NON_ENGAGEMENT: 3.5,
}
STAGE2_STATUSES = {
    Status.STAGE2_REQUESTED,
    Status.STAGE2_SETUP,
    Status.STAGE2_INVESTIGATION,
    Status.STAGE2_ADJUDICATION,
    Status.STAGE2_COMPLETE,
    Status.STAGE2_REFUSED,
    Status.CLOSED_NON_ENGAGEMENT,
}
HISTORY_WORKING_DAYS = 1_250  # about five years

# The officer pool: (staff role, how many, username prefix, external to the council). New
# roles go at the end, so the people made before them keep their names and ids.
POOL: tuple[tuple[str, int, str, bool], ...] = (
    (StaffRole.INVESTIGATING_OFFICER, 70, "bench-io", True),
    (StaffRole.INDEPENDENT_PERSON, 50, "bench-ip", True),
    (StaffRole.ADJUDICATING_OFFICER, 20, "bench-adj", False),
    (StaffRole.STAFF_MEMBER, 50, "bench-sm", False),
    (StaffRole.COMPLAINTS_OFFICER, 10, "bench-co", False),
    (StaffRole.PANEL_MEMBER, 30, "bench-pm", True),
    (StaffRole.PANEL_CHAIR, 10, "bench-pc", True),
    (StaffRole.COMPLAINTS_MANAGER, 3, "bench-cm", False),
)
# People who hold a second role as well: some Independent Persons and chairs also sit on
# panels as members (so the appoint page's suggestions meet people busy elsewhere).
SECOND_ROLES: tuple[tuple[str, int, str], ...] = (
    ("bench-ip", 10, StaffRole.PANEL_MEMBER),
    ("bench-pc", 5, StaffRole.PANEL_MEMBER),
)

FIRST = (
    "Ada Alfie Amara Arlo Bea Bram Cass Cleo Dara Eden Ezra Fern Finn Gwen Hal Ike Isla Jago "
    "Juno Kit Lark Lyra Milo Nell Noor Oren Orla Pip Quin Rafe Remy Rhea Rory Sage Tam Tova "
    "Uma Vale Wren Xan Yara Zed"
).split()
LAST = (
    "Ashdown Bellweather Brackley Cheevers Dunmore Ellery Fairweather Gorringe Halloran "
    "Kettering Larkworthy Merriweather Oakhurst Pellow Quince Rainsford Strathdee Threlfall "
    "Tolliver Vance Wetherall Ashcombe Breckon Pennyfeather Quennell Ridgeway Trevelyan Vosper"
).split()
TEAMS = (
    "Children in Care team",
    "Leaving Care service",
    "Family Support team (North)",
    "Family Support team (South)",
    "Children with Disabilities team",
    "Assessment and Intervention team",
    "Fostering service",
    "Adoption service",
    "Special Guardianship Support",
    "Safeguarding and Quality Assurance",
    "Early Help",
    "Youth Justice service",
)
TOPICS = (
    "says contact with {child} was cancelled at short notice several times",
    "says {child} was moved to a new placement without enough notice",
    "says the pathway plan for {child} has not been reviewed for months",
    "says the assessment of {child}'s needs took far longer than it should",
    "says no one returned calls or emails about {child}",
    "says they were not invited to {child}'s review",
    "says the support promised for {child} was never put in place",
    "says information about {child} was shared without good reason",
    "says the allowance for {child} was paid late",
    "says {child}'s social worker changed four times in six months",
)
RELATIONSHIPS = (
    (Relationship.PARENT, 55),
    (Relationship.CHILD, 10),
    (Relationship.FOSTER_CARER, 10),
    (Relationship.CARE_LEAVER, 8),
    (Relationship.SPECIAL_GUARDIAN, 6),
    (Relationship.ADOPTION, 5),
    (Relationship.PARENTAL_RESPONSIBILITY, 4),
    (Relationship.OTHER, 2),
)
CHANNELS = tuple(Channel.values)
FUNCTIONS = tuple(SpecifiedFunction.values)

# The events each status has been through, in order (a sample of them is written).
PATH_STAGE1 = ("received", "acknowledge", "classify", "start_stage1", "assign_responder")
PATHS: dict[str, tuple[str, ...]] = {
    Status.INTAKE: ("received", "acknowledge"),
    Status.STAGE1_OPEN: PATH_STAGE1,
    Status.STAGE1_RESPONDED: (*PATH_STAGE1, "record_stage1_response"),
    Status.HANDLED_ELSEWHERE: ("received", "acknowledge", "classify", "hand_over"),
    Status.CLOSED: (*PATH_STAGE1, "record_stage1_response", "close"),
    Status.STAGE2_REQUESTED: (*PATH_STAGE1, "record_stage1_response", "request_stage2"),
    Status.STAGE2_SETUP: ("received", "start_stage1", "record_stage1_response",
                          "request_stage2", "accept_stage2", "appoint"),
    Status.STAGE2_INVESTIGATION: ("received", "start_stage1", "request_stage2",
                                  "accept_stage2", "appoint", "start_investigation",
                                  "record_first_contact", "save_statement"),
    Status.STAGE2_ADJUDICATION: ("received", "start_stage1", "request_stage2", "accept_stage2",
                                 "start_investigation", "agree_statement", "finalise_report"),
    Status.STAGE2_COMPLETE: ("received", "start_stage1", "request_stage2", "accept_stage2",
                             "start_investigation", "agree_statement", "finalise_report",
                             "adjudicate", "send_adjudication_letter"),
    Status.STAGE2_REFUSED: ("received", "start_stage1", "record_stage1_response",
                            "request_stage2", "refuse_stage2"),
    Status.CLOSED_NON_ENGAGEMENT: ("received", "start_stage1", "request_stage2",
                                   "accept_stage2", "record_contact_attempt",
                                   "record_contact_attempt", "close_for_non_engagement"),
}  # fmt: skip
MAX_EVENTS = 5
PROVIDERS = ("Bench Reviews Ltd", "Bench Independent Panels CIC", "Bench Associates")
UNUSABLE = make_password(None)  # an unusable password: "!" and random characters


class Generator:
    """Makes the rows for one complaint at a time, from one seeded random source."""

    def __init__(self, calendar: Calendar, today: date, pool: Pool, seed: int) -> None:
        self.cal = calendar
        self.today = today
        self.pool = pool
        self.rng = random.Random(seed)
        self.statuses = list(STATUS_WEIGHTS)
        self.weights = list(STATUS_WEIGHTS.values())
        self.relationships = [r for r, _ in RELATIONSHIPS]
        self.relationship_weights = [w for _, w in RELATIONSHIPS]
        self.zone = timezone.get_current_timezone()
        self.rows = Rows()
        self._nine: dict[date, datetime] = {}
        # Points, findings, actions, Stage 3, the Ombudsman and time come from their own
        # random source, so the rows above are the same as before those were added.
        self.outcomes = Outcomes(self, self.rows, pool, seed + 1)

    # -- dates ----------------------------------------------------------------------------

    def ago(self, working_days: int) -> date:
        return self.cal.add_working_days(self.today, -working_days) if working_days else self.today

    def plus(self, day: date, working_days: int) -> date:
        return self.cal.add_working_days(day, working_days)

    def capped(self, day: date) -> date:
        return min(day, self.today)

    def stamp(self, day: date, minute: int) -> datetime:
        """09:00 London time on ``day`` plus ``minute`` minutes, in UTC (cached per day)."""
        nine = self._nine.get(day)
        if nine is None:
            nine = datetime.combine(day, time(9, 0), tzinfo=self.zone).astimezone(UTC)
            self._nine[day] = nine
        return nine + timedelta(minutes=minute)

    # -- one complaint --------------------------------------------------------------------

    def received_age(self, status: str) -> int:
        """How many working days ago a case in ``status`` was received."""
        r = self.rng
        if status == Status.INTAKE:
            return r.randint(0, 3)
        if status == Status.STAGE1_OPEN:
            return r.choice((r.randint(0, 10), r.randint(0, 10), r.randint(8, 30)))
        if status == Status.STAGE1_RESPONDED:
            return r.randint(8, 40)
        if status in {Status.STAGE2_REQUESTED, Status.STAGE2_SETUP}:
            return r.randint(25, 60)
        if status == Status.STAGE2_INVESTIGATION:
            return r.randint(35, 110)
        if status == Status.STAGE2_ADJUDICATION:
            return r.randint(50, 120)
        return r.randint(40, HISTORY_WORKING_DAYS)

    def complaint(self, number: int) -> tuple[Complaint, dict[str, Any]]:
        """A complaint and the facts its related rows are built from."""
        r = self.rng
        status = r.choices(self.statuses, self.weights)[0]
        age = self.received_age(status)
        received = self.ago(age)
        route = Route.STATUTORY if r.random() < 0.85 else Route.CORPORATE
        if status == Status.HANDLED_ELSEWHERE:
            route = Route.OTHER
        if status in STAGE2_STATUSES and status != Status.STAGE2_REFUSED:
            route = Route.STATUTORY if r.random() < 0.92 else Route.CORPORATE
        child = f"{r.choice(FIRST)} {r.choice(LAST)}"
        complainant = f"{r.choice(FIRST)} {r.choice(LAST)}"
        summary = f"{complainant} {r.choice(TOPICS).format(child=child)}."
        ack_due = self.plus(received, 2)
        complaint = self.rows.make(
            Complaint,
            reference=f"G-{received.year}-{number:06d}",
            received_on=received,
            channel=r.choice(CHANNELS),
            summary=summary,
            team=r.choice(TEAMS),
            created_at=self.stamp(received, 0),
            created_by_id=self.pool.recorder,
            handler_id=r.choice(self.pool.handlers),
            acknowledgement_due_on=ack_due,
            acknowledged_on=self.capped(self.plus(received, r.randint(1, 3))) if age else None,
            status=status,
            stage=2 if status in STAGE2_STATUSES else 1,
        )
        if status != Status.INTAKE or r.random() < 0.3:
            complaint.route = route
            complaint.route_reason = "Classified on receipt."
            complaint.route_decided_by_id = self.pool.recorder
            complaint.route_decided_on = self.capped(self.plus(received, 1))
            if route == Route.STATUTORY:
                complaint.specified_function = r.choice(FUNCTIONS)
        facts: dict[str, Any] = {"complainant": complainant, "child": child, "age": age}
        self._stages(complaint, facts)
        self.outcomes.stage3(complaint, facts)
        return complaint, facts

    def _stages(self, c: Complaint, facts: dict[str, Any]) -> None:
        """Stage 1 and Stage 2 rows (unsaved) and the stored due and closed dates."""
        r, status, received = self.rng, c.status, c.received_on
        if status in {Status.INTAKE, Status.HANDLED_ELSEWHERE}:
            if status == Status.HANDLED_ELSEWHERE:
                c.closed_on = self.capped(self.plus(received, r.randint(1, 5)))
            return
        s1 = self.rows.make(
            Stage1,
            started_on=received,
            due_on=self.plus(received, 10),
            cap_on=self.plus(received, 20),
        )
        if r.random() < 0.15:
            s1.extended_on = self.capped(self.plus(received, r.randint(5, 9)))
            s1.extension_reason = "complex"
            s1.due_on = s1.cap_on
        facts["stage1"] = s1
        if status == Status.STAGE1_OPEN:
            c.due_on = s1.due_on
            return
        # Answered: usually on time, sometimes late.
        answered_after = r.randint(4, 10) if r.random() < 0.8 else r.randint(11, 25)
        s1.response_sent_on = self.capped(self.plus(received, answered_after))
        s1.resolved = r.random() < 0.5
        s1.response_summary = "Stage 1 response sent."
        s1.stage2_request_by = self.plus(s1.response_sent_on, 20)
        if status == Status.STAGE1_RESPONDED:
            return
        if status == Status.CLOSED:
            c.closed_on = self.capped(self.plus(s1.response_sent_on, r.randint(20, 30)))
            return
        # Stage 2.
        request_age = self._request_age(status, facts["age"])
        requested = max(self.ago(request_age), self.plus(s1.response_sent_on, 1))
        requested = self.capped(requested)
        s2 = self.rows.make(
            Stage2,
            requested_on=requested,
            request_channel=r.choice(CHANNELS),
            request_due_on=self.plus(requested, 25),
            request_cap_on=self.plus(requested, 65),
        )
        facts["stage2"] = s2
        c.due_on = s2.request_due_on
        if status == Status.STAGE2_REQUESTED:
            return
        if status == Status.STAGE2_REFUSED:
            s2.refused_on = self.capped(self.plus(requested, r.randint(2, 8)))
            s2.refusal_reasons = "Repeat of a complaint already investigated."
            s2.refusal_signed_off_by_id = r.choice(self.pool.by_role["adjudicating_officer"])
            c.due_on, c.closed_on = None, s2.refused_on
            return
        s2.accepted_on = self.capped(self.plus(requested, r.randint(1, 3)))
        s2.start_on, s2.due_on, s2.cap_on = requested, s2.request_due_on, s2.request_cap_on
        s2.io_appointed_on = s2.ip_appointed_on = self.capped(self.plus(requested, 3))
        if r.random() < 0.3:
            s2.extended_on = self.capped(self.plus(requested, r.randint(15, 24)))
            s2.extension_reason = "A key witness is on leave."
            s2.due_on = self.plus(requested, r.randint(35, 65))
        c.due_on = s2.due_on
        if status == Status.STAGE2_SETUP:
            return
        s2.investigation_started_on = self.capped(self.plus(requested, 4))
        s2.first_contact_on = self.capped(self.plus(requested, r.randint(5, 8)))
        s2.statement_due_on = self.plus(s2.first_contact_on, 10)
        if status == Status.CLOSED_NON_ENGAGEMENT:
            s2.closed_for_non_engagement_on = self.capped(self.plus(requested, r.randint(20, 40)))
            s2.non_engagement_reasons = "No reply to three contacts."
            c.due_on, c.closed_on = None, s2.closed_for_non_engagement_on
            return
        agreed = self.plus(s2.first_contact_on, r.randint(3, 14))
        if agreed <= self.today:
            s2.statement_agreed_on = agreed
            s2.records_access_granted_on = agreed
        if status == Status.STAGE2_INVESTIGATION:
            return
        s2.report_date = self.capped(self.plus(requested, r.randint(18, 45)))
        if status == Status.STAGE2_ADJUDICATION:
            return
        s2.adjudication_date = self.capped(self.plus(s2.report_date, r.randint(2, 10)))
        s2.adjudication_letter_sent_on = self.capped(self.plus(s2.adjudication_date, 1))
        s2.stage3_request_by = self.plus(s2.adjudication_letter_sent_on, 20)
        c.due_on, c.closed_on = None, s2.adjudication_letter_sent_on

    def _request_age(self, status: str, received_age: int) -> int:
        r = self.rng
        latest = max(received_age - 12, 0)
        wanted = {
            Status.STAGE2_REQUESTED: r.randint(0, 8),
            Status.STAGE2_SETUP: r.randint(2, 12),
            Status.STAGE2_INVESTIGATION: r.randint(8, 45),
            Status.STAGE2_ADJUDICATION: r.randint(25, 60),
        }.get(Status(status), latest)
        return min(wanted, latest)

    # -- the rows that hang off a saved complaint ----------------------------------------

    def related(
        self, c: Complaint, facts: dict[str, Any], rows: dict[type[models.Model], list[Any]]
    ) -> None:
        """Append the rows that hang off the saved complaint ``c`` to ``rows``, by model."""
        r = self.rng
        relationship = r.choices(self.relationships, self.relationship_weights)[0]
        rows[Complainant].append(
            self.rows.make(
                Complainant, complaint_id=c.pk, name=facts["complainant"], relationship=relationship
            )
        )
        if r.random() < 0.15:
            second = f"{r.choice(FIRST)} {r.choice(LAST)}"
            rows[Complainant].append(
                self.rows.make(
                    Complainant, complaint_id=c.pk, name=second, relationship=relationship
                )
            )
        for index in range(r.choice((1, 1, 1, 1, 2, 2, 3))):
            name = facts["child"] if index == 0 else f"{r.choice(FIRST)} {r.choice(LAST)}"
            rows[Child].append(
                self.rows.make(
                    Child,
                    complaint_id=c.pk,
                    name=name,
                    date_of_birth=self.today - timedelta(days=r.randint(365, 17 * 365)),
                    looked_after=r.random() < 0.5,
                    care_leaver=relationship == Relationship.CARE_LEAVER,
                )
            )
        people: set[int] = set()
        appointed: dict[str, int] = {}
        appointments: list[Appointment] = []

        def appoint(role: str, staff_role: str, on: date, rng: random.Random = r) -> None:
            person = rng.choice(self.pool.by_role[staff_role])
            if person in people:
                return
            people.add(person)
            appointed.setdefault(role, person)
            appointment = self.rows.make(
                Appointment,
                complaint_id=c.pk,
                person_id=person,
                role=role,
                appointed_on=on,
                appointed_by_id=self.pool.recorder,
                conflict_declaration="None declared.",
                attested_not_council=role in INDEPENDENT_ROLES,
                attested_not_spouse=role in INDEPENDENT_ROLES,
            )
            rows[Appointment].append(appointment)
            appointments.append(appointment)

        facts.update(appointed=appointed, appointments=appointments, appoint=appoint)

        s1: Stage1 | None = facts.get("stage1")
        s2: Stage2 | None = facts.get("stage2")
        if s1 is not None:
            s1.complaint_id = c.pk
            rows[Stage1].append(s1)
            appoint(AppointmentRole.STAGE1_RESPONDER, "staff_member", s1.started_on)
        if s2 is not None:
            s2.complaint_id = c.pk
            rows[Stage2].append(s2)
            if s2.io_appointed_on:
                appoint(AppointmentRole.INVESTIGATING_OFFICER, "investigating_officer",
                        s2.io_appointed_on)  # fmt: skip
                if c.route == Route.STATUTORY:
                    appoint(AppointmentRole.INDEPENDENT_PERSON, "independent_person",
                            s2.io_appointed_on)  # fmt: skip
            if s2.report_date:
                appoint(AppointmentRole.ADJUDICATOR, "adjudicating_officer", s2.report_date)
        rows[CaseEvent].extend(
            self.events(c, facts.get("base_status", c.status), facts.get("base_closed_on"))
        )
        self.outcomes.related(c, facts, rows)

    def events(self, c: Complaint, status: str, closed_on: date | None) -> list[CaseEvent]:
        """About five events, in order, dated between receipt and the case's last date.

        ``status`` and ``closed_on`` are where the case stood at the end of Stage 2 for a
        case taken on to Stage 3 (whose own events ``Outcomes`` adds)."""
        path = PATHS[status]
        if len(path) > MAX_EVENTS:  # keep the first and last, and a sample between
            middle = sorted(self.rng.sample(range(1, len(path) - 1), MAX_EVENTS - 2))
            path = (path[0], *(path[i] for i in middle), path[-1])
        last = closed_on or c.closed_on or self.today
        span = max((last - c.received_on).days, 0)
        events = []
        for index, name in enumerate(path):
            day = c.received_on + timedelta(days=span * index // max(len(path) - 1, 1))
            events.append(
                self.rows.make(
                    CaseEvent,
                    complaint_id=c.pk,
                    at=self.stamp(day, index),
                    by_id=self.pool.recorder,
                    acting_as="complaints_officer",
                    name=f"complaint.{name}",
                    summary=name.replace("_", " ").capitalize(),
                    details={},
                )
            )
        return events


def make_pool(today: date, seed: int) -> tuple[Pool, RosterCounts]:
    """The 243 officers (made once; a second run reuses them), the recording officer, and
    the external officers' roster entries with their rates."""
    # The panel roles' groups are not made by a migration (only by the demo roster), so
    # make any that are missing.
    roles = {str(role) for role, *_ in POOL} | {str(role) for *_, role in SECOND_ROLES}
    groups = {name: Group.objects.get_or_create(name=name)[0].pk for name in sorted(roles)}
    by_role: dict[str, list[int]] = {}
    wanted = []
    for role, count, prefix, external in POOL:
        for n in range(1, count + 1):
            wanted.append((f"{prefix}-{n:03d}", str(role), external))
    existing = set(
        User.objects.filter(username__startswith="bench-").values_list("username", flat=True)
    )
    rng = random.Random(SEED)
    new = [
        User(
            username=username,
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            password=UNUSABLE,  # these officers never sign in
            is_council_member_or_officer=not external,
            organisation=PROVIDERS[int(username[-3:]) % len(PROVIDERS)] if external else "",
        )
        for username, _, external in wanted
        if username not in existing
    ]
    User.objects.bulk_create(new, batch_size=BATCH)
    ids = dict(User.objects.filter(username__startswith="bench-").values_list("username", "id"))
    memberships = [(u, role) for u, role, _ in wanted]
    for prefix, count, role in SECOND_ROLES:
        memberships += [(f"{prefix}-{n:03d}", str(role)) for n in range(1, count + 1)]
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=ids[u], group_id=groups[role]) for u, role in memberships],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    for username, role in memberships:
        by_role.setdefault(role, []).append(ids[username])
    external = [ids[u] for u, _, outside in wanted if outside]
    roster = make_roster(external, today, seed)
    pool = Pool(
        by_role=by_role,
        recorder=by_role[str(StaffRole.COMPLAINTS_OFFICER)][0],
        rates=hourly_rates(external),
        handlers=by_role[str(StaffRole.COMPLAINTS_OFFICER)]
        + by_role[str(StaffRole.COMPLAINTS_MANAGER)],
    )
    return pool, roster


def chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


# The order a chunk's rows are written in: every parent before the rows that point to it.
BASE_ORDER: tuple[type[models.Model], ...] = (
    Complainant,
    Child,
    Stage1,
    Stage2,
    Appointment,
    CaseEvent,
)


@dataclass
class Counts:
    """How many rows of each model a run wrote, and the roster entries it made."""

    complaints: int = 0
    deadlines: int = 0
    rows: dict[type[models.Model], int] = field(default_factory=dict)
    roster: RosterCounts = field(default_factory=RosterCounts)

    def of(self, model: type[models.Model]) -> int:
        return self.rows.get(model, 0)


@contextmanager
def stamped_as_given(*fields: models.Field) -> Iterator[None]:
    """``bulk_create`` would stamp creation times (and a finding's ``auto_now`` time) with
    "now"; the fixture wants them on the day each thing happened, so the fields' automatic
    stamping is off while it runs."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[attr-defined]
    for f in fields:
        f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add  # type: ignore[attr-defined]


@transaction.atomic
def generate(count: int, *, seed: int = SEED, progress: bool = False) -> Counts:
    """Insert ``count`` complaints with their related rows; return how many rows of each."""
    if connection.vendor == "sqlite":
        # The indexes on event times and due dates take rows in random order; with SQLite's
        # default 2 MB page cache most of those inserts miss it. 256 MB for this connection
        # only (the file and its settings are unchanged).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    today = timezone.localdate()
    pool, roster = make_pool(today, seed)
    generator = Generator(current_calendar(), today, pool, seed)
    first = (Complaint.objects.aggregate(models.Max("id"))["id__max"] or 0) + 1
    counts = Counts(roster=roster)
    order = (*BASE_ORDER, *WRITE_ORDER)
    stamps = [
        model._meta.get_field(name)
        for model, name in (
            (Complaint, "created_at"),
            (CaseEvent, "at"),
            (Finding, "recorded_at"),
            (Breach, "recorded_at"),
            (TimeEntry, "recorded_at"),
        )
    ]
    # The cyclic garbage collector rescans the growing heap over and over while a million
    # short-lived rows are made; it cost over a third of the run. Nothing here builds cycles
    # that need collecting, so it is off until the end (and then run once).
    gc.disable()
    try:
        with stamped_as_given(*stamps):
            for part in chunks(count, CHUNK):
                made = [generator.complaint(first + i) for i in part]
                Complaint.objects.bulk_create([c for c, _ in made], batch_size=BATCH)
                related: dict[type[models.Model], list[Any]] = {model: [] for model in order}
                for complaint, facts in made:
                    generator.related(complaint, facts, related)
                for model, rows in related.items():
                    model.objects.bulk_create(rows, batch_size=BATCH)
                    counts.rows[model] = counts.rows.get(model, 0) + len(rows)
                counts.complaints += len(made)
                if progress:
                    print(f"  {counts.complaints:,} complaints", flush=True)
        # Each complaint's search entry (decision 025), in batches, as a migrate would write it.
        index_missing()
    finally:
        gc.enable()
        gc.collect()
    counts.deadlines = store_deadlines(first)
    return counts


def store_deadlines(first: int) -> int:
    """Work out every running deadline of the new complaints with the real deadline sources
    (``refresh_due``, as every action does), which also sets each case's due date and label
    and fills ``RunningDeadline`` for the work queue. Only cases that can have one are read:
    those not ended, and ended ones with an open agreed action or an unanswered Ombudsman
    enquiry; every other new case is marked as having none. Returns the rows stored."""
    new = Complaint.objects.filter(pk__gte=first)
    running = new.exclude(status__in=ENDED_STATUSES) | new.filter(
        Q(actions__state=Action.State.OPEN)
        | Q(ombudsman_cases__replied_on=None) & Q(ombudsman_cases__isnull=False)
    )
    ids = list(running.values_list("pk", flat=True).distinct().order_by("pk"))
    for start in range(0, len(ids), 1000):
        with transaction.atomic():
            for complaint in Complaint.objects.filter(pk__in=ids[start : start + 1000]):
                refresh_due(complaint)
    new.filter(due_label__isnull=True).update(due_on=None, due_label="")
    return RunningDeadline.objects.filter(complaint_id__gte=first).count()


def analyse() -> None:
    """Settle the database as it would be soon after a bulk load, so query plans are those of
    a live system: PostgreSQL's autovacuum would vacuum (setting the visibility map that
    index-only scans need) and analyse the new rows; on SQLite, ANALYZE fills sqlite_stat1
    as ``PRAGMA optimize`` would."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="complaints to insert")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="skip VACUUM ANALYZE (ANALYZE on SQLite) afterwards",
    )
    args = parser.parse_args(argv)
    began = clock.perf_counter()
    counts = generate(args.count, seed=args.seed, progress=args.count >= 50_000)
    inserted = clock.perf_counter() - began
    if not args.no_analyze:
        analyse()
    total = clock.perf_counter() - began
    settle = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    print(
        f"{connection.vendor}: {counts.complaints:,} complaints, {counts.of(Stage1):,} Stage 1, "
        f"{counts.of(Stage2):,} Stage 2, {counts.of(Complainant):,} complainants, "
        f"{counts.of(Child):,} children, {counts.of(Appointment):,} appointments, "
        f"{counts.deadlines:,} running deadlines, "
        f"{counts.of(CaseEvent):,} events in {inserted:.1f} s "
        f"({counts.complaints / inserted:,.0f} complaints/s); {total:.1f} s with {settle}"
    )
    print(shapes(counts))
    return 0


def shapes(counts: Counts) -> str:
    """The rows the pages across cases read: what this run wrote, with a few counts of the
    whole table (over every run) that say whether the proportions came out as meant."""
    today = timezone.localdate()
    by_stage = dict(
        Recommendation.objects.order_by()
        .values_list("stage")
        .annotate(n=models.Count("pk"))
        .values_list("stage", "n")
    )
    by_status = dict(
        Complaint.objects.filter(stage=3)
        .order_by()
        .values_list("status")
        .annotate(n=models.Count("pk"))
        .values_list("status", "n")
    )
    actions = Action.objects.aggregate(
        overdue=models.Count("pk", filter=models.Q(state=Action.State.OPEN, due_on__lt=today)),
        open=models.Count("pk", filter=models.Q(state=Action.State.OPEN)),
        done=models.Count("pk", filter=models.Q(state=Action.State.DONE)),
    )
    upheld = Finding.objects.filter(outcome__in=("upheld", "partially_upheld")).count()
    stage3 = ", ".join(f"{n:,} {status}" for status, n in sorted(by_status.items()))
    point_themes = counts.of(ComplaintPoint.themes.through)
    return (
        f"new shapes: {counts.of(ComplaintPoint):,} complaint points with {point_themes:,} "
        f"themes; {counts.of(Finding):,} findings ({upheld:,} upheld or partly, all runs); "
        f"{counts.of(Recommendation):,} recommendations (all runs by stage: "
        f"{', '.join(f'stage {k}: {v:,}' for k, v in sorted(by_stage.items()))}); "
        f"{counts.of(Action):,} actions (all runs: {actions['open']:,} open, of which "
        f"{actions['overdue']:,} overdue; {actions['done']:,} awaiting sign-off); "
        f"{counts.of(Stage3):,} Stage 3 ({stage3}) with {counts.of(Breach):,} breaches; "
        f"{counts.of(OmbudsmanCase):,} Ombudsman cases with {counts.of(Remedy):,} remedies; "
        f"{counts.of(TimeEntry):,} time entries; roster: {counts.roster.officers:,} new "
        f"entries ({IndependentOfficer.objects.count():,} in all) with "
        f"{counts.roster.skills:,} skills and {counts.roster.unavailability:,} periods away"
    )


if __name__ == "__main__":
    sys.exit(main())
