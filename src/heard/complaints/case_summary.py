"""What the top of the case page says, and what it offers: the next step and who it waits on,
every running deadline with the working days left, and "What you can do" grouped by stage.

Plain Python over the complaint ``views.case_page.case_queryset`` fetched, so it reads no more
queries however much is recorded, and can be tested without a browser (decision 026).

A step the workflow allows this person now is offered in one of three ways:

- as a link, when every guard in the workflow table passes;
- as text with the guard's reason, when a guard refuses it now ("Appoint an Investigating
  Officer first."): the same ``transitions.first_refusal`` that refuses it on Save, so the
  page and the step can never disagree;
- not at all, when the guard that refuses it says it is already done and cannot be done again
  (``guards.ALREADY_DONE``: an agreed statement is not offered for editing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from heard.complaints import guards
from heard.complaints.models import Complaint
from heard.complaints.models.choices import ENDED_STATUSES
from heard.complaints.models.choices import Status as S
from heard.complaints.tasklist import Task, TaskStatus
from heard.complaints.transitions import first_refusal
from heard.complaints.workflow import ANY_POINT_EVENTS, CM, CO, EVENT_LABELS, WORKFLOW
from heard.timescales.calendar import Calendar, OutsideCalendar

# The step that moves each status on, when no task list says more precisely what is next.
MAIN_STEP: dict[str, str] = {
    S.INTAKE: "start_stage1",
    S.STAGE1_OPEN: "record_stage1_response",
    S.STAGE2_REQUESTED: "accept_stage2",
    S.STAGE2_SETUP: "start_investigation",
    S.STAGE2_INVESTIGATION: "finalise_report",
    S.STAGE2_ADJUDICATION: "send_adjudication_letter",
    S.STAGE3_REQUESTED: "accept_stage3",
    S.STAGE3_PANEL: "hold_panel",
    S.STAGE3_REPORT: "issue_panel_report",
    S.STAGE3_RESPONSE: "respond_to_panel",
}

# Who does a step, in words: the person appointed to do it before the team that may also.
ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("appointed:investigating_officer", "the Investigating Officer"),
    ("appointed:independent_person", "the Independent Person"),
    ("appointed:adjudicator", "the adjudicating officer"),
    ("appointed:stage1_responder", "the Stage 1 responder"),
    ("appointed:panel_chair", "the panel chair"),
    (CO, "the complaints team"),
    (CM, "the Complaints Manager"),
)

# Steps open at any point, grouped by what they are about; anything else there is the record.
ANY_POINT_GROUPS: dict[str, str] = {
    "record_ombudsman_case": "Ombudsman",
    "record_ombudsman_decision": "Ombudsman",
    "add_remedy": "Ombudsman",
    "record_remedy_evidence": "Ombudsman",
    "complete_action": "Agreed actions",
    "sign_off_action": "Agreed actions",
}
RECORD_GROUP = "The case record"
GROUP_ORDER = ("Agreed actions", "Ombudsman", RECORD_GROUP)


def stage_words(complaint: Complaint) -> str:
    if complaint.status == S.INTAKE:
        return "Intake"
    return f"Stage {complaint.stage}"


def waits_on(complaint: Complaint, event: str) -> str:
    """Who may do ``event`` in the complaint's status, in words (the appointed role first)."""
    transition = WORKFLOW.get(complaint.status, {}).get(event)
    if transition is None:
        return ""
    for role, words in ROLE_WORDS:
        if role in transition.allowed:
            return words
    return ""


@dataclass(frozen=True)
class Offer:
    """One step in "What you can do": a link, or (with ``reason``) text saying why not now."""

    event: str
    label: str
    url: str = ""
    reason: str = ""


@dataclass
class OfferGroup:
    title: str
    offers: list[Offer] = field(default_factory=list)


@dataclass(frozen=True)
class NextStep:
    event: str
    label: str
    waits_on: str
    reason: str = ""


def _offer(complaint: Complaint, event: str, url: str) -> Offer | None:
    refused = first_refusal(complaint, event)
    if refused is None:
        return Offer(event, EVENT_LABELS[event], url)
    guard, reason = refused
    if guard in guards.ALREADY_DONE:
        return None
    return Offer(event, EVENT_LABELS[event], reason=reason)


def step_url(complaint: Complaint, event: str) -> str:
    return reverse("complaints:step", kwargs={"pk": complaint.pk, "event": event.replace("_", "-")})


def next_step(complaint: Complaint, tasks: Iterable[Task]) -> NextStep | None:
    """The step that moves the case on: the first task not done and not waiting on another,
    else the status's main step (with the reason when a guard holds it up). None once the
    procedure has ended."""
    if complaint.status in ENDED_STATUSES:
        return None
    for task in tasks:
        if task.status in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS) and task.event:
            if waits_on(complaint, task.event):
                return NextStep(task.event, task.name, waits_on(complaint, task.event))
    event = MAIN_STEP.get(complaint.status)
    if event is None:
        return None
    refused = first_refusal(complaint, event)
    reason = refused[1] if refused else ""
    return NextStep(event, EVENT_LABELS[event], waits_on(complaint, event), reason)


def what_you_can_do(
    complaint: Complaint, may_fire: Iterable[str], next_event: str = ""
) -> list[OfferGroup]:
    """The steps this person may take, grouped: this stage first (its next step at the top),
    then agreed actions, the Ombudsman and the case record."""
    stage = OfferGroup(stage_words(complaint))
    others: dict[str, OfferGroup] = {title: OfferGroup(title) for title in GROUP_ORDER}
    for event in may_fire:
        offer = _offer(complaint, event, step_url(complaint, event))
        if offer is None:
            continue
        if event in ANY_POINT_EVENTS and event != next_event:
            others[ANY_POINT_GROUPS.get(event, RECORD_GROUP)].offers.append(offer)
        else:
            stage.offers.append(offer)
    stage.offers.sort(key=lambda o: o.event != next_event)
    groups = [stage, *others.values()]
    return [group for group in groups if group.offers]


@dataclass(frozen=True)
class DeadlineRow:
    """One running deadline in the summary: what, when, who it waits on, and how close."""

    label: str
    due_on: date
    waits_on: str
    days_left: int | None
    overdue_by: int | None

    @property
    def when(self) -> str:
        if self.overdue_by:
            return f"Overdue by {self.overdue_by} working day{'s' if self.overdue_by != 1 else ''}"
        if self.days_left == 0:
            return "Due today"
        if self.days_left is None:
            return ""
        return f"{self.days_left} working day{'s' if self.days_left != 1 else ''} left"


def deadline_rows(complaint: Complaint, today: date, calendar: Calendar) -> list[DeadlineRow]:
    """Every deadline running on the case, soonest first, from the stored table the lists
    read (``deadlines.store_running``), so the summary and the work queue agree."""
    rows = []
    for stored in sorted(complaint.running_deadlines.all(), key=lambda d: (d.due_on, d.pk)):
        left: int | None
        past: int | None
        try:
            if stored.due_on >= today:
                left, past = calendar.working_days_between(today, stored.due_on), None
            else:
                left, past = None, calendar.working_days_between(stored.due_on, today)
        except OutsideCalendar:
            days = (stored.due_on - today).days
            left, past = (days, None) if days >= 0 else (None, -days)
        rows.append(DeadlineRow(stored.label, stored.due_on, stored.waits_on, left, past))
    return rows
