"""Demo complaints: one or more at every stage and status, built through the real actions.

Each case is a short script of the steps a complaints team would take, each on the working
day it happened (counted back from today), so the case timeline, the stored due dates and the
audit events are exactly what the actions produce. Nothing is saved to a model directly.
The scripts go on after the procedure ends, as the work does: agreed actions done and signed
off (and one complaint archived), the Ombudsman's enquiries and remedies, themes on the
complaint points, and the time the independent officers record for their providers' invoices.

Why the clock is moved: several actions stamp "today" themselves (an appointment's date, the
day Stage 2 was extended, the adjudication date, every event's time). To give those the date
each step really happened, Django's clock (``django.utils.timezone.now``) is set back to that
day while the step runs, and put back afterwards. The dates passed to the actions are the
same day, so every check that a date is not in the future still applies.

Loading is idempotent: a case whose summary is already in the database is skipped, so a
second load adds nothing. Names of people are made up for the demo; any likeness is chance.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from heard.complaints.actions import appointments, intake, stage1, stage2
from heard.complaints.actions import themes as point_themes
from heard.complaints.actions import time as fees
from heard.complaints.guards import needs_advocacy_offer
from heard.complaints.models import Complaint
from heard.complaints.models.choices import (
    AppointmentRole,
    AttendeeCapacity,
    Channel,
    CirculationKind,
    Relationship,
    Route,
    SpecifiedFunction,
    Status,
    SubmissionSource,
)
from heard.decisions import actions as decisions
from heard.decisions import stage3, tracking
from heard.decisions.models import Action
from heard.documents.narratives import narrative_parts, save_narrative
from heard.investigations import actions as investigations
from heard.investigations.models import Interview, Room
from heard.ombudsman import actions as ombudsman
from heard.ombudsman.models import OmbudsmanCase, Remedy
from heard.people.models import Theme, User
from heard.timescales.calendar import Calendar
from heard.timescales.snapshot import current_calendar

# --------------------------------------------------------------------------------------------
# The clock


class DemoClock:
    """Django's clock, set back to the day each step of a demo case happened.

    Each reading moves on by half a minute from 09:00 on the day set, so the events of one
    day keep their order and look like a morning's work. A script may come back to a day (an
    interview booked, then the next one booked the same day after the first one's notes): the
    clock carries on from the last reading that day, so no two events share a time.
    """

    def __init__(self) -> None:
        self._zone = ZoneInfo(settings.TIME_ZONE)
        self._moment: datetime | None = None
        self._last: dict[date, datetime] = {}

    def set(self, day: date) -> None:
        if self._moment is not None:
            current = self._moment.astimezone(self._zone).date()
            if current == day:
                return
            self._last[current] = self._moment
        self._moment = self._last.get(day) or datetime.combine(
            day, time(9, 0), tzinfo=self._zone
        ).astimezone(UTC)

    def now(self) -> datetime:
        if self._moment is None:
            raise RuntimeError("DemoClock.set(day) must be called before the clock is read")
        self._moment += timedelta(seconds=30)
        return self._moment

    @contextmanager
    def running(self) -> Iterator[None]:
        """Within the block, ``timezone.now()`` (and so ``localdate()``) reads this clock."""
        with mock.patch.object(timezone, "now", self.now):
            yield


# --------------------------------------------------------------------------------------------
# What each case is about


@dataclass(frozen=True)
class Person:
    name: str
    relationship: str


@dataclass(frozen=True)
class Kid:
    name: str
    age: int
    looked_after: bool = False
    care_leaver: bool = False


@dataclass(frozen=True)
class Recommendation:
    """A recommendation and what the council decides: accepted when it has an ``action``
    (with its owner), otherwise not accepted, for the ``reasons`` given."""

    text: str
    action: str = ""
    owner: str = ""
    reasons: str = "Accepted: it addresses what went wrong."


@dataclass(frozen=True)
class Story:
    """The facts of one demo complaint; the script in CASES says what happens to it."""

    label: str  # one line, for the list printed by load_demo_data and the report
    expected: str  # the Status the script leaves it in (checked by the tests)
    summary: str
    team: str
    channel: str
    complainants: tuple[Person, ...]
    children: tuple[Kid, ...]
    route: str = Route.STATUTORY
    route_reason: str = ""
    function: str = SpecifiedFunction.PART_3
    points: tuple[tuple[str, str], ...] = ()  # (what the complaint is, desired outcome)
    findings: tuple[str, ...] = ()  # an outcome for each point, in order
    recommendations: tuple[Recommendation, ...] = ()
    panel_recommendations: tuple[Recommendation, ...] = ()  # the Stage 3 panel's
    themes: tuple[tuple[str, ...], ...] = ()  # the themes of each point, in order
    interviewees: tuple[str, ...] = ("Allocated social worker", "Team manager")
    stage1_summary: str = ""


FINDING_REASONS = {
    "upheld": "The case records and the interviews confirm what the complainant describes, "
    "and the council's own procedure was not followed.",
    "partially_upheld": "Part of what the complainant describes is confirmed by the records; "
    "the rest could not be shown to have happened as described.",
    "not_upheld": "The records show the council acted in line with its procedure and told the "
    "complainant what was happening at the time.",
    "unable": "The records for the period are incomplete and the staff involved have left, so "
    "no finding can fairly be made.",
}

# What a demo Investigating Officer writes in their report, by part ("introduction",
# "analysis" of each point, "conclusion"); the rest of the report comes from the case.
IO_NARRATIVE = {
    "introduction": "I was appointed to investigate this complaint at Stage 2. With the "
    "Independent Person I met the complainant to agree the Statement of Complaint, read the "
    "case records for the period and interviewed the staff involved.\n\nThis report takes "
    "each agreed point in turn: what the evidence shows, my analysis and my finding.",
    "analysis": "I compared what the complainant told us with the case records and with what "
    "staff said at interview. Where they differ, I have said which I rely on and why.",
    "conclusion": "The council should act on the recommendations below, and tell the "
    "complainant what it has done and by when.",
}


def _phone(name: str) -> str:
    """A number from Ofcom's range reserved for drama (01632 960000 to 960999)."""
    digest = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    return f"01632 960{digest % 1000:03d}"


def _email(name: str) -> str:
    return name.lower().replace(" ", ".").replace("'", "") + "@example.org"


# --------------------------------------------------------------------------------------------
# The cast and the rooms


@dataclass
class Cast:
    """The demo users who act on the cases (heard.demo.DEMO_USERS)."""

    manager: User
    officer: User
    adjudicator: User
    senior: User
    io1: User
    io2: User
    ip1: User
    ip2: User
    chair: User
    panelmember: User
    responder: User

    @classmethod
    def load(cls) -> Cast:
        users = {u.username: u for u in User.objects.filter(username__in=cls.__annotations__)}
        missing = sorted(set(cls.__annotations__) - set(users))
        if missing:
            raise RuntimeError(f"demo users missing: {', '.join(missing)}; load them first")
        return cls(**users)


ROOMS = (
    ("Civic Centre meeting room 2.14", "Civic Centre, second floor"),
    ("Family Centre quiet room", "Riverside Family Centre, ground floor"),
    ("Town Hall annexe interview room B", "Town Hall annexe, first floor"),
)


def load_rooms() -> list[Room]:
    """The interview rooms the complaints team books (a managed list)."""
    return [
        Room.objects.get_or_create(name=name, defaults={"location": location})[0]
        for name, location in ROOMS
    ]


# --------------------------------------------------------------------------------------------
# Walking a case through the actions


@dataclass
class Demo:
    """What every script shares: today, the calendar, the clock, the people and the rooms."""

    today: date
    calendar: Calendar
    clock: DemoClock
    cast: Cast
    rooms: list[Room]
    booked: set[tuple[int, date, int]] = field(default_factory=set)
    people: dict[str, User] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)

    def day(self, ago: int) -> date:
        """The working day ``ago`` working days before today (today itself for 0); a negative
        ``ago`` is a working day to come, for a date set in advance such as a meeting."""
        return self.calendar.add_working_days(self.today, -ago) if ago else self.today

    def person(self, username: str) -> User:
        """Someone on the demo roster (heard.demo_roster), by username."""
        if username not in self.people:
            self.people[username] = User.objects.get(username=username)
        return self.people[username]

    def theme(self, name: str) -> Theme:
        if not self.themes:
            self.themes.update((t.name, t) for t in Theme.objects.all())
        return self.themes[name]

    def slot(self, day: date) -> tuple[Room, datetime]:
        """A free hour in one of the rooms on ``day``, so no two demo interviews clash (with
        each other, or with interviews already booked, e.g. by an earlier load)."""
        zone = ZoneInfo(settings.TIME_ZONE)
        for hour in range(9, 17):
            starts = datetime.combine(day, time(hour, 0), tzinfo=zone)
            for room in self.rooms:
                if (room.pk, day, hour) in self.booked:
                    continue
                self.booked.add((room.pk, day, hour))
                taken = Interview.objects.filter(
                    room=room, starts_at__lt=starts + timedelta(hours=1), ends_at__gt=starts
                ).exists()
                if not taken:
                    return room, starts
        raise RuntimeError(f"no free interview room on {day}")


class Walk:
    """One case driven through the actions, each step on the working day it happened.

    Every method takes ``ago``, the number of working days before today the step happened,
    sets the clock to that day, and calls the one action for the step as the person who
    would do it.
    """

    def __init__(self, demo: Demo, story: Story) -> None:
        self.demo = demo
        self.story = story
        self.cast = demo.cast
        self.io: User = demo.cast.io1
        self.ip: User = demo.cast.ip1
        self.chair: User = demo.cast.chair
        self.complaint: Complaint | None = None
        self.requested_on: date | None = None
        self.ombudsman_case: OmbudsmanCase | None = None

    @property
    def c(self) -> Complaint:
        if self.complaint is None:
            raise RuntimeError("receive() the complaint first")
        return self.complaint

    def at(self, ago: int) -> date:
        if ago < 0:
            raise ValueError("a demo step cannot happen in the future")
        day = self.demo.day(ago)
        self.demo.clock.set(day)
        return day

    # -- intake ----------------------------------------------------------------------------

    def receive(self, ago: int, *, earliest_event_on: date | None = None) -> Walk:
        s = self.story
        received = self.at(ago)
        self.complaint = intake.record_complaint(
            by=self.cast.officer,
            received_on=received,
            channel=s.channel,
            summary=s.summary,
            team=s.team,
            earliest_event_on=earliest_event_on,
            complainants=[
                intake.NewComplainant(
                    name=p.name,
                    relationship=p.relationship,
                    email=_email(p.name),
                    phone=_phone(p.name),
                )
                for p in s.complainants
            ],
            children=[
                intake.NewChild(
                    name=k.name,
                    date_of_birth=self.demo.today
                    - relativedelta(years=k.age, days=len(k.name) * 11 % 300),
                    looked_after=k.looked_after,
                    care_leaver=k.care_leaver,
                )
                for k in s.children
            ],
        )
        if ago >= 1:
            intake.acknowledge(self.c, by=self.cast.officer, acknowledged_on=self.at(ago - 1))
        return self

    def advocate(self, ago: int, name: str, organisation: str) -> Walk:
        offered = self.at(ago)
        intake.record_advocacy(
            self.c,
            by=self.cast.officer,
            offered_on=offered,
            response="accepted",
            advocate_name=name,
            advocate_organisation=organisation,
            advocate_contact=f"{_email(name)}, {_phone(name)}",
        )
        return self

    def sufficient_interest(self, ago: int) -> Walk:
        decided = self.at(ago)
        person = self.c.complainants.get(relationship=Relationship.OTHER)
        intake.record_sufficient_interest(
            self.c,
            by=self.cast.manager,
            complainant=person,
            decided_on=decided,
            has_interest=True,
            child_views_sought=True,
            child_views_considered=True,
            child_notified=True,
        )
        return self

    def classify(self, ago: int) -> Walk:
        self.at(ago)
        s = self.story
        reason = s.route_reason or {
            Route.STATUTORY: "The complainant is entitled to complain and the complaint is about "
            "the council's children's social care functions under the Children Act 1989.",
            Route.CORPORATE: "About how a service was run rather than a Children Act function.",
        }.get(Route(s.route), "Belongs to another procedure.")
        intake.classify(
            self.c,
            by=self.cast.officer,
            route=s.route,
            reason=reason,
            specified_function=s.function if s.route == Route.STATUTORY else "",
        )
        return self

    def refuse_out_of_time(self, ago: int, why_not_earlier: str, fair_consideration: str) -> Walk:
        """Rule 5: refuse a complaint made more than 12 months later; the procedure ends."""
        self.at(ago)
        intake.decide_out_of_time(
            self.c,
            by=self.cast.manager,
            decision="refused",
            why_not_earlier=why_not_earlier,
            fair_consideration=fair_consideration,
        )
        return self

    def hand_over(self, ago: int) -> Walk:
        self.at(ago)
        intake.hand_over(self.c, by=self.cast.officer)
        return self

    def close(self, ago: int, reason: str) -> Walk:
        self.at(ago)
        intake.close(self.c, by=self.cast.manager, reason=reason)
        return self

    # -- Stage 1 ---------------------------------------------------------------------------

    def stage1(self, ago: int) -> Walk:
        """Start Stage 1 (the clock runs from receipt) and assign the service manager.

        Rule 7: a complaint from a child, or about a looked-after child or care leaver, first
        needs the offer of an advocate on record; unless the script arranged one, the offer
        is recorded as declined on the same day.
        """
        day = self.at(ago)
        if needs_advocacy_offer(self.c) and self.c.advocacy_offered_on is None:
            intake.record_advocacy(
                self.c, by=self.cast.officer, offered_on=day, response="declined"
            )
        stage1.start_stage1(self.c, by=self.cast.officer)
        stage1.assign_responder(self.c, by=self.cast.officer, responder=self.cast.responder)
        return self

    def extend_stage1(self, ago: int, detail: str) -> Walk:
        day = self.at(ago)
        stage1.extend_stage1(
            self.c,
            by=self.cast.officer,
            reason="complex",
            detail=detail,
            new_due_on=self.c.stage1.cap_on,
            letter_sent_on=day,
        )
        return self

    def respond(self, ago: int, *, resolved: bool, terms: str = "") -> Walk:
        sent = self.at(ago)
        summary = self.story.stage1_summary or (
            "Response from the service manager: the complaint was looked into, an apology "
            "given where things went wrong, and the right to ask for Stage 2 explained."
        )
        stage1.record_stage1_response(
            self.c,
            by=self.cast.responder,
            sent_on=sent,
            resolved=resolved,
            summary=summary,
            terms_of_resolution=terms,
        )
        return self

    # -- Stage 2: request, decision, appointments --------------------------------------------

    def request(self, ago: int, *, late_reasons: str = "") -> Walk:
        self.requested_on = self.at(ago)
        stage2.request_stage2(
            self.c,
            by=self.cast.officer,
            requested_on=self.requested_on,
            channel=self.story.channel,
            details="Not satisfied with the Stage 1 response; asked for an independent "
            "investigation.",
            late_reasons=late_reasons,
        )
        return self

    def accept(self, ago: int) -> Walk:
        stage2.accept_stage2(self.c, by=self.cast.manager, accepted_on=self.at(ago))
        return self

    def refuse(self, ago: int, reasons: str) -> Walk:
        day = self.at(ago)
        stage2.refuse_stage2(
            self.c,
            by=self.cast.manager,
            reasons=reasons,
            signed_off_by=self.cast.senior,
            letter_sent_on=day,
        )
        return self

    def appoint_io(self, ago: int, io: User) -> Walk:
        day = self.at(ago)
        self.io = io
        appointments.appoint(
            self.c,
            by=self.cast.manager,
            person=io,
            role=AppointmentRole.INVESTIGATING_OFFICER,
            conflict_declaration="None declared.",
        )
        stage2.send_copy(
            self.c,
            by=self.cast.officer,
            recipient=f"{self.cast.responder} (service manager)",
            part="The whole complaint",
            sent_on=day,
            method=Channel.EMAIL,
        )
        return self

    def appoint_ip(self, ago: int, ip: User) -> Walk:
        self.at(ago)
        self.ip = ip
        appointments.appoint(
            self.c,
            by=self.cast.manager,
            person=ip,
            role=AppointmentRole.INDEPENDENT_PERSON,
            conflict_declaration="No prior dealings with the complainant, the child or the "
            "staff involved.",
            attested_not_council=True,
            attested_not_spouse=True,
            former_staff_warning_acknowledged=ip.left_council_on is not None,
        )
        return self

    def appoint(self, ago: int, io: User, ip: User | None = None) -> Walk:
        self.appoint_io(ago, io)
        if ip is not None:
            self.appoint_ip(ago, ip)
        return self

    def appoint_adjudicator(self, ago: int) -> Walk:
        self.at(ago)
        appointments.appoint(
            self.c,
            by=self.cast.manager,
            person=self.cast.adjudicator,
            role=AppointmentRole.ADJUDICATOR,
            conflict_declaration="Not responsible for the service complained about.",
        )
        return self

    def start(self, ago: int) -> Walk:
        self.at(ago)
        stage2.start_investigation(self.c, by=self.cast.manager)
        return self

    def extend_stage2(self, ago: int, *, to_working_day: int, reason: str) -> Walk:
        """Extend to the ``to_working_day``-th working day after the request (at most 65)."""
        day = self.at(ago)
        if self.requested_on is None:
            raise RuntimeError("request() Stage 2 first")
        new_due = self.demo.calendar.add_working_days(self.requested_on, to_working_day)
        stage2.extend_stage2(
            self.c, by=self.cast.manager, new_due_on=new_due, reason=reason, letter_sent_on=day
        )
        return self

    # -- Stage 2: the statement and the investigation ----------------------------------------

    def first_contact(self, ago: int) -> Walk:
        stage2.record_first_contact(self.c, by=self.io, contacted_on=self.at(ago))
        return self

    def draft(self, ago: int, *, points: int | None = None) -> Walk:
        """Save a version of the statement with the first ``points`` points (all by default)."""
        self.at(ago)
        chosen = self.story.points[:points] if points else self.story.points
        latest = self.c.statement_versions.order_by("-number").first()
        stage2.save_statement(
            self.c,
            by=self.io,
            based_on_version=latest.number if latest else 0,
            points=[stage2.PointInput(text, outcome) for text, outcome in chosen],
        )
        return self

    def agree(self, ago: int) -> Walk:
        stage2.agree_statement(
            self.c,
            by=self.io,
            agreed_on=self.at(ago),
            how="Signed at a meeting with the Investigating Officer and Independent Person",
        )
        return self

    def consent(self, ago: int, *, other_basis: str = "") -> Walk:
        """Consent to Access Records (or another lawful basis), then access granted."""
        day = self.at(ago)
        if other_basis:
            investigations.record_consent(
                self.c,
                by=self.cast.officer,
                signed_on=None,
                signed_by="",
                scope="",
                other_lawful_basis=other_basis,
            )
        else:
            investigations.record_consent(
                self.c,
                by=self.cast.officer,
                signed_on=day,
                signed_by=self.story.complainants[0].name,
                scope="The social care records about the matters in the agreed statement.",
            )
        investigations.grant_records_access(self.c, by=self.cast.officer)
        return self

    def plan(self, ago: int) -> Walk:
        self.at(ago)
        for who in self.story.interviewees:
            investigations.add_plan_item(self.c, by=self.io, kind="interview", description=who)
        investigations.add_plan_item(
            self.c, by=self.io, kind="file", description="Case file and case notes for the period"
        )
        return self

    def records(self, ago: int, *, received_ago: int | None = None) -> Walk:
        asked = self.at(ago)
        request = investigations.request_records(
            self.c,
            by=self.cast.officer,
            requested_from=self.story.team,
            description="Case notes, supervision records and emails about the matters in the "
            "agreed statement.",
            requested_on=asked,
            due_on=self.demo.calendar.add_working_days(asked, 5),
        )
        if received_ago is not None:
            received = self.at(received_ago)
            investigations.receive_records(
                self.c, by=self.cast.officer, request=request, received_on=received
            )
        return self

    def interview(
        self, booked_ago: int, held: int, *, who: str, notes_ago: int | None = None
    ) -> Walk:
        """Book an interview ``held`` working days from the booking; notes if ``notes_ago``."""
        booked = self.at(booked_ago)
        room, starts = self.demo.slot(self.demo.calendar.add_working_days(booked, held))
        interview = investigations.book_interview(
            self.c,
            by=self.cast.officer,
            interviewee=who,
            room=room,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            attendees="Investigating Officer and Independent Person",
        )
        investigations.notify_interviewee(
            self.c,
            by=self.cast.officer,
            interview=interview,
            notified_on=booked,
            what_is_expected="To attend, bring any notes of their own, and answer questions "
            "about the matters in the agreed statement.",
        )
        if notes_ago is not None:
            agreed = self.at(notes_ago)
            investigations.record_interview_notes(
                self.c,
                by=self.io,
                interview=interview,
                notes=f"Interview with {who}: their account of events, checked against the "
                "records; agreed actions noted.",
            )
            investigations.agree_interview_notes(
                self.c, by=self.io, interview=interview, agreed_on=agreed
            )
        return self

    def interviews(self, booked_ago: int, *, notes_ago: int | None = None) -> Walk:
        """Each planned interviewee, a working day apart, from two working days after booking."""
        for index, who in enumerate(self.story.interviewees):
            self.interview(booked_ago, 2 + index, who=who, notes_ago=notes_ago)
        return self

    def attempt(self, ago: int, *, answered: bool, method: str, notes: str) -> Walk:
        investigations.record_contact_attempt(
            self.c,
            by=self.io,
            made_on=self.at(ago),
            method=method,
            outcome="answered" if answered else "unanswered",
            notes=notes,
        )
        return self

    def close_non_engagement(self, ago: int, reasons: str) -> Walk:
        day = self.at(ago)
        stage2.close_for_non_engagement(
            self.c, by=self.cast.manager, reasons=reasons, letter_sent_on=day
        )
        return self

    def add_point(self, ago: int, text: str, outcome: str, reasons: str) -> Walk:
        self.at(ago)
        stage2.add_point_exceptionally(
            self.c,
            by=self.cast.manager,
            text=text,
            desired_outcomes=outcome,
            route=Route.STATUTORY,
            reasons=reasons,
        )
        return self

    # -- Stage 2: findings, report and adjudication ----------------------------------------

    def findings(self, ago: int) -> Walk:
        self.at(ago)
        outcomes = self.story.findings
        for point in self.c.points.all():
            outcome = outcomes[point.number - 1] if point.number <= len(outcomes) else "upheld"
            decisions.record_finding(
                self.c, by=self.io, point=point, outcome=outcome, reasons=FINDING_REASONS[outcome]
            )
        for recommendation in self.story.recommendations:
            decisions.add_recommendation(self.c, by=self.io, text=recommendation.text)
        return self

    def fact_check(self, sent_ago: int, returned_ago: int | None = None) -> Walk:
        decisions.send_fact_check(self.c, by=self.io, sent_on=self.at(sent_ago))
        if returned_ago is not None:
            decisions.return_fact_check(
                self.c,
                by=self.cast.officer,
                returned_on=self.at(returned_ago),
                comments="Two dates corrected by the service; the complainant had no comments.",
            )
        return self

    def finalise(self, ago: int) -> Walk:
        # The Investigating Officer writes the parts of the report only they can write; Heard
        # puts the rest together from the case (decision 038).
        for part in narrative_parts(self.c, "io_report"):
            text = IO_NARRATIVE.get(part.key.split(":")[-1])
            if text:
                save_narrative(self.c, "io_report", part.key, text, part.revision, self.io)
        decisions.finalise_report(
            self.c,
            by=self.io,
            final_on=self.at(ago),
            summary="The report sets out the evidence, a finding on each point and "
            "recommendations for the council.",
        )
        return self

    def ip_views(self, ago: int, *, points: int | None = None, submit: bool = True) -> Walk:
        day = self.at(ago)
        for point in self.c.points.all()[: points or None]:
            decisions.record_ip_view(self.c, by=self.ip, point=point, agrees=True, comments="")
        if submit:
            decisions.submit_ip_report(
                self.c, by=self.ip, fair_and_complete=True, concerns="", submitted_on=day
            )
        return self

    def adjudicate(self, ago: int, letter_ago: int) -> Walk:
        decided = self.at(ago)
        decisions.adjudicate(
            self.c,
            by=self.cast.adjudicator,
            findings=[
                decisions.FindingDecision(
                    p.number, True, "I accept the Investigating Officer's finding and reasons."
                )
                for p in self.c.points.all()
            ],
            recommendations=[
                decisions.RecommendationDecision(
                    n,
                    True,
                    "Accepted: it addresses what went wrong.",
                    action=r.action,
                    owner=r.owner,
                    due_on=decided + timedelta(days=42),
                )
                for n, r in enumerate(self.story.recommendations, start=1)
            ],
        )
        decisions.send_adjudication_letter(
            self.c, by=self.cast.adjudicator, sent_on=self.at(letter_ago)
        )
        return self

    def investigated(self, request: int, *, io: User, ip: User | None) -> Walk:
        """The common opening of Stage 2, spread over the working days after ``request``:
        accepted the next day, investigators appointed, started, first contact, a draft.
        """
        self.request(request).accept(request - 1).appoint(request - 2, io, ip)
        return self.start(request - 3).first_contact(request - 4).draft(request - 5)

    def completed_stage2(self, request: int, *, io: User, ip: User) -> Walk:
        """All of Stage 2, from the request to the adjudication letter 23 working days later:
        for the cases that go on to Stage 3 or to the Ombudsman."""
        self.investigated(request, io=io, ip=ip).agree(request - 7).consent(request - 7)
        self.plan(request - 8).interviews(request - 8, notes_ago=request - 14)
        self.findings(request - 16).fact_check(request - 17, request - 19).finalise(request - 20)
        self.appoint_adjudicator(request - 20).ip_views(request - 21)
        return self.adjudicate(request - 22, letter_ago=request - 23)

    # -- Stage 3: the request and the panel ---------------------------------------------------

    def request_stage3(self, ago: int, what_remains: str = "") -> Walk:
        stage3.request_stage3(
            self.c,
            by=self.cast.officer,
            requested_on=self.at(ago),
            channel=self.story.channel,
            what_remains=what_remains
            or "Not satisfied with the council's response to the recommendations; asked for "
            "the complaint to go to a review panel.",
        )
        return self

    def accept_stage3(self, ago: int, late_reasons: str = "") -> Walk:
        stage3.accept_stage3(
            self.c,
            by=self.cast.manager,
            accepted_on=self.at(ago),
            late_decision_reasons=late_reasons,
        )
        return self

    def refuse_stage3(self, ago: int, reasons: str) -> Walk:
        day = self.at(ago)
        stage3.refuse_stage3(
            self.c,
            by=self.cast.manager,
            reasons=reasons,
            signed_off_by=self.cast.senior,
            letter_sent_on=day,
        )
        return self

    def appoint_panel(self, ago: int, chair: User, *members: User) -> Walk:
        """The chair, then the members (none yet, when the panel is still being found)."""
        self.at(ago)
        self.chair = chair
        for person, role in [(chair, AppointmentRole.PANEL_CHAIR)] + [
            (member, AppointmentRole.PANEL_MEMBER) for member in members
        ]:
            appointments.appoint(
                self.c,
                by=self.cast.manager,
                person=person,
                role=role,
                conflict_declaration="No earlier dealings with the complainant, the family, "
                "their representative or the staff involved.",
                attested_not_council=True,
                attested_not_spouse=True,
                former_staff_warning_acknowledged=person.left_council_on is not None,
            )
        return self

    def schedule(self, ago: int, *, meeting_ago: int, late_reason: str = "") -> Walk:
        """Set the meeting ``meeting_ago`` working days before today (negative: still to
        come). A date after the 30-working-day limit needs ``late_reason``; the letter telling
        the complainant goes the day the date is set."""
        day = self.at(ago)
        stage3.schedule_panel(
            self.c,
            by=self.cast.officer,
            meeting_on=self.demo.day(meeting_ago),
            meeting_place=self.demo.rooms[0].name,
            complainant_availability="Weekdays after 10am; not school holidays (childcare).",
            late_reason=late_reason,
            letter_sent_on=day if late_reason else None,
        )
        return self

    def submissions(self, ago: int) -> Walk:
        """The panel papers: the council's submission, the complainant's and the Stage 2
        Independent Person's."""
        day = self.at(ago)
        papers = (
            (SubmissionSource.COUNCIL, "Head of Service, for the council",
             "The Stage 2 record, what the council has done since, and why it stands by it."),
            (SubmissionSource.COMPLAINANT, self.story.complainants[0].name,
             "What is still wrong after Stage 2, and what the complainant wants the panel to "
             "recommend."),
            (SubmissionSource.STAGE2_IP, str(self.ip),
             "The Independent Person's view of how fair and complete the investigation was."),
        )  # fmt: skip
        for source, name, summary in papers:
            stage3.record_submission(
                self.c,
                by=self.cast.officer,
                source=source,
                name=name,
                received_on=day,
                oral=False,
                summary=summary,
            )
        return self

    def attendees(self, ago: int) -> Walk:
        """Who will come: the complainant (or their advocate) to speak, and the council."""
        self.at(ago)
        advocate = self.c.advocate_name
        people = [(self.story.complainants[0].name, AttendeeCapacity.COMPLAINANT, not advocate)]
        if advocate:
            people.append((advocate, AttendeeCapacity.ADVOCATE, True))
        people += [
            ("Head of Service", AttendeeCapacity.COUNCIL, False),
            (str(self.io), AttendeeCapacity.STAGE2_INVESTIGATOR, False),
        ]
        for name, capacity, speaks in people:
            stage3.record_attendee(
                self.c,
                by=self.cast.officer,
                name=name,
                capacity=capacity,
                speaks_for_complainant=speaks,
            )
        return self

    def hold_panel(self, ago: int) -> Walk:
        stage3.hold_panel(self.c, by=self.cast.officer, met_on=self.at(ago))
        return self

    def recommend(self, ago: int) -> Walk:
        """The chair writes up the panel's recommendations."""
        self.at(ago)
        for recommendation in self.story.panel_recommendations:
            stage3.add_panel_recommendation(self.c, by=self.chair, text=recommendation.text)
        return self

    def issue_report(self, ago: int, *, late_reason: str = "", letter_ago: int = 0) -> Walk:
        """The chair sends the report to everyone regulation 20 names."""
        sent = self.at(ago)
        names = {
            CirculationKind.COUNCIL: ["Director of Children's Services"],
            CirculationKind.COMPLAINANT: [p.name for p in self.story.complainants],
            CirculationKind.ADVOCATE: [self.c.advocate_name] if self.c.advocate_name else [],
            CirculationKind.STAGE2_IP: [str(self.ip)],
        }
        stage3.issue_panel_report(
            self.c,
            by=self.chair,
            summary_of_representations="The complainant spoke about what is still wrong; the "
            "council explained what it has done since Stage 2; the Independent Person's "
            "written view was read.",
            sent_on=sent,
            circulation=[stage3.Recipient(k, n) for k, each in names.items() for n in each],
            late_reason=late_reason,
            letter_sent_on=self.demo.day(letter_ago) if late_reason else None,
        )
        return self

    def respond_to_panel(self, ago: int) -> Walk:
        """The council's decision on each recommendation, with the Stage 2 IP; accepted ones
        become actions due four weeks later."""
        sent = self.at(ago)
        stage3.respond_to_panel(
            self.c,
            by=self.cast.manager,
            ip_participation=f"{self.ip} met the Director to consider the recommendations "
            "before the response was written.",
            recommendations=[
                decisions.RecommendationDecision(
                    n,
                    bool(r.action),
                    r.reasons,
                    action=r.action,
                    owner=r.owner,
                    due_on=sent + timedelta(days=28) if r.action else None,
                )
                for n, r in enumerate(self.story.panel_recommendations, start=1)
            ],
            ombudsman_information_given=True,
            response_sent_on=sent,
        )
        return self

    # -- after the procedure: actions, the Ombudsman, learning, time ---------------------------

    def _action(self, number: int) -> Action:
        """The ``number``-th action agreed on this complaint, counting from 1 in the order
        they were agreed (Stage 2, Stage 3, then Ombudsman remedies)."""
        return self.c.actions.order_by("id")[number - 1]

    def agree_action(self, ago: int, text: str, owner: str, *, due_in_days: int) -> Walk:
        """Something the council agrees to do at Stage 1."""
        day = self.at(ago)
        tracking.agree_stage1_action(
            self.c,
            by=self.cast.officer,
            text=text,
            owner=owner,
            due_on=day + timedelta(days=due_in_days),
        )
        return self

    def done(self, ago: int, number: int, evidence: str) -> Walk:
        tracking.complete_action(
            self.c,
            by=self.cast.officer,
            action=self._action(number),
            evidence=evidence,
            completed_on=self.at(ago),
        )
        return self

    def sign_off(self, ago: int, *numbers: int) -> Walk:
        self.at(ago)
        for number in numbers:
            tracking.sign_off_action(self.c, by=self.cast.manager, action=self._action(number))
        return self

    def archive(self, ago: int) -> Walk:
        self.at(ago)
        tracking.archive(self.c, by=self.cast.manager)
        return self

    def themes(self, ago: int) -> Walk:
        """The themes of each point, from the story, set by the complaints officer."""
        self.at(ago)
        for point, names in zip(self.c.points.all(), self.story.themes, strict=False):
            point_themes.set_point_themes(
                self.c,
                by=self.cast.officer,
                point=point,
                themes=[self.demo.theme(name) for name in names],
            )
        return self

    def time(self, ago: int, hours: str, what: str, *people: User) -> Walk:
        """Each of ``people`` records ``hours`` on their own appointment on the day; the fee
        comes from their rate on the roster."""
        day = self.at(ago)
        for person in people:
            fees.record_time(
                self.c,
                by=person,
                appointment=self.c.appointments.get(person=person),  # one role each, ever
                worked_on=day,
                hours=Decimal(hours),
                fee=None,
                description=what,
            )
        return self

    def ombudsman(self, ago: int, number: int, *, kind: str, reply_due_ago: int) -> Walk:
        """An enquiry or investigation arrives. The reference is in the Ombudsman's format,
        the year it arrived and then a number far beyond any it has reached in a year."""
        received = self.at(ago)
        self.ombudsman_case = ombudsman.record_ombudsman_case(
            self.c,
            by=self.cast.officer,
            reference=f"{received:%y} 990 {number:03d}",
            kind=kind,
            received_on=received,
            reply_due_on=self.demo.day(reply_due_ago),
        )
        return self

    def ombudsman_decision(
        self,
        ago: int,
        *,
        replied: bool = False,
        draft: bool = False,
        fault: bool | None = None,
        summary: str = "",
    ) -> Walk:
        """What happened on the day: the council's reply, the draft decision, or (with
        ``fault``) the final decision."""
        if self.ombudsman_case is None:
            raise RuntimeError("record the Ombudsman case first")
        day = self.at(ago)
        ombudsman.record_ombudsman_decision(
            self.c,
            by=self.cast.officer,
            case=self.ombudsman_case,
            replied_on=day if replied else None,
            draft_decision_on=day if draft else None,
            final_decision_on=day if fault is not None else None,
            fault_found=fault,
            summary=summary,
        )
        return self

    def remedy(
        self, ago: int, kind: str, what: str, *, due_ago: int, owner: str, amount: str = ""
    ) -> Walk:
        if self.ombudsman_case is None:
            raise RuntimeError("record the Ombudsman case first")
        self.at(ago)
        ombudsman.add_remedy(
            self.c,
            by=self.cast.officer,
            case=self.ombudsman_case,
            kind=kind,
            description=what,
            compliance_due_on=self.demo.day(due_ago),
            owner=owner,
            amount=Decimal(amount) if amount else None,
        )
        return self

    def evidence(self, ago: int, *numbers: int) -> Walk:
        """Evidence sent to the Ombudsman for the remedies carried by these actions."""
        day = self.at(ago)
        for number in numbers:
            ombudsman.record_remedy_evidence(
                self.c,
                by=self.cast.officer,
                remedy=Remedy.objects.get(action=self._action(number)),
                evidence_sent_on=day,
            )
        return self


# --------------------------------------------------------------------------------------------
# The cases

P, K = Person, Kid
R = Relationship
Script = Callable[[Walk], object]
CASES: list[tuple[Story, Script]] = []


def case(story: Story) -> Callable[[Script], Script]:
    def register(script: Script) -> Script:
        CASES.append((story, script))
        return script

    return register


CONTACT = Recommendation(
    "Write to the complainant to apologise, and agree with them how they will be kept "
    "informed from now on.",
    "Apology letter and an agreed communication plan",
    "Team manager, Children in Care team",
)
PRACTICE = Recommendation(
    "Remind staff of the procedure and check, through audit, that it is being followed.",
    "Practice reminder and a case audit of ten cases",
    "Head of Service, Children in Care",
)


@case(Story(
    label="Intake: recorded, not yet classified (grandmother asking to be a kinship carer)",
    expected=Status.INTAKE,
    summary="Mrs Winifred Tolliver, grandmother of two children placed with foster carers, "
    "says she has asked in writing three times to be assessed as a kinship carer and has had "
    "no reply. She also says no one has told her how the children are or when she can see them.",
    team="Children in Care team",
    channel=Channel.LETTER,
    complainants=(P("Winifred Tolliver", R.OTHER),),
    children=(
        K("Poppy Tolliver", 6, looked_after=True), K("Reuben Tolliver", 4, looked_after=True)
    ),
))  # fmt: skip
def _kinship_request(w: Walk) -> None:
    w.receive(1)


@case(Story(
    label="Intake: more than 12 months later, awaiting the out-of-time decision",
    expected=Status.INTAKE,
    summary="Mr Lucan Merriweather says his son was moved from his foster placement to a "
    "children's home 14 months ago and nobody told him, although he has parental "
    "responsibility. He found out only when his son mentioned it at a contact visit last month. "
    "He wants an explanation and to be kept informed in future.",
    team="Children in Care team",
    channel=Channel.EMAIL,
    complainants=(P("Lucan Merriweather", R.PARENT),),
    children=(K("Jago Merriweather", 13, looked_after=True),),
))  # fmt: skip
def _not_told_of_move(w: Walk) -> None:
    w.receive(3, earliest_event_on=w.demo.today - relativedelta(months=14)).classify(2)


@case(Story(
    label="Refused: made more than 12 months later and can no longer be looked into fairly",
    expected=Status.REFUSED_OUT_OF_TIME,
    summary="Ms Rosamund Thackeray says that four years ago a social worker wrote inaccurate "
    "things about her in an assessment of her daughter's needs. She wants the assessment "
    "corrected and an apology.",
    team="Children in Need team",
    channel=Channel.LETTER,
    complainants=(P("Rosamund Thackeray", R.PARENT),),
    children=(K("Marigold Thackeray", 12),),
))  # fmt: skip
def _old_assessment(w: Walk) -> None:
    w.receive(9, earliest_event_on=w.demo.today - relativedelta(years=4)).classify(8)
    w.refuse_out_of_time(
        7,
        why_not_earlier="Ms Thackeray says she did not think to complain at the time; nothing "
        "stopped her from doing so.",
        fair_consideration="The social worker left the council three years ago and the case "
        "notes from that period were not kept in full, so the facts can no longer be "
        "established. Ms Thackeray has been told she may ask for the record to be corrected "
        "under data protection law, and how to contact the Ombudsman.",
    )


@case(Story(
    label="Stage 1 open, within time (young person with an advocate; placement move)",
    expected=Status.STAGE1_OPEN,
    summary="Saffron Ellery, 15, who lives in foster care, says she was told on a Thursday that "
    "she would be moving to a new placement 30 miles away on the Saturday. She now takes two "
    "buses to school, has missed lessons, and was not asked what she thought. She wants a say "
    "in any future move and help getting to school.",
    team="Children in Care team",
    channel=Channel.ADVOCATE,
    complainants=(P("Saffron Ellery", R.CHILD),),
    children=(K("Saffron Ellery", 15, looked_after=True),),
))  # fmt: skip
def _placement_move(w: Walk) -> None:
    w.receive(4).advocate(3, "Nell Ashdown", "Brightwater Advocacy (demo)").classify(3).stage1(3)


@case(Story(
    label="Stage 1 extended to 20 working days (complex: delayed assessment, short breaks)",
    expected=Status.STAGE1_OPEN,
    summary="Mr and Mrs Dunmore-Price say the child and family assessment for their son, who "
    "is autistic and has epilepsy, started five months ago and is still not finished, and that "
    "his short breaks were stopped while it is done. They want the assessment completed and "
    "the short breaks restored.",
    team="Children with Disabilities team",
    channel=Channel.ONLINE,
    complainants=(P("Aled Dunmore-Price", R.PARENT), P("Carys Dunmore-Price", R.PARENT)),
    children=(K("Idris Dunmore-Price", 10),),
))  # fmt: skip
def _delayed_assessment(w: Walk) -> None:
    w.receive(12).classify(11).stage1(11).extend_stage1(
        9,
        "Three services are involved (social care, the short breaks provider and health) and "
        "the records of all three need to be read.",
    )


@case(Story(
    label="Stage 1 overdue: no response yet, so Stage 2 may be requested",
    expected=Status.STAGE1_OPEN,
    summary="Ms Jolene Ashcombe says her daughter has had four social workers in five months, "
    "that nobody returns her calls or emails, and that she was not told a core group meeting "
    "had been moved, so she missed it. She wants one named worker and replies within two "
    "working days.",
    team="Family Support team (North)",
    channel=Channel.PHONE,
    complainants=(P("Jolene Ashcombe", R.PARENT),),
    children=(K("Maisie Ashcombe", 8),),
))  # fmt: skip
def _changing_workers(w: Walk) -> None:
    w.receive(16).classify(15).stage1(15)


@case(Story(
    label="Stage 1 responded and resolved (corporate: foster carer's allowance paid late)",
    expected=Status.STAGE1_RESPONDED,
    summary="Mrs Bettany Larkworthy, a foster carer, says the fostering allowance for the three "
    "brothers in her care was paid late in three months running, leaving her to cover school "
    "uniform and travel costs herself.",
    team="Fostering service (payments)",
    channel=Channel.EMAIL,
    complainants=(P("Bettany Larkworthy", R.FOSTER_CARER),),
    children=(
        K("Ned Farrant", 11, looked_after=True),
        K("Ollie Farrant", 9, looked_after=True),
        K("Sid Farrant", 6, looked_after=True),
    ),
    route=Route.CORPORATE,
    route_reason="About how the finance service processed payments, not about a Children Act "
    "function exercised for the children: the corporate procedure applies.",
    stage1_summary="Upheld. The payments were delayed by a change of payment system. The "
    "arrears have been paid and an apology given.",
))  # fmt: skip
def _late_allowance(w: Walk) -> None:
    w.receive(20).classify(19).stage1(19).respond(
        11,
        resolved=True,
        terms="Arrears of £612 paid; allowances now paid on the first working day of each "
        "month; a named finance officer to contact if a payment is late again.",
    )


@case(Story(
    label="Stage 1 responded, not resolved: within the window to ask for Stage 2 (contact)",
    expected=Status.STAGE1_RESPONDED,
    summary="Mr Caspian Threlfall says supervised contact with his two children at the family "
    "centre has been cancelled at short notice four times since January, twice after he had "
    "already travelled there, and that the make-up sessions he was promised have not happened.",
    team="Children in Care team",
    channel=Channel.PHONE,
    complainants=(P("Caspian Threlfall", R.PARENT),),
    children=(
        K("Hazel Threlfall", 7, looked_after=True), K("Bram Threlfall", 5, looked_after=True)
    ),
    stage1_summary="Partly upheld. Two cancellations were avoidable and two make-up sessions "
    "are offered; the other two were because the children were unwell.",
))  # fmt: skip
def _cancelled_contact(w: Walk) -> None:
    w.receive(14).classify(13).stage1(13).respond(5, resolved=False)


@case(Story(
    label="Handled under another procedure (child protection conference decision)",
    expected=Status.HANDLED_ELSEWHERE,
    summary="Mrs Ottilie Vance disagrees with the decision of a child protection conference to "
    "make her two children subject to child protection plans, and with parts of the conference "
    "report.",
    team="Safeguarding and Quality Assurance",
    channel=Channel.LETTER,
    complainants=(P("Ottilie Vance", R.PARENT),),
    children=(K("Xanthe Vance", 10), K("Percy Vance", 7)),
    route=Route.OTHER,
    route_reason="A challenge to a child protection conference decision goes to the "
    "conference's own appeal procedure, not the Children Act representations procedure. "
    "Passed to the Safeguarding and Quality Assurance Unit and the complainant told.",
))  # fmt: skip
def _conference_decision(w: Walk) -> None:
    w.receive(8).classify(7).hand_over(7)


@case(Story(
    label="Closed and archived: resolved at Stage 1, the agreed action done and signed off",
    expected=Status.CLOSED,
    summary="Mr Ambrose Kettering, special guardian to his granddaughter, says the annual "
    "review of his special guardianship allowance has not been done for 18 months and the "
    "allowance has not been uprated.",
    team="Special Guardianship Support",
    channel=Channel.EMAIL,
    complainants=(P("Ambrose Kettering", R.SPECIAL_GUARDIAN),),
    children=(K("Clementine Kettering", 9),),
    function=SpecifiedFunction.SGO,
))  # fmt: skip
def _sgo_review(w: Walk) -> None:
    w.receive(45).classify(44).stage1(44).respond(
        37, resolved=True, terms="The review was completed and the uprated allowance backdated."
    ).agree_action(
        37,
        "Complete the overdue review and pay the uprated allowance from the review date.",
        "Service Manager, Special Guardianship Support",
        due_in_days=21,
    )
    w.done(30, 1, "Review signed on file; arrears of £480 paid (payment reference on file).")
    w.sign_off(28, 1).close(
        12, "Resolved at Stage 1; no request for Stage 2 within 20 working days."
    )
    w.archive(11)


@case(Story(
    label="Stage 2 requested (care leaver's pathway plan and setting-up-home help)",
    expected=Status.STAGE2_REQUESTED,
    summary="Kieran Rainsford, 19, a care leaver, says his pathway plan has not been reviewed "
    "for eleven months, his personal adviser changed without notice, and he was refused help "
    "with a deposit for his first flat although the local offer says this is available.",
    team="Leaving Care service",
    channel=Channel.EMAIL,
    complainants=(P("Kieran Rainsford", R.CARE_LEAVER),),
    children=(K("Kieran Rainsford", 19, care_leaver=True),),
))  # fmt: skip
def _pathway_plan(w: Walk) -> None:
    w.receive(30).classify(29).stage1(29).respond(21, resolved=False).request(6)


@case(Story(
    label="Stage 2 requested late, accepted with recorded reasons (change of care plan)",
    expected=Status.STAGE2_REQUESTED,
    summary="Ms Delphine Oakhurst says she was not properly told that the plan for her son had "
    "changed from returning home to long-term foster care: she learned of it from a letter "
    "that arrived the day before the review meeting, and no one explained what it meant.",
    team="Children in Care team",
    channel=Channel.LETTER,
    complainants=(P("Delphine Oakhurst", R.PARENT),),
    children=(K("Rufus Oakhurst", 6, looked_after=True),),
))  # fmt: skip
def _care_plan_letter(w: Walk) -> None:
    w.receive(50).classify(49).stage1(49).respond(40, resolved=False).request(
        4,
        late_reasons="Ms Oakhurst was in hospital for three weeks after the Stage 1 response "
        "and asked as soon as she was discharged. The matters can still be investigated fairly.",
    )


@case(Story(
    label="Stage 2 refused, signed off by a senior manager (repeat of an investigated complaint)",
    expected=Status.STAGE2_REFUSED,
    summary="Mr Percival Haverstock asks again for an investigation into the council's decision "
    "not to place his nephew with him, and into how the viability assessment was carried out.",
    team="Fostering service (kinship assessments)",
    channel=Channel.LETTER,
    complainants=(P("Percival Haverstock", R.OTHER),),
    children=(K("Milo Haverstock", 5, looked_after=True),),
))  # fmt: skip
def _repeat_request(w: Walk) -> None:
    w.receive(40).sufficient_interest(39).classify(39).stage1(39).respond(31, resolved=False)
    w.request(25).refuse(
        22,
        "The same matters were fully investigated at Stage 2 last year, the adjudication letter "
        "was sent, and the Ombudsman decided not to investigate. The request raises nothing new. "
        "The letter gives the Ombudsman's details.",
    )


@case(Story(
    label="Stage 2 set-up: Investigating Officer appointed, Independent Person still needed",
    expected=Status.STAGE2_SETUP,
    summary="Mr and Mrs Fairweather, adoptive parents, say the adoption support assessment for "
    "therapy for their daughter took seven months, and that the application to the Adoption "
    "Support Fund was then made with the wrong information and refused.",
    team="Adoption service",
    channel=Channel.ONLINE,
    complainants=(P("Leopold Fairweather", R.ADOPTION), P("Araminta Fairweather", R.ADOPTION)),
    children=(K("Juniper Fairweather", 8),),
    function=SpecifiedFunction.ADOPTION,
))  # fmt: skip
def _adoption_support(w: Walk) -> None:
    w.receive(36).classify(35).stage1(35).respond(27, resolved=False)
    w.request(8).accept(7).appoint_io(6, w.cast.io1)


SHORT_BREAKS = (
    ("Short breaks were cut from two weekends a month to one without a new assessment of "
     "Elliot's needs.", "Two weekends a month restored until a new assessment is done."),
    ("The letter about the cut gave no reasons and did not say how to challenge it.",
     "An explanation of the decision, and a change to the standard letter."),
    ("Mrs Cheevers's emails to the team manager were not answered for six weeks.",
     "An apology."),
)  # fmt: skip


@case(Story(
    label="Stage 2 investigation: Statement of Complaint being drafted (version 2)",
    expected=Status.STAGE2_INVESTIGATION,
    summary="Mrs Rosalind Cheevers says short breaks for her son, who has cerebral palsy, were "
    "cut from two weekends a month to one without a new assessment, and that the letter "
    "telling her gave no reasons and no way to challenge it.",
    team="Children with Disabilities team",
    channel=Channel.EMAIL,
    complainants=(P("Rosalind Cheevers", R.PARENT),),
    children=(K("Elliot Cheevers", 12),),
    points=SHORT_BREAKS,
))  # fmt: skip
def _short_breaks(w: Walk) -> None:
    w.receive(38).classify(37).stage1(37).respond(29, resolved=False)
    w.request(12).accept(11).appoint(10, w.cast.io1, w.cast.ip1).start(9).first_contact(5)
    w.draft(3, points=2).draft(1)


@case(Story(
    label="Stage 2 investigation: statement overdue (IP is a former employee: warning shown)",
    expected=Status.STAGE2_INVESTIGATION,
    summary="Mr Barnaby Quince says the council did not tell him about three moves of his "
    "daughter's placement in a year, although he has parental responsibility, and that he was "
    "not invited to her looked-after reviews.",
    team="Children in Care team",
    channel=Channel.PHONE,
    complainants=(P("Barnaby Quince", R.PARENT),),
    children=(K("Willow Quince", 11, looked_after=True),),
    points=(
        ("Mr Quince was not told about Willow's three placement moves.",
         "To be told of any move before it happens, or as soon as possible after an emergency."),
        ("Mr Quince was not invited to Willow's looked-after reviews.",
         "To be invited to reviews, and sent the outcome."),
    ),
))  # fmt: skip
def _reviews_not_invited(w: Walk) -> None:
    w.receive(52).classify(51).stage1(51).respond(38, resolved=False)
    w.request(22).accept(21).appoint(20, w.cast.io2, w.cast.ip2).start(19).first_contact(18)
    w.draft(16).attempt(
        12, answered=False, method=Channel.PHONE,
        notes="Voicemail left asking to meet to agree the statement.",
    ).attempt(
        6, answered=True, method=Channel.PHONE,
        notes="Mr Quince asked for more time to think about the wording of point 2.",
    )  # fmt: skip


@case(Story(
    label="Stage 2 investigation: statement agreed, consent on file, interviews booked",
    expected=Status.STAGE2_INVESTIGATION,
    summary="Fern Aldridge, 16, who lives in a children's home, says she has not seen her two "
    "younger brothers, who live with foster carers, for five months because no one has "
    "arranged sibling contact, and that her requests through her social worker went unanswered.",
    team="Children in Care team",
    channel=Channel.ADVOCATE,
    complainants=(P("Fern Aldridge", R.CHILD),),
    children=(
        K("Fern Aldridge", 16, looked_after=True),
        K("Rory Aldridge", 9, looked_after=True),
        K("Finlay Aldridge", 7, looked_after=True),
    ),
    points=(
        ("No contact with her brothers was arranged for five months.",
         "Regular sibling contact, at least monthly, written into her care plan."),
        ("Her requests through her social worker were not passed on or answered.",
         "An apology, and a named person to contact when she has a request."),
    ),
    themes=(("Contact", "Placement"), ("Communication",)),
    interviewees=("Allocated social worker", "Team manager", "Brothers' foster carer"),
))  # fmt: skip
def _sibling_contact(w: Walk) -> None:
    w.receive(40).advocate(39, "Nell Ashdown", "Brightwater Advocacy (demo)")
    w.classify(39).stage1(39).respond(31, resolved=False)
    w.request(20).accept(19).appoint(18, w.cast.io1, w.cast.ip1).start(17).first_contact(15)
    w.draft(14).agree(12).consent(12).themes(12).plan(11).records(10, received_ago=6)
    w.interview(6, 1, who="Allocated social worker", notes_ago=3)
    w.time(3, "3.5", "Interview with the allocated social worker, and notes", w.io)
    w.interview(2, 3, who="Team manager").interview(1, 4, who="Brothers' foster carer")


@case(Story(
    label="Stage 2 investigation: findings recorded on every point",
    expected=Status.STAGE2_INVESTIGATION,
    summary="Mr and Mrs Pellow, foster carers, say the council told them almost nothing about "
    "a nine-year-old's needs before placing him with them, including that he had just been "
    "excluded from school, and that the placement broke down as a result.",
    team="Fostering service",
    channel=Channel.EMAIL,
    complainants=(P("Jory Pellow", R.FOSTER_CARER), P("Demelza Pellow", R.FOSTER_CARER)),
    children=(K("Tristan Vosper", 9, looked_after=True),),
    points=(
        ("The carers were not given the information they needed about Tristan before he came.",
         "A review of what information carers are given before a placement."),
        ("No support plan was agreed after the placement started.",
         "An apology, and support plans agreed within ten days in future."),
        ("The placement ended without a disruption meeting.",
         "A disruption meeting to be held, even now, to learn from what happened."),
    ),
    findings=("upheld", "partially_upheld", "not_upheld"),
    themes=(("Fostering", "Placement"), ("Fostering", "Communication"), ("Placement",)),
    recommendations=(
        Recommendation(
            "Use a placement information checklist, signed by the social worker, for every "
            "placement with foster carers.",
            "Introduce the placement information checklist",
            "Head of Fostering",
        ),
        CONTACT,
    ),
))  # fmt: skip
def _placement_information(w: Walk) -> None:
    w.receive(40).classify(39).stage1(39).respond(31, resolved=False)
    w.investigated(23, io=w.cast.io2, ip=w.cast.ip1).agree(15)
    w.consent(
        15,
        other_basis="The records are the child's: the council relies on its duty to consider "
        "representations under the 2006 Regulations (UK GDPR Articles 6(1)(e) and 9(2)(g)).",
    )
    w.themes(14).plan(14).interviews(14, notes_ago=8).time(8, "6", "Interviews and notes", w.io)
    w.findings(4).time(4, "4", "Findings", w.io)


@case(Story(
    label="Stage 2 investigation: draft report out for fact-checking; overdue, not extended",
    expected=Status.STAGE2_INVESTIGATION,
    summary="Ms Sunniva Breckon says the assessment of her family, started after a referral "
    "from her son's school, took 14 weeks instead of the 45 working days the council's "
    "procedure allows, and that no one told her why or what was happening.",
    team="Assessment and Intervention team",
    channel=Channel.EMAIL,
    complainants=(P("Sunniva Breckon", R.PARENT),),
    children=(K("Arlo Breckon", 10),),
    points=(
        ("The assessment took 14 weeks, well beyond 45 working days.",
         "An explanation of the delay and an apology."),
        ("Ms Breckon was not told why it was taking so long.",
         "To be kept informed in any future assessment."),
        ("The assessment repeats wrong information about her son's school attendance.",
         "The record corrected."),
    ),
    findings=("upheld", "upheld", "partially_upheld"),
    themes=(("Assessment",), ("Communication",), ("Record keeping", "Education")),
    recommendations=(CONTACT, PRACTICE),
))  # fmt: skip
def _assessment_delay(w: Walk) -> None:
    w.receive(52).classify(51).stage1(51).respond(44, resolved=False)
    w.investigated(28, io=w.cast.io1, ip=w.cast.ip1).agree(21).consent(20).themes(20)
    w.plan(20).time(19, "2.5", "Reading the case file", w.io).interviews(19, notes_ago=12)
    w.time(12, "5", "Interviews and notes", w.io).findings(7).time(7, "4", "Findings", w.io)
    w.fact_check(3).time(3, "6", "Draft report for fact-checking", w.io)


@case(Story(
    label="Stage 2 extended with reasons and a new date (unregulated placement out of county)",
    expected=Status.STAGE2_INVESTIGATION,
    summary="Mrs Philippa Gorringe says her 14-year-old daughter was placed in an unregulated "
    "placement out of county after a family breakdown, that for four days no one told her "
    "where her daughter was, and that no education was arranged for six weeks.",
    team="Children in Care team",
    channel=Channel.PHONE,
    complainants=(P("Philippa Gorringe", R.PARENT),),
    children=(K("Tallulah Gorringe", 14, looked_after=True),),
    points=(
        ("Mrs Gorringe was not told where her daughter was for four days.",
         "An apology, and a rule that parents are told the same day."),
        ("The placement was not suitable for a 14-year-old.", "An explanation."),
        ("No education was arranged for six weeks.", "Lost learning made up with tuition."),
        ("Calls to the duty team were not returned.", "An apology."),
    ),
    themes=(("Communication", "Placement"), ("Placement",), ("Education",), ("Communication",)),
    interviewees=("Allocated social worker", "Placement provider's manager", "Virtual School"),
))  # fmt: skip
def _unregulated_placement(w: Walk) -> None:
    w.receive(50).classify(49).stage1(49).respond(42, resolved=False)
    w.investigated(35, io=w.cast.io2, ip=w.cast.ip1).agree(26).consent(25).themes(25)
    w.plan(25).records(24, received_ago=19).interviews(22, notes_ago=14)
    w.time(22, "3", "Planning the interviews", w.io)
    w.extend_stage2(
        12,
        to_working_day=45,
        reason="The placement provider's former manager, a key witness, can be interviewed "
        "only after returning from leave. Mrs Gorringe was told in writing and agrees.",
    )


@case(Story(
    label="Stage 2 adjudication: report final, awaiting the Independent Person's report",
    expected=Status.STAGE2_ADJUDICATION,
    summary="Hamish Strathdee, 20, a care leaver, says the council stopped his setting-up-home "
    "allowance halfway through, changed his personal adviser just as he moved into his flat, "
    "and did not help him claim the benefits he was entitled to, so he fell into rent arrears.",
    team="Leaving Care service",
    channel=Channel.EMAIL,
    complainants=(P("Hamish Strathdee", R.CARE_LEAVER),),
    children=(K("Hamish Strathdee", 20, care_leaver=True),),
    points=(
        ("The setting-up-home allowance was stopped halfway through.",
         "The rest of the allowance paid."),
        ("His personal adviser changed without notice when he moved.",
         "Notice and a handover meeting before any change."),
        ("He was not helped to claim benefits, and fell into rent arrears.",
         "Help to clear the arrears."),
    ),
    findings=("upheld", "partially_upheld", "upheld"),
    themes=(("Leaving care", "Finance"), ("Leaving care",), ("Finance", "Leaving care")),
    recommendations=(
        Recommendation(
            "Pay the remaining setting-up-home allowance and meet the rent arrears caused by "
            "the delay.",
            "Payment of the allowance and the arrears",
            "Service Manager, Leaving Care",
        ),
    ),
))  # fmt: skip
def _setting_up_home(w: Walk) -> None:
    w.receive(45).classify(44).stage1(44).respond(36, resolved=False)
    w.investigated(24, io=w.cast.io1, ip=w.cast.ip1).agree(17).consent(17).themes(17)
    w.plan(16).interviews(16, notes_ago=11).findings(9).fact_check(8, 5).finalise(3)
    w.appoint_adjudicator(2).ip_views(1, points=2, submit=False)


@case(Story(
    label="Stage 2 complete on time: adjudication letter within 25 working days (contact)",
    expected=Status.STAGE2_COMPLETE,
    summary="Ms Imogen Wetherall says that after her son went into care under a voluntary "
    "arrangement, her contact with him was cut from three times a week to once a week at a "
    "review she was not invited to, and that the written reasons arrived two months later.",
    team="Children in Care team",
    channel=Channel.LETTER,
    complainants=(P("Imogen Wetherall", R.PARENT),),
    children=(K("Solomon Wetherall", 4, looked_after=True),),
    points=(
        ("Contact was cut from three times a week to once a week.",
         "Contact restored to three times a week."),
        ("Ms Wetherall was not invited to the review that decided it.",
         "To be invited to every review."),
        ("The written reasons arrived two months after the review.",
         "Review decisions sent within five working days."),
    ),
    findings=("partially_upheld", "upheld", "upheld"),
    themes=(("Contact",), ("Communication", "Contact"), ("Communication", "Record keeping")),
    recommendations=(CONTACT, PRACTICE),
))  # fmt: skip
def _contact_reduced(w: Walk) -> None:
    w.receive(62).classify(61).stage1(61).respond(53, resolved=False)
    w.investigated(47, io=w.cast.io1, ip=w.cast.ip1).agree(40).consent(40).themes(39)
    w.plan(39).interviews(38, notes_ago=32).time(32, "5", "Interviews and notes", w.io)
    w.findings(30).fact_check(29, 27).finalise(26).appoint_adjudicator(26).ip_views(25)
    w.time(25, "3", "The Independent Person's report", w.ip).adjudicate(24, letter_ago=23)


@case(Story(
    label="Stage 2 complete late, past 65 working days; Ombudsman enquiry, reply not yet due",
    expected=Status.STAGE2_COMPLETE,
    summary="Mr Ezra Pemberton-Lowe says the council took nine months to start a special "
    "guardianship support assessment after the order was made for his two grandchildren, and "
    "that the support plan promised in court was never put in place.",
    team="Special Guardianship Support",
    channel=Channel.EMAIL,
    complainants=(P("Ezra Pemberton-Lowe", R.SPECIAL_GUARDIAN),),
    children=(K("Ada Pemberton-Lowe", 6), K("Jude Pemberton-Lowe", 3)),
    function=SpecifiedFunction.SGO,
    points=(
        ("The support assessment took nine months to start.", "An apology and an explanation."),
        ("The support plan promised in court was never put in place.",
         "The plan put in place, with support backdated."),
    ),
    findings=("upheld", "upheld", "partially_upheld"),
    themes=(("Assessment",), ("Finance",), ("Finance", "Communication")),
    recommendations=(
        Recommendation(
            "Put the support plan in place and backdate the financial support to the date of "
            "the order.",
            "Support plan in place; backdated payment made",
            "Service Manager, Special Guardianship Support",
        ),
        PRACTICE,
    ),
))  # fmt: skip
def _sgo_support_plan(w: Walk) -> None:
    w.receive(115).classify(114).stage1(114).respond(106, resolved=False)
    w.investigated(98, io=w.cast.io2, ip=w.cast.ip2).agree(85).consent(84)
    w.plan(84).interviews(80, notes_ago=70)
    w.extend_stage2(
        75,
        to_working_day=65,
        reason="The court papers and the local authority's evidence to the court had to be "
        "obtained from Legal Services. Mr Pemberton-Lowe was told in writing.",
    )
    w.add_point(
        66,
        "The council's letters about the special guardianship allowance contradict each other.",
        "One clear letter setting out the allowance.",
        "Raised by Mr Pemberton-Lowe at interview; closely linked to point 2 and cannot fairly "
        "be left to a new complaint. No change to the due date.",
    )
    w.themes(65).findings(45).fact_check(42, 38).finalise(36).appoint_adjudicator(36)
    w.ip_views(34).adjudicate(31, letter_ago=29)
    # Mr Pemberton-Lowe went to the Ombudsman about the delay; the council's reply is due.
    w.ombudsman(6, 1, kind=OmbudsmanCase.Kind.ENQUIRY, reply_due_ago=-14)


@case(Story(
    label="Stage 2 complete after an extension, within 65 working days (letterbox contact)",
    expected=Status.STAGE2_COMPLETE,
    summary="Mr and Mrs Lindqvist-Hale, adoptive parents, say letterbox letters from their "
    "son's birth mother were held by the council for a year and then sent all at once, "
    "without warning and without the support they had been promised.",
    team="Adoption service",
    channel=Channel.EMAIL,
    complainants=(P("Soren Lindqvist-Hale", R.ADOPTION), P("Beatrix Lindqvist-Hale", R.ADOPTION)),
    children=(K("Caspar Lindqvist-Hale", 10),),
    function=SpecifiedFunction.ADOPTION,
    points=(
        ("Letterbox letters were held for a year.", "An explanation and an apology."),
        ("The letters were sent all at once, without warning or support.",
         "Support for the family now, and a warning before letters are sent in future."),
    ),
    findings=("upheld", "upheld"),
    themes=(("Adoption", "Contact"), ("Adoption", "Communication")),
    recommendations=(CONTACT,),
))  # fmt: skip
def _letterbox_contact(w: Walk) -> None:
    w.receive(95).classify(94).stage1(94).respond(86, resolved=False)
    w.investigated(80, io=w.cast.io2, ip=w.cast.ip1).agree(71).consent(70).themes(70)
    w.plan(70).interviews(68, notes_ago=60)
    w.extend_stage2(
        58,
        to_working_day=50,
        reason="The adoption agency that held the letters took five weeks to provide its "
        "records. Mr and Mrs Lindqvist-Hale were told in writing.",
    )
    w.findings(40).fact_check(39, 37).finalise(36).appoint_adjudicator(36)
    w.ip_views(35).adjudicate(33, letter_ago=32)


@case(Story(
    label="Closed for non-engagement after three unanswered contacts (information sharing)",
    expected=Status.CLOSED_NON_ENGAGEMENT,
    summary="Mr Cosmo Ridgeway says his stepdaughter's social worker told her school about his "
    "past conviction without good reason and without telling him first.",
    team="Family Support team (South)",
    channel=Channel.PHONE,
    complainants=(P("Cosmo Ridgeway", R.PARENTAL_RESPONSIBILITY),),
    children=(K("Marnie Ridgeway", 12),),
))  # fmt: skip
def _information_sharing(w: Walk) -> None:
    w.receive(55).classify(54).stage1(54).respond(46, resolved=False)
    w.request(40).accept(39).appoint(38, w.cast.io1, w.cast.ip1).start(37)
    w.attempt(35, answered=False, method=Channel.LETTER, notes="Letter offering three dates.")
    w.attempt(28, answered=False, method=Channel.PHONE, notes="Two calls; no answer.")
    w.attempt(22, answered=False, method=Channel.EMAIL, notes="Final email: reply in 10 days.")
    w.close_non_engagement(
        20,
        "Three opportunities to meet the investigators over three months, by letter, phone and "
        "email, with no reply. The closure letter explains how to reopen and the Ombudsman.",
    )


# -- Stage 3 and after -------------------------------------------------------------------------
# The panel must meet within 30 working days of the request, report within 5 of the meeting,
# and the council respond within 15 of the report; each script says where it stands.


@case(Story(
    label="Stage 3 requested late (after 20 working days): awaiting the manager's decision",
    expected=Status.STAGE3_REQUESTED,
    summary="Ms Tamsin Loveday says that after her son came into care he had no school place "
    "for five months, and that his education, health and care plan was never sent to the "
    "school he eventually went to.",
    team="Virtual School for children in care",
    channel=Channel.PHONE,
    complainants=(P("Tamsin Loveday", R.PARENT),),
    children=(K("Noah Loveday", 13, looked_after=True),),
    points=(
        ("Noah had no school place for five months after coming into care.",
         "Tuition to make up the learning he lost."),
        ("His education, health and care plan was not sent to his new school.",
         "The plan sent, and a review meeting held."),
    ),
    findings=("upheld", "partially_upheld"),
    themes=(("Education", "Placement"), ("Education", "Record keeping")),
    recommendations=(
        Recommendation(
            "Arrange tuition to make up the learning Noah lost while he had no school place.",
            "Tuition arranged for the lost learning",
            "Head of the Virtual School",
        ),
    ),
))  # fmt: skip
def _school_place(w: Walk) -> None:
    w.receive(80).classify(79).stage1(79).respond(71, resolved=False)
    w.completed_stage2(55, io=w.cast.io2, ip=w.demo.person("r_kemble")).themes(32)
    w.request_stage3(
        2,
        "The tuition has not started. Ms Loveday says the adjudication letter went to her old "
        "address and she asked as soon as her son's social worker mentioned it.",
    )


@case(Story(
    label="Stage 3 panel convened: chair and members appointed, meeting set, papers received",
    expected=Status.STAGE3_PANEL,
    summary="Mr Declan Ashworth-Byrne says his two daughters were placed with different foster "
    "carers 40 miles apart without any assessment of whether they should live together, and "
    "that his contact was cut to once a fortnight without asking him.",
    team="Children in Care team",
    channel=Channel.EMAIL,
    complainants=(P("Declan Ashworth-Byrne", R.PARENT),),
    children=(K("Isla Ashworth-Byrne", 10, looked_after=True),
              K("Maeve Ashworth-Byrne", 6, looked_after=True)),
    points=(
        ("The sisters were placed apart without assessing whether they should live together.",
         "An assessment, and the sisters placed together if it supports that."),
        ("Contact was cut to once a fortnight without asking Mr Ashworth-Byrne.",
         "Weekly contact restored."),
        ("Isla had to change school because of the placement.", "Help with travel."),
    ),
    findings=("upheld", "partially_upheld", "not_upheld"),
    themes=(("Placement", "Fostering"), ("Contact", "Communication"), ("Placement", "Education")),
    recommendations=(CONTACT,),
))  # fmt: skip
def _sisters_apart(w: Walk) -> None:
    w.receive(78).classify(77).stage1(77).respond(69, resolved=False)
    w.completed_stage2(50, io=w.cast.io1, ip=w.cast.ip1).themes(26)
    w.request_stage3(18).accept_stage3(17)
    w.appoint_panel(15, w.cast.chair, w.cast.panelmember, w.demo.person("r_bassey"))
    w.schedule(14, meeting_ago=-8).submissions(5).attendees(3)
    w.time(3, "2", "Reading the panel papers", w.cast.chair, w.cast.panelmember)


@case(Story(
    label="Stage 3 accepted: chair appointed, two members still to find (see the suggestions)",
    expected=Status.STAGE3_PANEL,
    summary="Ms Genevieve Strand says the assessment of her autistic son copied whole "
    "paragraphs from another child's assessment, recorded the wrong diagnosis, and was then "
    "used to refuse him short breaks.",
    team="Children with Disabilities team",
    channel=Channel.ONLINE,
    complainants=(P("Genevieve Strand", R.PARENT),),
    children=(K("Felix Strand", 9),),
    points=(
        ("The assessment copied paragraphs from another child's assessment.",
         "A new assessment by a different social worker."),
        ("It recorded the wrong diagnosis.", "The record corrected."),
        ("Short breaks were refused on the strength of it.", "The decision made again."),
    ),
    findings=("upheld", "upheld", "partially_upheld"),
    themes=(("Assessment", "Record keeping"), ("Record keeping", "Disability"),
            ("Disability", "Assessment")),
    recommendations=(
        Recommendation(
            "Carry out a new assessment of Felix's needs by a social worker not involved before.",
            "New assessment by another social worker",
            "Team manager, Children with Disabilities",
        ),
    ),
))  # fmt: skip
def _copied_assessment(w: Walk) -> None:
    w.receive(60).classify(59).stage1(59).respond(51, resolved=False)
    w.completed_stage2(45, io=w.demo.person("r_jarvis"), ip=w.demo.person("r_ingram"))
    w.themes(21).request_stage3(10).accept_stage3(9).appoint_panel(7, w.demo.person("r_grantham"))
    # The meeting is set about five weeks ahead, while one panel member is on leave: the
    # suggestions leave her out for that reason.
    w.schedule(6, meeting_ago=-17)


@case(Story(
    label="Stage 3 panel met (young person with an advocate): report due within 5 working days",
    expected=Status.STAGE3_REPORT,
    summary="Jasmine Okafor-Reid, 17, who lives in a children's home, says staff searched her "
    "room and read her diary without asking her, that her complaint to the home's manager "
    "went nowhere, and that she was told she might lose her place if she kept complaining.",
    team="Children's Homes service",
    channel=Channel.ADVOCATE,
    complainants=(P("Jasmine Okafor-Reid", R.CHILD),),
    children=(K("Jasmine Okafor-Reid", 17, looked_after=True),),
    points=(
        ("Her room was searched and her diary read without her agreement.",
         "An apology, and rules on searches agreed with the young people."),
        ("Her complaint to the home's manager was not passed on or answered.",
         "Complaints made at the home passed to the complaints team the same day."),
        ("She was told she might lose her place if she kept complaining.",
         "A written assurance that complaining will not affect her placement."),
    ),
    findings=("partially_upheld", "upheld", "not_upheld"),
    themes=(("Safeguarding practice", "Placement"), ("Communication",),
            ("Communication", "Safeguarding practice")),
    recommendations=(
        Recommendation(
            "Agree written rules on room searches with the young people at the home.",
            "Room search rules agreed with the young people",
            "Registered Manager, Children's Homes",
        ),
    ),
    panel_recommendations=(
        Recommendation("Apologise to Jasmine in person, with her advocate present."),
        Recommendation("Give every young person at the home a leaflet on how to complain, and "
                       "check at each visit that complaints reach the complaints team."),
    ),
))  # fmt: skip
def _room_search(w: Walk) -> None:
    w.receive(84).advocate(83, "Orla Pennington", "Brightwater Advocacy (demo)")
    w.classify(83).stage1(83).respond(75, resolved=False)
    w.completed_stage2(61, io=w.demo.person("r_pryce"), ip=w.demo.person("r_kemble")).themes(37)
    w.request_stage3(30).accept_stage3(29)
    panel = (w.demo.person("r_alder"), w.demo.person("r_mbeki"), w.demo.person("r_hollis"))
    w.appoint_panel(27, *panel).schedule(26, meeting_ago=2).submissions(8).attendees(4)
    w.hold_panel(2).time(2, "3.5", "Panel meeting", *panel)
    w.recommend(1).time(0, "2.5", "Writing the panel's report", w.chair)


@case(Story(
    label="Stage 3 report sent late (delay recorded): the council's response is due",
    expected=Status.STAGE3_RESPONSE,
    summary="Mrs Marisol Penhaligon, a family and friends foster carer for her two "
    "grandchildren, says she was paid less than other foster carers, had no supervising "
    "social worker for eight months, and was refused the training other carers are offered.",
    team="Fostering service",
    channel=Channel.LETTER,
    complainants=(P("Marisol Penhaligon", R.FOSTER_CARER),),
    children=(K("Ruby Penhaligon", 8, looked_after=True),
              K("Alfie Penhaligon", 5, looked_after=True)),
    points=(
        ("She was paid a lower allowance than unrelated foster carers.",
         "The difference paid back to the start of the placement."),
        ("She had no supervising social worker for eight months.",
         "A named supervising social worker."),
        ("She was refused the training other carers get.", "A place on the next course."),
    ),
    findings=("upheld", "upheld", "partially_upheld"),
    themes=(("Fostering", "Finance"), ("Fostering", "Communication"), ("Fostering",)),
    recommendations=(
        Recommendation(
            "Pay Mrs Penhaligon the difference in allowance from the start of the placement.",
            "Allowance arrears paid",
            "Head of Fostering",
        ),
    ),
    panel_recommendations=(
        Recommendation("Check the allowance of every family and friends foster carer against "
                       "the rates paid to other carers, and pay any difference."),
        Recommendation("Offer family and friends carers the same training as other carers."),
        Recommendation("Pay Mrs Penhaligon £300 for her time and trouble."),
    ),
))  # fmt: skip
def _kinship_allowance(w: Walk) -> None:
    w.receive(92).classify(91).stage1(91).respond(83, resolved=False)
    w.completed_stage2(73, io=w.cast.io1, ip=w.demo.person("r_ingram")).themes(49)
    w.done(45, 1, "Arrears of £1,860 paid; the payment reference is on file.").sign_off(44, 1)
    w.request_stage3(41).accept_stage3(40)
    panel = (w.demo.person("r_northcott"), w.demo.person("r_caradoc"), w.demo.person("r_bassey"))
    w.appoint_panel(38, *panel).schedule(37, meeting_ago=12).submissions(15).attendees(13)
    w.hold_panel(12).time(12, "4", "Panel meeting", *panel).recommend(10)
    w.issue_report(
        5,
        late_reason="The chair was ill for a week after the meeting; the report was finished "
        "as soon as he was back.",
        letter_ago=7,
    )
    w.time(5, "3", "Writing the panel's report", w.chair)


@case(Story(
    label="Stage 3 complete after a late panel (delay recorded); Ombudsman found fault",
    expected=Status.STAGE3_COMPLETE,
    summary="Ms Alys Penrose-Quaye says her daughter, in foster care, was moved four times in "
    "a year without a placement planning meeting, and that her belongings, including letters "
    "from her late father, were lost in the moves.",
    team="Children in Care team",
    channel=Channel.LETTER,
    complainants=(P("Alys Penrose-Quaye", R.PARENT),),
    children=(K("Delyth Penrose-Quaye", 12, looked_after=True),),
    points=(
        ("Delyth was moved four times in a year without a placement planning meeting.",
         "Planning meetings before any future move."),
        ("Her belongings, including her father's letters, were lost in the moves.",
         "The belongings found, or their loss made good."),
        ("Ms Penrose-Quaye was told of each move only afterwards.", "To be told beforehand."),
    ),
    findings=("upheld", "upheld", "partially_upheld"),
    themes=(("Placement",), ("Placement", "Record keeping"), ("Communication", "Placement")),
    recommendations=(PRACTICE,),
    panel_recommendations=(
        Recommendation(
            "Search the previous placements for Delyth's belongings, and pay for what is not "
            "found.",
            "Belongings searched for; payment for what was lost",
            "Team manager, Children in Care team",
        ),
        Recommendation(
            "Audit every placement move in the last year for a placement planning meeting.",
            "Audit of placement moves",
            "Head of Service, Children in Care",
        ),
        Recommendation(
            "Pay Ms Penrose-Quaye £1,000 for the distress caused.",
            reasons="Not accepted: the payment for the lost belongings and the apology already "
            "given are a fair remedy.",
        ),
    ),
))  # fmt: skip
def _placement_moves(w: Walk) -> None:
    w.receive(230).classify(229).stage1(229).respond(215, resolved=False)
    w.completed_stage2(200, io=w.cast.io2, ip=w.cast.ip1).themes(176)
    w.request_stage3(170).accept_stage3(169)
    w.appoint_panel(167, w.cast.chair, w.cast.panelmember, w.demo.person("r_alder"))
    w.schedule(
        166,
        meeting_ago=134,
        late_reason="Ms Penrose-Quaye asked for a date after her operation; the first date she "
        "could attend is six working days after the limit.",
    )
    w.done(160, 1, "Practice reminder issued; audit of ten cases on file.").sign_off(158, 1)
    w.submissions(140).attendees(136).hold_panel(134).recommend(133).issue_report(130)
    w.respond_to_panel(118)  # the audit (action 3) is never done: the Ombudsman finds fault
    w.done(100, 2, "Two boxes found and returned; £260 paid for the rest.").sign_off(98, 2)
    w.ombudsman(95, 2, kind=OmbudsmanCase.Kind.INVESTIGATION, reply_due_ago=75)
    w.ombudsman_decision(78, replied=True).ombudsman_decision(40, draft=True)
    # fmt: off
    w.ombudsman_decision(30, fault=True, summary="Fault: the panel met late, and the audit the "
                         "council agreed to was not done six months later.")
    w.remedy(30, Remedy.Kind.APOLOGY, "Apologise in writing to Ms Penrose-Quaye.",
             due_ago=10, owner="Director of Children's Services")
    w.remedy(30, Remedy.Kind.PAYMENT, "Pay £300 for the delay and the uncertainty it caused.",
             due_ago=10, owner="Head of Service, Children in Care", amount="300")
    w.remedy(30, Remedy.Kind.SERVICE_IMPROVEMENT, "Complete the audit of placement moves and "
             "report it to the Corporate Parenting Board.",
             due_ago=-45, owner="Head of Service, Children in Care")
    # fmt: on
    w.done(25, 4, "Letter of apology sent.").sign_off(22, 4).evidence(22, 4)
    w.done(12, 5, "£300 paid; the payment reference is on file.").evidence(11, 5)


@case(Story(
    label="Stage 3 refused, signed off by a senior manager; Ombudsman enquiry overdue a reply",
    expected=Status.STAGE3_REFUSED,
    summary="Mr Lorcan Heathcote says the notes of home visits about his son did not record "
    "what he said, and that his requests for copies of the visit records were not answered.",
    team="Family Support team (North)",
    channel=Channel.EMAIL,
    complainants=(P("Lorcan Heathcote", R.PARENT),),
    children=(K("Evan Heathcote", 7),),
    points=(
        ("The home visit notes did not record what Mr Heathcote said.",
         "His account added to the records."),
        ("His requests for copies of the visit records were not answered.", "Copies."),
    ),
    findings=("partially_upheld", "upheld"),
    themes=(("Record keeping", "Communication"), ("Record keeping",)),
    recommendations=(
        Recommendation(
            "Add Mr Heathcote's account to the records and send him copies.",
            "Records annotated and copies sent",
            "Team manager, Family Support (North)",
        ),
    ),
))  # fmt: skip
def _visit_notes(w: Walk) -> None:
    w.receive(110).classify(109).stage1(109).respond(101, resolved=False)
    w.completed_stage2(90, io=w.demo.person("r_jarvis"), ip=w.demo.person("r_kemble"))
    w.themes(66).done(60, 1, "Account added to the file; copies sent by recorded delivery.")
    w.request_stage3(
        52, "Mr Heathcote wants the panel to review the social worker's statement to the court."
    ).refuse_stage3(
        48,
        "All the Stage 2 recommendations have been carried out. What remains is the social "
        "worker's statement in the care proceedings, which is for the court, not this "
        "procedure. The letter gives the Ombudsman's details.",
    )
    w.sign_off(47, 1).ombudsman(25, 3, kind=OmbudsmanCase.Kind.ENQUIRY, reply_due_ago=5)


# --------------------------------------------------------------------------------------------
# Loading


@dataclass(frozen=True)
class Loaded:
    added: list[tuple[Story, Complaint]]
    skipped: int
    rooms: int


def load_demo_cases() -> Loaded:
    """Build every demo case not already in the database; all in one transaction.

    One transaction makes a load all-or-nothing (the actions' own transactions become
    savepoints) and fast: SQLite commits once instead of a few hundred times.
    """
    today = timezone.localdate()
    existing = set(
        Complaint.objects.filter(summary__in=[s.summary for s, _ in CASES]).values_list(
            "summary", flat=True
        )
    )
    added: list[tuple[Story, Complaint]] = []
    with transaction.atomic():
        rooms = load_rooms()
        todo = [(story, script) for story, script in CASES if story.summary not in existing]
        if todo:
            demo = Demo(today, current_calendar(), DemoClock(), Cast.load(), rooms)
            with demo.clock.running():
                for story, script in todo:
                    walk = Walk(demo, story)
                    script(walk)
                    added.append((story, walk.c))
    return Loaded(added=added, skipped=len(CASES) - len(added), rooms=len(rooms))
