"""Stage 1, local resolution: the responder, an extension, the response and a Stage 2 request
(domain.md rules 8 to 14).

The forms show the dates that matter to each decision (the current due date, the 20-working-
day limit, the advisory Stage 2 deadline) as stored by the actions, so the officer never has
to work a deadline out by hand.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from heard.complaints.actions import stage1, stage2
from heard.complaints.models import Complaint, Stage1
from heard.complaints.models.choices import Channel
from heard.complaints.steps import step
from heard.complaints.steps.fields import (
    StepForm,
    case_date,
    happened_on_field,
    long_date,
    radios,
    text,
    yes_no,
)
from heard.people.models import User
from heard.people.roles import COMPLAINTS_STAFF, StaffRole

STEP_TEMPLATE = "complaints/step_form.html"


def _stage1(complaint: Complaint) -> Stage1 | None:
    return getattr(complaint, "stage1", None)


def responder_choices() -> QuerySet[User]:
    """Active staff who may answer at Stage 1: service staff and the complaints team."""
    roles = [StaffRole.STAFF_MEMBER, *COMPLAINTS_STAFF]
    return (
        User.objects.filter(is_active=True, groups__name__in=roles)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class ResponderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        team = obj.team or obj.job_title
        return f"{obj} ({team})" if team else str(obj)


class AssignResponderForm(StepForm):
    on = happened_on_field("Date they were assigned", "the date they were assigned")
    responder = ResponderChoiceField(
        queryset=User.objects.none(),
        label="Who will respond?",
        empty_label="Choose a member of staff",
        help_text="Usually a manager in the team complained about. They will be able to see this "
        "complaint.",
        error_messages={
            "required": "Select who will respond",
            "invalid_choice": "Select who will respond",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["responder"])
        field.queryset = responder_choices()


@step(
    "assign_responder",
    AssignResponderForm,
    template=STEP_TEMPLATE,
    guidance="The responder answers the complaint at Stage 1. Assigning someone new replaces "
    "the previous responder.",
)
def _assign(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage1.assign_responder(complaint, by=user, responder=data["responder"], on=data["on"])


class ExtendStage1Form(StepForm):
    submit_label = "Extend Stage 1"
    on = happened_on_field("Date of the decision to extend", "the date of the decision")
    reason = radios(
        "Why is more time needed?",
        Stage1._meta.get_field("extension_reason").choices,
        message="Select why more time is needed",
    )
    detail = text(
        "Explain the reason",
        message="Explain why more time is needed",
        hint="This goes in the letter to the complainant.",
        long=True,
    )
    new_due_on = case_date("New due date", what="the new due date")
    letter_sent_on = case_date(
        "Date the letter telling the complainant was sent", what="the date the letter was sent"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        s1 = _stage1(self.complaint)
        if s1 is not None:
            self.fields["new_due_on"].help_text = (
                f"A working day after {long_date(s1.due_on)}, and no later than "
                f"{long_date(s1.cap_on)}. For example, {s1.cap_on:%-d %-m %Y}"
            )

    @property
    def facts(self) -> list[tuple[str, str]]:
        s1 = _stage1(self.complaint)
        if s1 is None:
            return []
        return [
            ("Received", long_date(self.complaint.received_on)),
            ("Currently due", long_date(s1.due_on)),
            ("Latest possible date (20 working days)", long_date(s1.cap_on)),
        ]


@step(
    "extend_stage1",
    ExtendStage1Form,
    template=STEP_TEMPLATE,
    guidance="Stage 1 may be extended once, to no more than 20 working days from receipt, "
    "because the complaint is complex or an advocate is being arranged. The complainant must be "
    "told in writing.",
)
def _extend(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage1.extend_stage1(complaint, by=user, **data)


class Stage1ResponseForm(StepForm):
    sent_on = case_date("Date the written response was sent", what="the date it was sent")
    resolved = yes_no(
        "Was the complaint resolved?", message="Select yes if the complaint was resolved"
    )
    summary = text(
        "Summary of the response",
        message="Enter a summary of the response",
        hint="What the response said about each part of the complaint.",
        long=True,
    )
    terms_of_resolution = text(
        "Terms of resolution",
        hint="Needed if it was resolved: what was agreed with the complainant.",
        long=True,
    )

    @property
    def facts(self) -> list[tuple[str, str]]:
        s1 = _stage1(self.complaint)
        return [("Response due", long_date(s1.due_on))] if s1 else []


@step(
    "record_stage1_response",
    Stage1ResponseForm,
    template=STEP_TEMPLATE,
    guidance="Every Stage 1 response is in writing and tells the complainant how to ask for "
    "Stage 2 and by when. Heard works out that date from the date the response was sent.",
)
def _response(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage1.record_stage1_response(complaint, by=user, **data)


class RequestStage2Form(StepForm):
    requested_on = case_date("Date of the request", what="the date of the request")
    channel = radios(
        "How was Stage 2 asked for?",
        Channel.choices,
        message="Select how Stage 2 was asked for",
        hint="Any way is enough: no particular form is needed.",
    )
    details = text(
        "What did they say?",
        hint="For example, why they are unhappy with the Stage 1 response.",
        long=True,
    )
    late_reasons = text(
        "If the request is late: why is it being accepted?",
        hint="A late request is never refused automatically. Record the decision and the reasons.",
        long=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        s1 = _stage1(self.complaint)
        field = self.fields["requested_on"]
        if s1 is not None and s1.stage2_request_by:
            field.help_text = (
                f"Stage 2 should be asked for by {long_date(s1.stage2_request_by)} (20 working "
                "days after the Stage 1 response). This is advice, not a bar. For example, "
                f"{s1.stage2_request_by:%-d %-m %Y}"
            )
        elif s1 is not None:
            field.help_text = (
                "Stage 1 has not been answered. Stage 2 can be asked for once its due date, "
                f"{long_date(s1.due_on)}, has passed."
            )

    @property
    def facts(self) -> list[tuple[str, str]]:
        s1 = _stage1(self.complaint)
        if s1 is None:
            return []
        rows = [("Stage 1 response due", long_date(s1.due_on))]
        if s1.response_sent_on:
            rows.append(("Stage 1 response sent", long_date(s1.response_sent_on)))
            rows.append(("Stage 2 should be asked for by", long_date(s1.stage2_request_by)))
        return rows


@step(
    "request_stage2",
    RequestStage2Form,
    template=STEP_TEMPLATE,
    guidance="A Stage 2 request can come by any route. Refusing to take a statutory complaint "
    "to Stage 2 is something the Ombudsman regularly finds to be fault.",
)
def _request(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.request_stage2(
        complaint,
        by=user,
        requested_on=data["requested_on"],
        channel=data["channel"],
        details=data["details"],
        late_reasons=data["late_reasons"],
    )
