"""Letters from the second half of Stage 2: the investigation's interviews and records, the
extension, the fact-check of the draft report and the adjudication letter; and the delay
letters that ``heard tick`` drafts when a response's due date is near (``documents.delays``).

Two of them go to staff rather than to the complainant (an interview notice, a request for
records): they are addressed to the person named on the interview or the request, are about
that one interview or request (``Recipient.data``), and copy no advocate.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from heard.complaints.models import Stage2
from heard.complaints.models.choices import AppointmentRole
from heard.decisions.actions import send_adjudication_letter
from heard.documents.case_data import words
from heard.documents.catalogue import Letter, Recipient, register_letter
from heard.documents.sending import COMPLETES
from heard.investigations.models import Interview, RecordsRequest
from heard.people.models import User
from heard.timescales.dates import long_date
from heard.timescales.rules import rule
from heard.timescales.snapshot import current_calendar

if TYPE_CHECKING:
    from datetime import datetime

    from heard.audit.models import CaseEvent
    from heard.complaints.models import Complaint

# Not a statutory figure: time enough to read the draft and reply, short enough that Stage 2
# can still finish within its 25 working days.
FACT_CHECK_WORKING_DAYS = 5

# The event names ``documents.delays`` writes when a due date is near and nothing is sent.
STAGE1_AT_RISK = "deadline.stage1_at_risk"
STAGE2_AT_RISK = "deadline.stage2_at_risk"


def _iso_words(value: Any) -> str:
    """An ISO date from an event's details, as a letter writes it ("" when there is none)."""
    return words(date.fromisoformat(value)) if value else ""


def _clock(moment: datetime) -> str:
    """A time as a letter writes it, in UK local time: "10:00am", "2:30pm"."""
    return f"{timezone.localtime(moment):%-I:%M%p}".lower()


# --- Interviews and records: letters to staff ------------------------------------------------


def to_interviewee(data: dict[str, Any], event: CaseEvent) -> list[Recipient]:
    """The person the interview is with, and the interview itself for their copy."""
    interview = (
        Interview.objects.select_related("room", "interviewee_user")
        .filter(pk=event.details.get("interview"), complaint_id=event.complaint_id)
        .first()
    )
    if interview is None:
        return []
    person = interview.interviewee_user
    return [
        Recipient(
            name=interview.interviewee,
            role="staff",
            email=person.email if person is not None else "",
            data={
                "interview": {
                    "day": long_date(timezone.localdate(interview.starts_at)),
                    "starts": _clock(interview.starts_at),
                    "ends": _clock(interview.ends_at),
                    "room": interview.room.name,
                    "location": interview.room.location,
                    "attendees": interview.attendees,
                    "what_is_expected": interview.what_is_expected,
                    "notified_on": words(interview.notified_on),
                }
            },
        )
    ]


def to_records_holder(data: dict[str, Any], event: CaseEvent) -> list[Recipient]:
    """The person asked for the records, and what was asked of them, for their copy."""
    request = RecordsRequest.objects.filter(
        pk=event.details.get("records_request"), complaint_id=event.complaint_id
    ).first()
    if request is None:
        return []
    return [
        Recipient(
            name=request.requested_from,
            role="staff",
            data={
                "records": {
                    "description": request.description,
                    "requested_on": words(request.requested_on),
                    "due_on": long_date(request.due_on),
                }
            },
        )
    ]


register_letter(
    Letter(
        key="interview_notice",
        title="You are asked to attend an interview",
        rule="Complaints Manager's duty: tell staff they must attend interviews and what is "
        "expected of them (domain reference 3.3)",
        on=("complaint.notify_interviewee",),
        to=to_interviewee,
    )
)

register_letter(
    Letter(
        key="records_request",
        title="Records needed for a complaint investigation",
        rule="Complaints Manager's duty: ask staff for the information and documents the "
        "investigation needs (domain reference 3.1)",
        on=("complaint.request_records",),
        to=to_records_holder,
    )
)


# --- The extension and the fact-check: letters to the complainant -----------------------------


def extension_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
    """The extension as the step recorded it: the date it moves from and to, and why."""
    stage2 = base.get("stage2") or {}
    return {
        "extension": {
            "previous_due_on": _iso_words(event.details.get("from")),
            "new_due_on": _iso_words(event.details.get("to")),
            "reason": event.details.get("reason", ""),
            "cap_on": stage2.get("cap_on", ""),
            "most_working_days": rule("stage2_response").max_working_days,
        }
    }


def fact_check_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
    """The date the draft went out and the date we ask the complainant to reply by."""
    sent = date.fromisoformat(event.details["sent_on"])
    reply_by = current_calendar().add_working_days(sent, FACT_CHECK_WORKING_DAYS)
    return {
        "fact_check": {
            "sent_on": words(sent),
            "reply_by": long_date(reply_by),
            "reply_by_iso": reply_by.isoformat(),
            "working_days": FACT_CHECK_WORKING_DAYS,
        }
    }


register_letter(
    Letter(
        key="stage2_extension",
        title="We need more time to finish investigating your complaint",
        rule="Rule 18: a Stage 2 extension gives the reason and a new date within 65 working days",
        on=("complaint.extend_stage2",),
        more_data=extension_data,
    )
)

register_letter(
    Letter(
        key="fact_check_cover",
        title="Please check the facts in the draft report",
        rule="Rule 27: the draft report is sent for fact-checking before it is final",
        on=("complaint.send_fact_check",),
        more_data=fact_check_data,
    )
)


# --- The adjudication letter ------------------------------------------------------------------


def adjudication_data(
    complaint: Complaint, event: CaseEvent, base: dict[str, Any]
) -> dict[str, Any]:
    """How long the complainant has to ask for Stage 3: the date itself is set only when the
    letter is sent (``send_adjudication_letter``), so the letter counts from its own date."""
    return {"adjudication": {"stage3_working_days": rule("stage3_request").working_days}}


def record_adjudication_letter_sent(complaint: Complaint, by: User, on: date) -> None:
    """Sending the adjudication letter records the step that completes Stage 2 (rule 29),
    through the decisions app's own action, so its rules (role, status, date) hold exactly as
    when it is recorded on its own. Each complainant has a copy: the first sent completes
    Stage 2 on its date, and sending the others records nothing more."""
    sent_on = (
        Stage2.objects.filter(complaint_id=complaint.pk)
        .values_list("adjudication_letter_sent_on", flat=True)
        .first()
    )
    if sent_on is not None:
        return
    send_adjudication_letter(complaint, by=by, sent_on=on)


COMPLETES["send_adjudication_letter"] = record_adjudication_letter_sent

register_letter(
    Letter(
        key="adjudication_letter",
        title="Our decision on your complaint",
        rule="Rule 28: the adjudication letter gives a decision on each finding, the actions "
        "with owners and dates, how to ask for Stage 3 and the Ombudsman's details",
        on=("complaint.adjudicate",),
        completes="send_adjudication_letter",
        readers=frozenset({f"appointed:{AppointmentRole.ADJUDICATOR}"}),
        more_data=adjudication_data,
    )
)


# --- Delay letters, drafted by ``heard tick`` (``documents.delays``) ---------------------------


def delay_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
    """The due date that will be missed, whether it has passed, and the latest date the
    stage may reach; the reason and the new date are the complaints team's to write."""
    return {
        "delay": {
            "due_on": _iso_words(event.details.get("due_on")),
            "passed": bool(event.details.get("passed")),
            "cap_on": _iso_words(event.details.get("cap_on")),
            "most_working_days": rule(event.details["deadline"]).max_working_days,
        }
    }


register_letter(
    Letter(
        key="stage1_delay",
        title="We need more time to reply to your complaint",
        rule="Rule 42: a delay letter when a due date will be missed, with the reason and a "
        "new date",
        on=(STAGE1_AT_RISK,),
        more_data=delay_data,
    )
)

register_letter(
    Letter(
        key="stage2_delay",
        title="Our response to your complaint will be late",
        rule="Rule 42: a delay letter when a due date will be missed, with the reason and a "
        "new date",
        on=(STAGE2_AT_RISK,),
        more_data=delay_data,
    )
)
