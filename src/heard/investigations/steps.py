"""Investigation step forms: consent to access records, contact attempts, the plan,
interviews and records requests (domain.md 3.3 and rules 23 and 24).

Choices of interviews and records requests come from this complaint only.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from heard.complaints.models import Complaint
from heard.complaints.steps import step
from heard.complaints.steps.fields import (
    PersonChoiceField,
    StepForm,
    channel_field,
    date_field,
    happened_on_field,
    short_text,
    text_area,
)
from heard.investigations import actions
from heard.investigations.models import ContactAttempt, Interview, PlanItem, RecordsRequest, Room
from heard.people.models import User

LONDON = ZoneInfo("Europe/London")

# -- consent and access -------------------------------------------------------------------


class ConsentForm(StepForm):
    signed_on = date_field(
        "the date the form was signed",
        "Date the Consent to Access Records form was signed",
        "Leave blank if you are relying on another lawful basis instead.",
        required=False,
    )
    signed_by = short_text("Who signed it?", required=False)
    scope = text_area(
        "Which records does the consent cover?",
        "For example, 'Children's social care records for Alex, 2023 to now'.",
        required=False,
        rows=3,
    )
    other_lawful_basis = text_area(
        "Other lawful basis (if there is no signed consent)",
        "Only when the complainant is not the person the records are about and the council "
        "relies on something other than consent, for example a legal obligation.",
        required=False,
        rows=3,
    )


@step(
    "record_consent",
    ConsentForm,
    guidance="The Investigating Officer and Independent Person can see records only once a "
    "signed Consent to Access Records form is on file, or the council has recorded another "
    "lawful basis.",
)
def _consent(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.record_consent(complaint, by=user, **data)


class GrantAccessForm(StepForm):
    """Only the date: the page shows the consent (or its absence) the access rests on."""

    on = happened_on_field("Date access was given", "the date access was given")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.basis = actions.records_access_basis(self.complaint)


@step(
    "grant_records_access",
    GrantAccessForm,
    template="complaints/steps/grant_records_access.html",
    guidance="Record that the Investigating Officer and Independent Person have been given "
    "access to the complainant's records.",
)
def _grant(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.grant_records_access(complaint, by=user, on=data["on"])


# -- contact attempts and the plan --------------------------------------------------------


class ContactAttemptForm(StepForm):
    made_on = date_field("the date of the attempt", "Date of the attempt")
    method = channel_field("How did you try to contact them?", "Choose how you tried")
    outcome = forms.ChoiceField(
        label="Did they engage?",
        choices=ContactAttempt.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they engaged"},
    )
    notes = text_area("Notes (optional)", required=False, rows=3)


@step(
    "record_contact_attempt",
    ContactAttemptForm,
    guidance="Record each opportunity the complainant is given to engage with the investigation, "
    "whether or not they took it. An investigation can be closed for non-engagement only after "
    "at least two unanswered attempts.",
)
def _attempt(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.record_contact_attempt(complaint, by=user, **data)


class PlanItemForm(StepForm):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=PlanItem.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a person to interview or a file"},
    )
    description = short_text(
        "Who or what?",
        "For example, 'Social worker, Children in Care team' or 'Contact records, 2025'.",
        error="Enter who to interview or which file",
        max_length=300,
    )


@step(
    "add_plan_item",
    PlanItemForm,
    guidance="Tell the complaints team who you need to interview and which files you need, so "
    "they can book rooms, tell staff and make records available.",
)
def _plan(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.add_plan_item(complaint, by=user, **data)


# -- interviews ---------------------------------------------------------------------------


class ClockTimeField(forms.TimeField):
    """A time typed on the 24-hour clock ("14:30" or "14.30")."""

    input_formats = ["%H:%M", "%H.%M"]


def _time_field(label: str, what: str) -> ClockTimeField:
    field = ClockTimeField(label=label, help_text="Use the 24-hour clock, for example 14:30")
    field.widget.attrs["class"] = "govuk-input--width-5"
    field.error_messages["required"] = f"Enter the {what} time"
    field.error_messages["invalid"] = f"Enter the {what} time on the 24-hour clock, like 14:30"
    return field


class BookInterviewForm(StepForm):
    """The start and end fields are named as the action names them, so a clash with another
    booking is shown beside the time."""

    interviewee = short_text("Who is being interviewed?", error="Enter who is being interviewed")
    interviewee_user = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="If they are a member of staff who uses Heard, choose them (optional)",
        empty_label="Not a Heard user",
    )
    room = forms.ModelChoiceField(
        queryset=Room.objects.none(),
        label="Room",
        empty_label="Choose a room",
        error_messages={
            "required": "Choose a room",
            "invalid_choice": "Choose one of the rooms in the list",
        },
    )
    day = date_field("the date of the interview", "Date of the interview")
    starts_at = _time_field("Start time", "start")
    ends_at = _time_field("End time", "end")
    attendees = text_area(
        "Who else will be there?",
        "For example, the Investigating Officer, the Independent Person and a note-taker.",
        error="Enter who else will be there",
        rows=2,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["interviewee_user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("first_name", "last_name", "username")

    def clean(self) -> dict[str, Any]:
        """The date and the two times become two moments in UK time."""
        data = super().clean()
        day, starts, ends = data.pop("day", None), data.get("starts_at"), data.get("ends_at")
        if isinstance(day, date) and isinstance(starts, time) and isinstance(ends, time):
            data["starts_at"] = _london(day, starts)
            data["ends_at"] = _london(day, ends)
        return data


def _london(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), LONDON)


@step(
    "book_interview",
    BookInterviewForm,
    guidance="Book a room for an interview. A room cannot be booked twice for the same time.",
)
def _book(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.book_interview(complaint, by=user, **data)


class InterviewChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        local = timezone.localtime(obj.starts_at, LONDON)
        return f"{obj.interviewee}, {local:%H:%M} on {local:%A} {local.day} {local:%B %Y}"


class InterviewStepForm(StepForm):
    """A form whose first question is one of this complaint's interviews."""

    interview = InterviewChoiceField(
        queryset=Interview.objects.none(),
        label="Which interview?",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the interview",
            "invalid_choice": "Choose one of this complaint's interviews",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interview"].queryset = Interview.objects.filter(  # type: ignore[attr-defined]
            complaint=self.complaint
        ).order_by("starts_at")


class NotifyForm(InterviewStepForm):
    notified_on = date_field("the date they were told", "Date they were told")
    what_is_expected = text_area(
        "What is expected of them?",
        "For example, to bring their case notes and to expect about an hour.",
        error="Enter what is expected of them",
        rows=3,
    )


@step(
    "notify_interviewee",
    NotifyForm,
    guidance="Staff must be told that they are required to attend an interview, and what is "
    "expected of them.",
)
def _notify(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.notify_interviewee(complaint, by=user, **data)


class NotesForm(InterviewStepForm):
    notes = text_area("Interview notes", error="Enter the notes", rows=12)


@step(
    "record_interview_notes",
    NotesForm,
    guidance="Write up the interview. The interviewee is then asked to agree the notes; once "
    "they have, the notes cannot be changed.",
)
def _notes(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.record_interview_notes(complaint, by=user, **data)


class AgreeNotesForm(InterviewStepForm):
    agreed_on = date_field("the date they agreed the notes", "Date they agreed the notes")


@step(
    "agree_interview_notes",
    AgreeNotesForm,
    guidance="Record when the interviewee agreed (and signed) the notes of their interview.",
)
def _agree_notes(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.agree_interview_notes(complaint, by=user, **data)


# -- records from staff -------------------------------------------------------------------


class RequestRecordsForm(StepForm):
    requested_from = short_text(
        "Who were the records requested from?", error="Enter who the records were requested from"
    )
    description = text_area("What was asked for?", error="Enter what was asked for", rows=3)
    requested_on = date_field("the date of the request", "Date requested")
    due_on = date_field("the date they are due", "Date due")


@step(
    "request_records",
    RequestRecordsForm,
    guidance="Record a request to staff for information or documents the investigation needs.",
)
def _request(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.request_records(complaint, by=user, **data)


class RequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.requested_from}: {obj.description[:80]}"


class ReceiveRecordsForm(StepForm):
    request = RequestChoiceField(
        queryset=RecordsRequest.objects.none(),
        label="Which request?",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the request",
            "invalid_choice": "Choose one of this complaint's outstanding requests",
        },
    )
    received_on = date_field("the date they arrived", "Date received")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = RecordsRequest.objects.filter(  # type: ignore[attr-defined]
            complaint=self.complaint, received_on__isnull=True
        )


@step("receive_records", ReceiveRecordsForm, guidance="Record records received from staff.")
def _receive(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.receive_records(complaint, by=user, **data)
