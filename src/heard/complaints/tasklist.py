"""The Stage 2 task list on the case page: what has been done, what is next, what must wait.

Plain Python over the stored data, so it can be tested without a browser and reused by the
API. Each task's status is worked out from the fields and records the actions keep (never from
the audit log's wording), and a task links to its step only when the signed-in person may fire
that event now and the step has a form.

The complaint should come with its relations prefetched (see ``views.case_page.case_queryset``):
every question here reads ``.all()`` on a relation, so the whole list costs no extra queries.
Like ``guards``, this module reaches investigation and decision records through the
complaint's relations, so it imports no app that depends on complaints.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.urls import reverse
from django.utils import timezone

from heard.complaints import guards
from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole
from heard.complaints.models.choices import Status as S
from heard.complaints.workflow import WORKFLOW


class TaskStatus(StrEnum):
    """The four states GOV.UK's task list pattern uses, in our words."""

    COMPLETED = "Completed"
    IN_PROGRESS = "In progress"
    NOT_STARTED = "Not yet started"
    CANNOT_START = "Cannot start yet"


# The GOV.UK tag for each status; "Completed" and "Cannot start yet" are plain text.
STATUS_TAGS: dict[TaskStatus, str] = {
    TaskStatus.IN_PROGRESS: "govuk-tag--light-blue",
    TaskStatus.NOT_STARTED: "govuk-tag--blue",
}


@dataclass(frozen=True)
class Task:
    key: str
    name: str
    status: TaskStatus
    url: str | None = None
    hint: str = ""
    # The workflow event behind the task, so the case page can name it as the next step.
    event: str = ""
    # The records behind a task, one line each (every interview, every records request).
    items: tuple[str, ...] = ()

    @property
    def tag_class(self) -> str | None:
        return STATUS_TAGS.get(self.status)

    @property
    def cannot_start(self) -> bool:
        return self.status == TaskStatus.CANNOT_START


# Statuses from which the investigation has begun, and from which it is over.
_INVESTIGATING = {S.STAGE2_INVESTIGATION, S.STAGE2_ADJUDICATION, S.STAGE2_COMPLETE}
_REPORT_STAGE = {S.STAGE2_ADJUDICATION, S.STAGE2_COMPLETE}


def _current(complaint: Complaint, role: str) -> bool:
    return any(a.role == role and a.ended_on is None for a in complaint.appointments.all())


def _has_finding(point: Any) -> bool:
    return hasattr(point, "finding")


def _has_ip_view(point: Any) -> bool:
    return hasattr(point, "ip_view")


@dataclass(frozen=True)
class _Facts:
    """What the task statuses are worked out from, read once from the prefetched case."""

    complaint: Complaint
    stage2: Any
    report: Any
    points: list[Any]
    accepted: bool
    investigating: bool
    agreed: bool

    @classmethod
    def read(cls, complaint: Complaint) -> _Facts:
        stage2 = getattr(complaint, "stage2", None)
        return cls(
            complaint=complaint,
            stage2=stage2,
            report=getattr(complaint, "investigation_report", None),
            points=list(complaint.points.all()),
            accepted=bool(stage2 and stage2.accepted_on),
            investigating=bool(stage2 and stage2.investigation_started_on)
            or complaint.status in _INVESTIGATING,
            agreed=bool(stage2 and stage2.statement_agreed_on),
        )


def _status(done: bool, *, started: bool = False, can_start: bool = True) -> TaskStatus:
    if done:
        return TaskStatus.COMPLETED
    if started:
        return TaskStatus.IN_PROGRESS
    if not can_start:
        return TaskStatus.CANNOT_START
    return TaskStatus.NOT_STARTED


def _accept(f: _Facts) -> tuple[TaskStatus, str]:
    return _status(f.accepted), ""


def _appoint(role: str) -> Callable[[_Facts], tuple[TaskStatus, str]]:
    def status(f: _Facts) -> tuple[TaskStatus, str]:
        done = _current(f.complaint, role)
        return _status(done, can_start=f.accepted), "" if f.accepted else "After acceptance"

    return status


def _copies(f: _Facts) -> tuple[TaskStatus, str]:
    sent = len(f.complaint.copies_sent.all())
    hint = f"{sent} cop{'y' if sent == 1 else 'ies'} sent" if sent else ""
    return _status(bool(sent), can_start=f.accepted), hint


def _start(f: _Facts) -> tuple[TaskStatus, str]:
    blocked = (
        guards.has_investigating_officer(f.complaint)
        or guards.has_independent_person_if_statutory(f.complaint)
        or ("" if f.accepted else "Accept the request first.")
    )
    return _status(f.investigating, can_start=not blocked), "" if f.investigating else blocked or ""


def _first_contact(f: _Facts) -> tuple[TaskStatus, str]:
    done = bool(f.stage2 and f.stage2.first_contact_on)
    return _status(done, can_start=f.investigating), ""


def _statement(f: _Facts) -> tuple[TaskStatus, str]:
    hint = f"{len(f.points)} point{'s' if len(f.points) != 1 else ''}" if f.points else ""
    return _status(f.agreed, started=bool(f.points), can_start=f.investigating), hint


def _agreed(f: _Facts) -> tuple[TaskStatus, str]:
    return _status(f.agreed, can_start=bool(f.points)), ""


def _records(f: _Facts) -> tuple[TaskStatus, str]:
    granted = bool(f.stage2 and f.stage2.records_access_granted_on)
    basis = records_basis_recorded(f.complaint)
    hint = "Consent recorded; access not yet given" if basis and not granted else ""
    return _status(granted, started=basis, can_start=f.investigating), hint


def _all_or_some(items: list[Any], done: Callable[[Any], bool]) -> tuple[bool, bool]:
    finished = sum(1 for item in items if done(item))
    return bool(items) and finished == len(items), bool(items)


def _plan(f: _Facts) -> tuple[TaskStatus, str]:
    items = len(f.complaint.plan_items.all())
    finished = f.complaint.status in _REPORT_STAGE
    hint = f"{items} item{'s' if items != 1 else ''}" if items else ""
    return _status(finished and bool(items), started=bool(items), can_start=f.investigating), hint


def _interviews(f: _Facts) -> tuple[TaskStatus, str]:
    interviews = list(f.complaint.interviews.all())
    done, started = _all_or_some(interviews, lambda i: i.notes_agreed_on is not None)
    agreed = sum(1 for i in interviews if i.notes_agreed_on)
    hint = f"{agreed} of {len(interviews)} with agreed notes" if interviews else ""
    return _status(done, started=started, can_start=f.investigating), hint


def _interview_items(complaint: Complaint) -> tuple[str, ...]:
    lines = []
    for i in complaint.interviews.all():
        agreed = f"notes agreed {i.notes_agreed_on:%-d %B %Y}" if i.notes_agreed_on else ""
        when = timezone.localtime(i.starts_at)
        lines.append(f"{i.interviewee}, {when:%-d %B %Y}: {agreed or 'notes not yet agreed'}")
    return tuple(lines)


def _records_request_items(complaint: Complaint) -> tuple[str, ...]:
    return tuple(
        f"{r.description} from {r.requested_from}: "
        + (f"received {r.received_on:%-d %B %Y}" if r.received_on else f"due {r.due_on:%-d %B %Y}")
        for r in complaint.records_requests.all()
    )


def _records_requests(f: _Facts) -> tuple[TaskStatus, str]:
    requests = list(f.complaint.records_requests.all())
    done, started = _all_or_some(requests, lambda r: r.received_on is not None)
    received = sum(1 for r in requests if r.received_on)
    hint = f"{received} of {len(requests)} received" if requests else ""
    return _status(done, started=started, can_start=f.investigating), hint


def _findings(f: _Facts) -> tuple[TaskStatus, str]:
    done, _ = _all_or_some(f.points, _has_finding)
    found = sum(1 for p in f.points if _has_finding(p))
    hint = f"{found} of {len(f.points)} points" if f.points else ""
    return _status(done, started=found > 0, can_start=f.agreed), hint


def _fact_check(f: _Facts) -> tuple[TaskStatus, str]:
    sent = bool(f.report and f.report.fact_check_sent_on)
    returned = bool(f.report and f.report.fact_check_returned_on)
    every = bool(f.points) and guards.every_point_has_a_finding(f.complaint) is None
    return _status(returned, started=sent, can_start=every), ""


def _report(f: _Facts) -> tuple[TaskStatus, str]:
    final = bool(f.report and f.report.final_on)
    returned = bool(f.report and f.report.fact_check_returned_on)
    return _status(final, can_start=returned and f.agreed), ""


def _ip_report(f: _Facts) -> tuple[TaskStatus, str]:
    final = bool(f.report and f.report.final_on)
    submitted = hasattr(f.complaint, "ip_report")
    viewed = sum(1 for p in f.points if _has_ip_view(p))
    hint = f"Views on {viewed} of {len(f.points)} findings" if viewed and not submitted else ""
    return _status(submitted, started=viewed > 0, can_start=final), hint


def _adjudication(f: _Facts) -> tuple[TaskStatus, str]:
    done = bool(f.stage2 and f.stage2.adjudication_date)
    ready = f.complaint.status in _REPORT_STAGE and (
        guards.has_ip_report_if_statutory(f.complaint) is None
    )
    hint = "" if done or not ready else (guards.has_adjudicator(f.complaint) or "")
    return _status(done, can_start=ready), hint


def _letter(f: _Facts) -> tuple[TaskStatus, str]:
    sent = bool(f.stage2 and f.stage2.adjudication_letter_sent_on)
    adjudicated = bool(f.stage2 and f.stage2.adjudication_date)
    return _status(sent, can_start=adjudicated), ""


@dataclass(frozen=True)
class _Row:
    key: str
    name: str
    status: Callable[[_Facts], tuple[TaskStatus, str]]
    # The event to link to; a function when it depends on progress (e.g. consent, then access).
    event: str | Callable[[_Facts], str]
    only_if: Callable[[Complaint], bool] | None = None
    # Can be done again once complete (another appointment, copy, plan item or request);
    # other tasks stop linking once complete, as their step would only refuse.
    repeatable: bool = False
    # Answers the step's first question for it (the role, on the appoint page).
    query: str = ""
    # The records listed under the task (interviews, records requests).
    items: Callable[[Complaint], tuple[str, ...]] | None = None
    # The task's name once done, when doing it again changes what was done rather than adding
    # to it ("Change the Investigating Officer": a new appointment replaces the current one).
    done_name: str = ""


def _records_event(f: _Facts) -> str:
    return "grant_records_access" if records_basis_recorded(f.complaint) else "record_consent"


def _fact_check_event(f: _Facts) -> str:
    sent = bool(f.report and f.report.fact_check_sent_on)
    return "return_fact_check" if sent else "send_fact_check"


def _ip_event(f: _Facts) -> str:
    every = bool(f.points) and all(_has_ip_view(p) for p in f.points)
    return "submit_ip_report" if every else "record_ip_view"


ROWS: tuple[_Row, ...] = (
    _Row("accept", "Accept the Stage 2 request", _accept, "accept_stage2"),
    _Row(
        "appoint_io",
        "Appoint the Investigating Officer",
        _appoint(AppointmentRole.INVESTIGATING_OFFICER),
        "appoint",
        repeatable=True,
        done_name="Change the Investigating Officer",
        query=f"?role={AppointmentRole.INVESTIGATING_OFFICER}",
    ),
    _Row(
        "appoint_ip",
        "Appoint the Independent Person",
        _appoint(AppointmentRole.INDEPENDENT_PERSON),
        "appoint",
        only_if=guards.needs_independent_person,
        repeatable=True,
        done_name="Change the Independent Person",
        query=f"?role={AppointmentRole.INDEPENDENT_PERSON}",
    ),
    _Row(
        "copies",
        "Send copies of the complaint to those involved",
        _copies,
        "send_copy",
        repeatable=True,
    ),
    _Row("start", "Start the investigation", _start, "start_investigation"),
    _Row(
        "first_contact",
        "Record first contact with the complainant",
        _first_contact,
        "record_first_contact",
    ),
    _Row("statement", "Write the Statement of Complaint", _statement, "save_statement"),
    _Row(
        "agreed", "Record the complainant's agreement to the statement", _agreed, "agree_statement"
    ),
    _Row("records", "Consent to access records, then give access", _records, _records_event),
    _Row("plan", "Plan the investigation", _plan, "add_plan_item", repeatable=True),
    _Row(
        "interviews",
        "Interviews",
        _interviews,
        "book_interview",
        repeatable=True,
        items=_interview_items,
    ),
    _Row(
        "records_requests",
        "Ask staff for records",
        _records_requests,
        "request_records",
        repeatable=True,
        items=_records_request_items,
    ),
    _Row("findings", "Record a finding on every complaint point", _findings, "record_finding"),
    _Row("fact_check", "Fact-check the draft report", _fact_check, _fact_check_event),
    _Row("report", "Make the Investigating Officer's report final", _report, "finalise_report"),
    _Row(
        "ip_report",
        "The Independent Person's report",
        _ip_report,
        _ip_event,
        only_if=guards.needs_independent_person,
    ),
    _Row("adjudication", "Adjudication: a decision on every finding", _adjudication, "adjudicate"),
    _Row("letter", "Send the adjudication letter", _letter, "send_adjudication_letter"),
)


def records_basis_recorded(complaint: Complaint) -> bool:
    """Rule 23: signed consent, or another lawful basis, is on file (read from the prefetch)."""
    return any(
        c.signed_on or c.other_lawful_basis.strip() for c in complaint.records_consents.all()
    )


def stage2_tasks(complaint: Complaint, *, may_fire: Collection[str]) -> list[Task]:
    """The Stage 2 tasks for this complaint, each linked when its event is in ``may_fire``.

    ``may_fire`` is the set of events the viewer may fire now that have a step form (the view
    passes ``access.events_for`` filtered by the step registry). A task that cannot start yet
    is never a link (GOV.UK's task list pattern), nor is a finished one that cannot be done
    again. An empty list means the complaint has no Stage 2 yet.
    """
    if getattr(complaint, "stage2", None) is None:
        return []
    return _tasks(complaint, ROWS, may_fire)


def _tasks(complaint: Complaint, rows: tuple[_Row, ...], may_fire: Collection[str]) -> list[Task]:
    facts = _Facts.read(complaint)
    tasks = []
    for row in rows:
        if row.only_if is not None and not row.only_if(complaint):
            continue
        status, hint = row.status(facts)
        event = row.event(facts) if callable(row.event) else row.event
        url = None
        finished = status == TaskStatus.COMPLETED and not row.repeatable
        if event in may_fire and status != TaskStatus.CANNOT_START and not finished:
            url = (
                reverse(
                    "complaints:step",
                    kwargs={"pk": complaint.pk, "event": event.replace("_", "-")},
                )
                + row.query
            )
        items = row.items(complaint) if row.items is not None else ()
        name = row.done_name if status == TaskStatus.COMPLETED and row.done_name else row.name
        tasks.append(Task(row.key, name, status, url, hint, event, items))
    return tasks


# -- intake and Stage 1 --------------------------------------------------------------------


def _stage1(f: _Facts) -> Any:
    return getattr(f.complaint, "stage1", None)


def _classify(f: _Facts) -> tuple[TaskStatus, str]:
    return _status(guards.is_classified(f.complaint) is None), ""


def _advocacy(f: _Facts) -> tuple[TaskStatus, str]:
    return _status(f.complaint.advocacy_offered_on is not None), ""


def _acknowledge(f: _Facts) -> tuple[TaskStatus, str]:
    return _status(f.complaint.acknowledged_on is not None), ""


def _start_stage1(f: _Facts) -> tuple[TaskStatus, str]:
    if _stage1(f) is not None:
        return TaskStatus.COMPLETED, ""
    # The same guards that refuse the step on Save, in the table's order.
    blocked = next(
        (reason for guard in START_STAGE1_GUARDS if (reason := guard(f.complaint))), None
    )
    return _status(False, can_start=blocked is None), blocked or ""


def _responder(f: _Facts) -> tuple[TaskStatus, str]:
    named = any(a.role == AppointmentRole.STAGE1_RESPONDER for a in f.complaint.appointments.all())
    return _status(named, can_start=_stage1(f) is not None), ""


def _stage1_response(f: _Facts) -> tuple[TaskStatus, str]:
    s1 = _stage1(f)
    return _status(bool(s1 and s1.response_sent_on), can_start=s1 is not None), ""


# The table's own guards, so the task list asks exactly what Save does.
START_STAGE1_GUARDS = WORKFLOW[S.INTAKE]["start_stage1"].guards

STAGE1_ROWS: tuple[_Row, ...] = (
    _Row("classify", "Decide which procedure applies", _classify, "classify", repeatable=True),
    _Row(
        "advocacy",
        "Offer an advocate",
        _advocacy,
        "record_advocacy",
        only_if=guards.needs_advocacy_offer,
    ),
    _Row("acknowledge", "Acknowledge the complaint", _acknowledge, "acknowledge"),
    _Row("start_stage1", "Start Stage 1", _start_stage1, "start_stage1"),
    _Row("responder", "Assign the Stage 1 responder", _responder, "assign_responder"),
    _Row(
        "stage1_response", "Send the Stage 1 response", _stage1_response, "record_stage1_response"
    ),
)


def stage1_tasks(complaint: Complaint, *, may_fire: Collection[str]) -> list[Task]:
    """Intake and Stage 1, from recording the complaint to the response."""
    return _tasks(complaint, STAGE1_ROWS, may_fire)


# -- Stage 3 -------------------------------------------------------------------------------


def _stage3(f: _Facts) -> Any:
    return getattr(f.complaint, "stage3", None)


def _accept3(f: _Facts) -> tuple[TaskStatus, str]:
    s3 = _stage3(f)
    return _status(bool(s3 and s3.accepted_on)), ""


def _accepted3(f: _Facts) -> bool:
    s3 = _stage3(f)
    return bool(s3 and s3.accepted_on)


def _panel(f: _Facts) -> tuple[TaskStatus, str]:
    current = [
        a
        for a in f.complaint.appointments.all()
        if a.ended_on is None
        and a.role in (AppointmentRole.PANEL_CHAIR, AppointmentRole.PANEL_MEMBER)
    ]
    complete = guards.panel_is_complete(f.complaint) is None
    hint = f"{len(current)} of 3 appointed" if current and not complete else ""
    if not _accepted3(f):
        hint = "After acceptance"
    return _status(complete, started=bool(current), can_start=_accepted3(f)), hint


def _schedule(f: _Facts) -> tuple[TaskStatus, str]:
    s3 = _stage3(f)
    hint = f"{s3.meeting_on:%-d %B %Y}" if s3 and s3.meeting_on else ""
    return _status(bool(s3 and s3.meeting_on), can_start=_accepted3(f)), hint


def _counted(items: list[Any], what: str) -> str:
    return f"{len(items)} {what}{'s' if len(items) != 1 else ''}" if items else ""


def _submissions(f: _Facts) -> tuple[TaskStatus, str]:
    made = list(f.complaint.panel_submissions.all())
    s3 = _stage3(f)
    met = bool(s3 and s3.met_on)
    return (
        _status(met and bool(made), started=bool(made), can_start=_accepted3(f)),
        _counted(made, "submission"),
    )


def _attendees(f: _Facts) -> tuple[TaskStatus, str]:
    named = list(f.complaint.panel_attendees.all())
    s3 = _stage3(f)
    met = bool(s3 and s3.met_on)
    return (
        _status(met and bool(named), started=bool(named), can_start=_accepted3(f)),
        _counted(named, "person"),
    )


def _hold(f: _Facts) -> tuple[TaskStatus, str]:
    s3 = _stage3(f)
    if s3 and s3.met_on:
        return TaskStatus.COMPLETED, ""
    blocked = guards.panel_is_complete(f.complaint) or guards.panel_meeting_scheduled(f.complaint)
    return _status(False, can_start=blocked is None), blocked or ""


def _panel_report(f: _Facts) -> tuple[TaskStatus, str]:
    s3 = _stage3(f)
    sent = hasattr(f.complaint, "panel_report")
    return _status(sent, can_start=bool(s3 and s3.met_on)), ""


def _council_response(f: _Facts) -> tuple[TaskStatus, str]:
    s3 = _stage3(f)
    sent = bool(s3 and s3.response_sent_on)
    return _status(sent, can_start=hasattr(f.complaint, "panel_report")), ""


def _submission_items(complaint: Complaint) -> tuple[str, ...]:
    return tuple(
        f"{s.name}, {s.received_on:%-d %B %Y}{' (in person)' if s.oral else ''}"
        for s in complaint.panel_submissions.all()
    )


STAGE3_ROWS: tuple[_Row, ...] = (
    _Row("accept3", "Accept the Stage 3 request", _accept3, "accept_stage3"),
    _Row(
        "panel",
        "Appoint the panel: a chair and two members",
        _panel,
        "appoint",
        repeatable=True,
        query=f"?role={AppointmentRole.PANEL_CHAIR}",
    ),
    _Row(
        "schedule",
        "Set the date of the panel meeting",
        _schedule,
        "schedule_panel",
        repeatable=True,
    ),
    _Row(
        "submissions",
        "Record what was submitted to the panel",
        _submissions,
        "record_submission",
        repeatable=True,
        items=_submission_items,
    ),
    _Row(
        "attendees", "Record who attends the panel", _attendees, "record_attendee", repeatable=True
    ),
    _Row("hold", "Record that the panel met", _hold, "hold_panel"),
    _Row("panel_report", "Send the panel report", _panel_report, "issue_panel_report"),
    _Row(
        "council_response",
        "Send the council's response to the panel",
        _council_response,
        "respond_to_panel",
    ),
)


def stage3_tasks(complaint: Complaint, *, may_fire: Collection[str]) -> list[Task]:
    """Stage 3, from the request to the council's response. Empty before any request."""
    if getattr(complaint, "stage3", None) is None:
        return []
    return _tasks(complaint, STAGE3_ROWS, may_fire)
