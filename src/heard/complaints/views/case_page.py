"""The case page: who, what, when it is due, what is done and next, and what has happened.

Moved out of ``views.cases`` so the list views and the case page can change apart. What the
page shows is assembled here in plain Python (``CasePage``), so the template only lays it out
and never works out a deadline. The page reads a fixed number of queries however many events,
points or appointments a case has: ``case_queryset`` prefetches them (tests count them).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from heard.audit.models import CaseEvent, TextVersion
from heard.audit.versions import ChangedText, changed_texts
from heard.compiled import CompiledOnce
from heard.complaints.access import events_for, sees_later_stages
from heard.complaints.actions.stage1 import is_eligible_for_stage2_on_request
from heard.complaints.case_summary import (
    DeadlineRow,
    NextStep,
    OfferGroup,
    deadline_rows,
    next_step,
    what_you_can_do,
)
from heard.complaints.disclosure import NOTHING, Disclosure, disclosure_for
from heard.complaints.http import read_for_request
from heard.complaints.idle import idle_steps
from heard.complaints.learning import RepeatFinding, repeat_warnings_for
from heard.complaints.models import Appointment, Complaint, ComplaintPoint, Decision, DecisionKind
from heard.complaints.models.choices import AppointmentRole, Status
from heard.complaints.sections import (
    SECTIONS,
    ShownSection,
    section_prefetches,
    shown_sections,
)
from heard.complaints.steps import load_steps
from heard.complaints.tasklist import (
    Task,
    records_basis_recorded,
    stage1_tasks,
    stage2_tasks,
    stage3_tasks,
)
from heard.complaints.transitions import stage_of
from heard.complaints.views.cases import STATUS_TAGS
from heard.people.models import person_name
from heard.people.roles import StaffRole, is_complaints_manager
from heard.prefetching import OneReader, cache_rows, prefetch
from heard.timescales.calendar import Calendar, OutsideCalendar
from heard.timescales.snapshot import current_calendar


@functools.cache
def role_label(acting_as: str) -> str:
    """A case event's ``acting_as`` (a staff role or ``appointed:<role>``) in words."""
    name = acting_as.removeprefix("appointed:")
    for choices in (AppointmentRole, StaffRole):
        if name in choices.values:
            return str(choices(name).label)
    return name.replace("_", " ")


# -- the case page -------------------------------------------------------------------------


# Relations that only a complaint which has reached Stage 2, or Stage 3, has rows in: the
# actions that write them are steps of those stages. The case page does not ask for them
# before (decision 026), so a case at intake or Stage 1 reads ten queries fewer.
STAGE2_RELATIONS = (
    "copies_sent",
    "contact_attempts",
    "records_consents",
    "plan_items",
    "interviews",
    "records_requests",
)
STAGE3_RELATIONS = ("panel_submissions", "panel_attendees", "panel_report__circulation")


# The one-to-one records (and the handler) every part of the case page reads.
CASE_RELATED = (
    "stage1",
    "stage2",
    "stage3",
    "panel_report",
    "investigation_report",
    "ip_report",
    "handler",
)


def case_base_queryset() -> QuerySet[Complaint]:
    """A complaint with the one-to-one records every part of the case page reads."""
    return Complaint.objects.select_related(*CASE_RELATED)


# Relations many complaints have no rows in at all (no deferral, no breach, no Ombudsman
# case...). The case page asks which of them have any in the one query that reads the case
# (``read_relation_flags``) and does not send a query for the rest: each costs about half a
# millisecond even when it finds nothing, mostly Django building it.
OPTIONAL_RELATIONS = (
    "deferrals",
    *STAGE2_RELATIONS,
    *STAGE3_RELATIONS[:2],
    "breaches",
    "recommendations",
    "actions",
    "ombudsman_cases",
)


def _flag(name: str) -> str:
    return f"has_{name}"


CHANGED_TEXTS_FLAG = "has_changed_texts"


def _relation_flags() -> dict[str, Exists]:
    """For each of ``OPTIONAL_RELATIONS``, whether the complaint has rows in it."""
    flags = {}
    for name in OPTIONAL_RELATIONS:
        relation = Complaint._meta.get_field(name)
        related = relation.related_model._default_manager  # type: ignore[union-attr]
        flags[_flag(name)] = Exists(related.filter(**{relation.field.name: OuterRef("pk")}))  # type: ignore[union-attr]
    # Most complaints have no text that was ever replaced (``audit.versions``).
    flags[CHANGED_TEXTS_FLAG] = Exists(TextVersion.objects.filter(complaint_id=OuterRef("pk")))
    return flags


def _flags_of(key: int) -> QuerySet[Any]:
    return Complaint.objects.filter(pk=key).values(**_relation_flags())


# A dozen EXISTS took Django longer to write than the database to answer (decision 035).
RELATION_FLAGS = CompiledOnce(_flags_of, int)

# The case with its one-to-ones, in one query compiled once (decision 037): Django took 3 to
# 4 ms to build it on every request. (With the flags in the same query, PostgreSQL took
# longer to plan it than to plan the two apart: 3.7 ms against 1.3 and 0.3.)
CASE_READER = OneReader(Complaint, CASE_RELATED)


def read_case(pk: int) -> Complaint | None:
    """The complaint as ``case_base_queryset`` reads it, with its relation flags set
    (``read_relation_flags``), or None if there is none."""
    complaint = CASE_READER.get(pk)
    if complaint is not None:
        read_relation_flags(complaint)  # type: ignore[arg-type]
    return complaint  # type: ignore[return-value]


def read_relation_flags(complaint: Complaint) -> None:
    """Set ``has_<relation>`` on ``complaint`` for each of ``OPTIONAL_RELATIONS`` (and
    ``CHANGED_TEXTS_FLAG``), in one query, so ``without_empty`` can skip the empty ones."""
    for row in RELATION_FLAGS.rows(complaint.pk):
        for name, value in row.items():
            setattr(complaint, name, bool(value))


def without_empty(complaint: Complaint, lookups: list[str | Prefetch]) -> list[str | Prefetch]:
    """``lookups`` less those of relations the complaint's flags (``read_relation_flags``)
    say are empty, which are recorded as empty instead. A complaint read without the flags
    keeps every lookup."""
    kept: list[str | Prefetch] = []
    for lookup in lookups:
        path = lookup if isinstance(lookup, str) else lookup.prefetch_through
        first = path.split("__")[0]
        if first in OPTIONAL_RELATIONS and getattr(complaint, _flag(first), True) is False:
            cache_rows(complaint, first, [])  # known empty: no query
        else:
            kept.append(lookup)
    return kept


def case_prefetches(complaint: Complaint | None = None) -> list[str | Prefetch]:
    """What the case page, its guards, its task list and the sections other apps register
    (``complaints.sections``) read beyond ``case_base_queryset``; given the complaint, only
    the relations its stage can have rows in."""
    points = ComplaintPoint.objects.select_related("finding", "ip_view").prefetch_related("themes")
    appointments = Appointment.objects.select_related("person")
    later: list[str | Prefetch] = []
    if complaint is None or hasattr(complaint, "stage2"):
        later.extend(STAGE2_RELATIONS)
    if complaint is None or hasattr(complaint, "stage3"):
        later.extend(STAGE3_RELATIONS)
    # Who decided the route or a late complaint, read only for a complaint with such a
    # decision: two more joins in the query that reads the case took PostgreSQL longer to
    # plan (about 2.5 ms) than the rest of the query took to run.
    deciders = [
        name
        for name in ("route_decided_by", "out_of_time_decided_by")
        if complaint is None or getattr(complaint, f"{name}_id")
    ]
    return [
        *deciders,
        "running_deadlines",
        "complainants",
        "children",
        "deferrals",
        *later,
        "breaches",
        "recommendations",
        "actions",
        "ombudsman_cases__remedies__action",
        Prefetch("appointments", appointments),
        Prefetch("points", points),
        Prefetch("decisions", Decision.objects.select_related("decided_by", "signed_off_by")),
        *section_prefetches(),
    ]


def case_queryset() -> QuerySet[Complaint]:
    """A complaint with everything the case page, its guards, its task list and the sections
    other apps register (``complaints.sections``) read, whatever its stage."""
    return case_base_queryset().prefetch_related(*case_prefetches())


@dataclass(frozen=True)
class DateRow:
    """One key date: a label, a date (or words), and a tag such as "Overdue"."""

    label: str
    day: date | None = None
    words: str = ""
    tag: str = ""
    tag_class: str = ""

    @property
    def shown(self) -> str:
        """The date in words ("Monday 7 December 2026"), else the words, else "Not set".
        Written here rather than with the template's ``date`` filter: the dates cards hold
        twenty dates or more, and the filter was a tenth of the page's rendering time."""
        if self.day:
            return f"{self.day:%A %-d %B %Y}"
        return self.words or "Not set"


def stage1_dates(complaint: Complaint) -> list[DateRow]:
    s1 = getattr(complaint, "stage1", None)
    if s1 is None:
        return []
    extended = f"Extended on {s1.extended_on:%-d %B %Y}" if s1.extended_on else ""
    rows = [
        DateRow("Response due", s1.due_on, tag=extended and "Extended"),
        DateRow("Latest date with an extension (20 working days)", s1.cap_on),
        DateRow("Response sent", s1.response_sent_on, words="Not yet"),
    ]
    if s1.response_sent_on:
        rows.append(DateRow("Stage 2 should be asked for by (advisory)", s1.stage2_request_by))
    return rows


# Where the Stage 2 clock is running: from the request until the adjudication letter.
STAGE2_RUNNING = frozenset(
    {
        Status.STAGE2_REQUESTED,
        Status.STAGE2_SETUP,
        Status.STAGE2_INVESTIGATION,
        Status.STAGE2_ADJUDICATION,
    }
)


def working_days_past(deadline: date | None, today: date, calendar: Calendar | None = None) -> int:
    """How many working days ``today`` is past ``deadline`` (0 if not past), counted with the
    calendar in force, so a bank holiday added by an administrator is not counted. The case
    page passes the calendar it loaded once (each load asks the database for its version)."""
    if deadline is None or today <= deadline:
        return 0
    try:
        return (calendar or current_calendar()).working_days_between(deadline, today)
    except OutsideCalendar:
        return (today - deadline).days


def _working_days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


def stage2_dates(
    complaint: Complaint, today: date, calendar: Calendar | None = None
) -> list[DateRow]:
    """Decisions for Heard 3: the request-date deadlines always, the council's if different."""
    s2 = getattr(complaint, "stage2", None)
    if s2 is None:
        return []
    requested = DateRow(
        "Requested", s2.requested_on, tag="Late: accepted" if s2.request_was_late else ""
    )
    if s2.refused_on:
        # A refused request has no clock: its deadlines stopped the day it was refused.
        stopped = f"Stopped: refused on {s2.refused_on:%-d %B %Y}"
        return [
            requested,
            DateRow("Refused", s2.refused_on, tag="Refused", tag_class="govuk-tag--red"),
            DateRow("Due: 25 working days from the request", words=stopped),
            DateRow("Latest: 65 working days from the request", words=stopped),
        ]
    running = complaint.status in STAGE2_RUNNING and s2.adjudication_letter_sent_on is None
    calendar = calendar or current_calendar() if running else None
    past_25 = working_days_past(s2.request_due_on, today, calendar) if running else 0
    past_65 = working_days_past(s2.request_cap_on, today, calendar) if running else 0
    rows = [
        requested,
        DateRow("Accepted", s2.accepted_on, words="Not yet"),
        DateRow(
            "Due: 25 working days from the request",
            s2.request_due_on,
            tag=f"Past the 25-day due date by {_working_days(past_25)}" if past_25 else "",
            tag_class="govuk-tag--orange",
        ),
        DateRow(
            "Latest: 65 working days from the request",
            s2.request_cap_on,
            tag=f"Past the 65-day limit by {_working_days(past_65)}" if past_65 else "",
            tag_class="govuk-tag--red",
        ),
    ]
    if s2.accepted_on and (s2.due_on != s2.request_due_on or s2.cap_on != s2.request_cap_on):
        basis = "the agreed statement" if s2.start_basis != "request_date" else "the request"
        rows.append(DateRow(f"Council's due date (from {basis})", s2.due_on, words="When agreed"))
        if s2.cap_on != s2.request_cap_on:
            rows.append(DateRow(f"Council's latest date (from {basis})", s2.cap_on, words="—"))
    if s2.extended_on:
        rows.append(DateRow("Extended", s2.extended_on))
    if s2.first_contact_on:
        rows.append(DateRow("First contact with the complainant", s2.first_contact_on))
    if s2.statement_due_on:
        late = not s2.statement_agreed_on and today > s2.statement_due_on
        rows.append(
            DateRow(
                "Statement of Complaint to be agreed by",
                s2.statement_due_on,
                tag="Overdue" if late else "",
                tag_class="govuk-tag--red",
            )
        )
    if s2.first_contact_on or s2.statement_agreed_on:
        rows.append(DateRow("Statement agreed", s2.statement_agreed_on, words="Not yet"))
    for label, day in (
        ("Investigation started", s2.investigation_started_on),
        ("Report final", s2.report_date),
        ("Adjudication decided", s2.adjudication_date),
    ):
        if day:
            rows.append(DateRow(label, day))
    if s2.adjudication_date or s2.adjudication_letter_sent_on:
        rows.append(
            DateRow(
                "Adjudication letter sent",
                s2.adjudication_letter_sent_on,
                words="Not yet",
                tag=s2.completed_within.capitalize(),
                tag_class="govuk-tag--red" if s2.completed_within == "late" else "govuk-tag--green",
            )
        )
    if s2.stage3_request_by:
        rows.append(DateRow("Stage 3 should be asked for by (advisory)", s2.stage3_request_by))
    return rows


def _met(day: date | None, due_on: date | None, today: date) -> tuple[str, str]:
    """A tag for a Stage 3 deadline: late if done after it, overdue if not done and past it."""
    if due_on is None:
        return "", ""
    if day is not None:
        return ("Late", "govuk-tag--red") if day > due_on else ("On time", "govuk-tag--green")
    return ("Overdue", "govuk-tag--red") if today > due_on else ("", "")


def stage3_dates(complaint: Complaint, today: date) -> list[DateRow]:
    """Decisions for Heard 4: the three firm deadlines, each shown with whether it was met."""
    s3 = getattr(complaint, "stage3", None)
    if s3 is None:
        return []
    rows = [
        DateRow(
            "Requested",
            s3.requested_on,
            tag=("Late: accepted" if s3.accepted_on else "Late") if s3.request_was_late else "",
        ),
        DateRow("Should have been asked for by (advisory)", s3.request_by, words="—"),
    ]
    if s3.refused_on:
        rows.append(DateRow("Refused", s3.refused_on, tag="Refused", tag_class="govuk-tag--red"))
        return rows
    rows.append(DateRow("Accepted", s3.accepted_on, words="Not yet"))
    tag, tag_class = _met(s3.meeting_on, s3.panel_due_on, today)
    rows.append(DateRow("Panel must meet by (30 working days)", s3.panel_due_on))
    rows.append(
        DateRow("Panel meeting", s3.meeting_on, words="Not yet set", tag=tag, tag_class=tag_class)
    )
    if s3.met_on:
        rows.append(DateRow("Panel met", s3.met_on))
    if s3.report_due_on:
        sent = complaint.panel_report.sent_on if hasattr(complaint, "panel_report") else None
        tag, tag_class = _met(sent, s3.report_due_on, today)
        rows.append(DateRow("Panel report due (5 working days)", s3.report_due_on))
        rows.append(
            DateRow("Panel report sent", sent, words="Not yet", tag=tag, tag_class=tag_class)
        )
    if s3.response_due_on:
        tag, tag_class = _met(s3.response_sent_on, s3.response_due_on, today)
        rows.append(DateRow("Council response due (15 working days)", s3.response_due_on))
        rows.append(
            DateRow(
                "Council response sent",
                s3.response_sent_on,
                words="Not yet",
                tag=tag,
                tag_class=tag_class,
            )
        )
    return rows


def records_access_status(complaint: Complaint) -> str:
    """Rule 23, in the words the investigators need."""
    s2 = getattr(complaint, "stage2", None)
    if s2 is not None and s2.records_access_granted_on:
        return f"Access given on {s2.records_access_granted_on:%-d %B %Y}"
    if records_basis_recorded(complaint):
        return "Consent recorded: access not yet given"
    return "Blocked until consent is recorded"


# Decisions made before or during Stage 1: all a Stage 1 responder may read (ADR 022).
STAGE1_DECISIONS = frozenset(
    {
        DecisionKind.OUT_OF_TIME,
        DecisionKind.SUFFICIENT_INTEREST,
        DecisionKind.DEFERRAL,
        DecisionKind.STAGE1_EXTENSION,
    }
)


@dataclass
class CasePage:
    """What the case page shows, worked out once from the prefetched complaint."""

    complaint: Complaint
    status_tag: str
    overdue: bool
    eligible_for_stage2: bool
    stage1_dates: list[DateRow]
    stage2_dates: list[DateRow]
    stage3_dates: list[DateRow]
    tasks: list[Task]
    # "What you can do", grouped by stage with the next step first (``complaints.case_summary``).
    offer_groups: list[OfferGroup]
    records_access: str
    records_access_given: bool
    non_engagement_warning: bool
    decisions: list[Decision] = field(default_factory=list)
    # False for a Stage 1 responder: the Stage 2 and 3 sections are left out (ADR 022).
    shows_later_stages: bool = True
    timeline: list[TimelineEntry] = field(default_factory=list)

    repeat_warnings: list[RepeatFinding] = field(default_factory=list)
    # The registered sections to show, by place on the page (``complaints.sections``).
    sections: dict[str, list[ShownSection]] = field(default_factory=dict)
    changed_texts: list[ChangedText] = field(default_factory=list)
    # Which personal details of the family this person's role needs (decision 027).
    disclosure: Disclosure = NOTHING
    stage1_tasks: list[Task] = field(default_factory=list)
    stage3_tasks: list[Task] = field(default_factory=list)
    next_step: NextStep | None = None
    deadlines: list[DeadlineRow] = field(default_factory=list)

    @property
    def contents(self) -> list[tuple[str, str]]:
        """The in-page navigation: (anchor, words) for each section the page shows, in page
        order. A stage the case has not reached, or this person may not see, has no section
        and so no link."""
        links = [("summary", "Summary"), ("complaint", "The complaint"), ("people", "People")]
        if self.stage1_dates or self.stage1_tasks:
            links.append(("stage-1", "Stage 1"))
        if self.stage2_dates or self.tasks:
            links.append(("stage-2", "Stage 2"))
        if self.stage3_dates or self.stage3_tasks:
            links.append(("stage-3", "Stage 3"))
        shown = {s.key for place in self.sections.values() for s in place}
        for section in self.sections.get("main", []):
            registered = SECTIONS.get(section.key)
            if registered is not None and registered.contents is not None:
                links.append(registered.contents)
        if "ombudsman" in shown:
            links.append(("ombudsman", "Ombudsman"))
        if "agreed_actions" in shown:
            links.append(("agreed-actions", "Agreed actions"))
        links.append(("timeline", "What has happened"))
        return links

    @classmethod
    def build(cls, complaint: Complaint, user: Any, today: date) -> CasePage:
        steps = load_steps()
        idle = idle_steps(complaint)
        may_fire = [e for e in events_for(user, complaint) if e in steps and e not in idle]
        s1 = getattr(complaint, "stage1", None)
        s2 = getattr(complaint, "stage2", None)
        # Contact attempts and records consents are Stage 2's: not read before it.
        attempts = complaint.contact_attempts.all() if s2 is not None else []
        unanswered = [a for a in attempts if a.outcome == "unanswered"]
        # Only what the timeline shows is read, as plain values: a long case has fifty events
        # or more, and making each a model (its details parsed from JSON) and its author a
        # user cost more than laying the timeline out.
        events = (
            CaseEvent.objects.filter(complaint_id=complaint.pk)
            .order_by("-at", "-id")
            .values(*TIMELINE_FIELDS)
        )
        later = sees_later_stages(user, complaint)
        timeline = [
            e for e in events if later or stage_of(e["to_state"] or e["from_state"], 1) == 1
        ]
        calendar = current_calendar()
        # Each stage's task list while it is the stage's work; after, the dates card and the
        # timeline keep the record. A refused request has no work left, so no task list.
        tasks_1 = (
            stage1_tasks(complaint, may_fire=may_fire)
            if complaint.stage == 1 and complaint.status in STAGE1_WORK
            else []
        )
        # The Stage 2 task list is the work of Stage 2: once at Stage 3 it is history, and
        # the Stage 2 dates card and the timeline keep the record.
        tasks_2 = (
            stage2_tasks(complaint, may_fire=may_fire)
            if complaint.stage == 2 and later and complaint.status != Status.STAGE2_REFUSED
            else []
        )
        tasks_3 = (
            stage3_tasks(complaint, may_fire=may_fire)
            if complaint.stage == 3 and later and complaint.status != Status.STAGE3_REFUSED
            else []
        )
        step = next_step(complaint, [*tasks_1, *tasks_2, *tasks_3])
        next_event = step.event if step else ""
        sections = shown_sections(complaint, user, today)
        return cls(
            complaint=complaint,
            status_tag=STATUS_TAGS.get(complaint.status, ""),
            overdue=complaint.is_overdue(today),
            eligible_for_stage2=complaint.status == Status.STAGE1_OPEN
            and s1 is not None
            and s1.response_sent_on is None
            and is_eligible_for_stage2_on_request(complaint, today),
            stage1_dates=stage1_dates(complaint),
            stage2_dates=stage2_dates(complaint, today, calendar) if later else [],
            stage3_dates=stage3_dates(complaint, today) if later else [],
            tasks=tasks_2,
            stage1_tasks=tasks_1,
            stage3_tasks=tasks_3,
            offer_groups=what_you_can_do(complaint, may_fire, next_event),
            next_step=step,
            deadlines=deadline_rows(complaint, today, calendar),
            records_access=records_access_status(complaint) if s2 is not None else "",
            records_access_given=bool(s2 and s2.records_access_granted_on),
            non_engagement_warning=is_complaints_manager(user) and len(unanswered) >= 2,
            # A Stage 1 responder reads only the decisions of the stages they may see.
            decisions=[d for d in complaint.decisions.all() if later or d.kind in STAGE1_DECISIONS],
            shows_later_stages=later,
            timeline=[_entry(event) for event in timeline],
            repeat_warnings=repeat_warnings_for(user, complaint),
            sections=sections,
            disclosure=disclosure_for(user, complaint),
            changed_texts=(
                changed_texts(complaint.pk) if getattr(complaint, CHANGED_TEXTS_FLAG, True) else []
            ),
        )


# Statuses in which intake and Stage 1 still have work (not handed over, refused or closed).
STAGE1_WORK = frozenset({Status.INTAKE, Status.STAGE1_OPEN, Status.STAGE1_RESPONDED})


@dataclass(frozen=True)
class TimelineEntry:
    """One event of "What has happened", its dates already in words.

    A long case has fifty events or more, and formatting each one's dates with template
    filters (a time-zone conversion and a format per use) was over a third of the page's
    rendering time; ``strftime`` on the local time, once per event, gives the same words."""

    summary: str
    by: str
    role: str
    at_iso: str  # as the template filter "c" writes it
    at_words: str  # "2 March 2026 at 9:05am"
    happened_iso: str  # set only when it happened on another day than it was recorded
    happened_words: str


# The columns of a case event the timeline reads (``_entry``).
TIMELINE_FIELDS = (
    "summary",
    "at",
    "happened_on",
    "acting_as",
    "by_id",
    "by__first_name",
    "by__last_name",
    "by__username",
    "from_state",
    "to_state",
)


def _entry(event: dict[str, Any]) -> TimelineEntry:
    """One timeline entry from an event's ``TIMELINE_FIELDS``."""
    at = timezone.localtime(event["at"])
    happened = event["happened_on"]
    later = happened is not None and happened != at.date()
    by = ""
    if event["by_id"]:
        by = person_name(event["by__first_name"], event["by__last_name"], event["by__username"])
    acting_as = event["acting_as"]
    return TimelineEntry(
        summary=event["summary"],
        by=by,
        role=role_label(acting_as) if acting_as and event["by_id"] else "",
        at_iso=at.isoformat(),
        at_words=f"{at:%-d %B %Y} at {at:%-I:%M}{at:%p}".replace("AM", "am").replace("PM", "pm"),
        happened_iso=happened.isoformat() if later and happened else "",
        happened_words=f"{happened:%A %-d %B %Y}" if later and happened else "",
    )


@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case: who, what, when it is due, what is done and next, and what has happened."""
    # One read of the case, its one-to-ones and which relations have rows; then only the
    # relations the case's stage can have rows in.
    complaint = read_for_request(request, pk, read_case)
    prefetch(complaint, without_empty(complaint, case_prefetches(complaint)))
    page = CasePage.build(complaint, request.user, timezone.localdate())
    return render(request, "complaints/detail.html", {"complaint": complaint, "page": page})
