"""Intake: recording a new complaint and deciding how it is handled (domain.md rules 1 to 7).

Each form asks one decision's questions in a complaints officer's words; each runner passes
the cleaned answers to the one action for the event, which enforces the rules and refuses
with a message beside the field at fault. The new-complaint form lives here too: it is the
first intake question, though it has no complaint yet and so is not a step.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from heard.complaints.actions import intake, stage1
from heard.complaints.models import Complainant, Complaint, Deferral
from heard.complaints.models.choices import (
    Channel,
    Format,
    Proceedings,
    Relationship,
    Route,
    SpecifiedFunction,
)
from heard.complaints.rules import is_out_of_time
from heard.complaints.steps import step
from heard.complaints.steps.fields import (
    PersonChoiceField,
    StepForm,
    case_date,
    checkbox,
    email_field,
    happened_on_field,
    long_date,
    radios,
    text,
    yes_no,
)
from heard.complaints.transitions import Refused
from heard.govuk_forms import GovukFormMixin
from heard.people.team import complaints_team
from heard.timescales.calendar import OutsideCalendar
from heard.timescales.dates import cap, due

STEP_TEMPLATE = "complaints/step_form.html"

# -- a new complaint ----------------------------------------------------------------------


class NewComplaintForm(GovukFormMixin, forms.Form):
    """Everything needed to record a complaint on the day it arrives, on one page."""

    received_on = case_date(
        "Date received",
        what="the date the complaint was received",
        hint="The day the council received it, by any route. For example, 27 3 2026",
    )
    channel = radios(
        "How was the complaint made?", Channel.choices, message="Select how the complaint was made"
    )
    summary = text(
        "What is the complaint about?",
        message="Enter what the complaint is about",
        hint="In plain words, as the complainant put it.",
        long=True,
    )
    team = text(
        "Team complained about (optional)",
        hint="For example, Children in Care team",
        max_length=200,
    )
    earliest_event_on = case_date(
        "When did the earliest matter complained about happen? (optional)",
        what="the date of the earliest matter",
        hint="If it was more than 12 months before the complaint was received, you will need "
        "to decide whether to consider it. For example, 14 1 2026",
        required=False,
    )
    handler = PersonChoiceField(
        label="Who will handle it? (optional)",
        queryset=complaints_team(),
        required=False,
        empty_label="Me",
        help_text="The complaints officer who looks after the case day to day.",
        error_messages={"invalid_choice": "Choose a complaints officer or manager from the list"},
    )
    complainant_name = text(
        "Complainant's full name",
        message="Enter the complainant's full name",
        max_length=200,
        width=20,
    )
    relationship = radios(
        "Relationship to the child or young person",
        Relationship.choices,
        message="Select the complainant's relationship to the child",
        hint="Someone not in these groups can still complain if the council decides they have a "
        "sufficient interest in the child's welfare.",
    )
    email = email_field("Email address (optional)")
    phone = text("Phone number (optional)", max_length=40, width=20)
    address = text("Postal address (optional)", long=True)
    child_name = text(
        "Child's full name",
        hint="Leave blank if the complaint is not about a particular child.",
        max_length=200,
        width=20,
    )
    child_date_of_birth = case_date(
        "Date of birth (optional)",
        what="the child's date of birth",
        hint="For example, 31 8 2012",
        required=False,
        calendar=False,
    )
    looked_after = checkbox("The child is looked after by the council")
    care_leaver = checkbox("The young person is a care leaver")
    preferred_format = radios(
        "How would they like to receive letters?",
        Format.choices,
        message="Select how they would like to receive letters",
    )
    language = text("Language", message="Enter the language to write in", max_length=100, width=20)
    adjustments = text(
        "Reasonable adjustments (optional)",
        hint="For example, phone calls only in the afternoon, or an interpreter at meetings.",
        long=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"preferred_format": Format.STANDARD, "language": "English"})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        received, earliest = data.get("received_on"), data.get("earliest_event_on")
        if received and earliest and earliest > received:
            self.add_error(
                "earliest_event_on", "The earliest matter must be on or before the date received"
            )
        born = data.get("child_date_of_birth")
        if born and born > timezone.localdate():
            self.add_error("child_date_of_birth", "The date of birth must be in the past")
        has_child_details = born or data.get("looked_after") or data.get("care_leaver")
        if has_child_details and not data.get("child_name", "").strip():
            self.add_error("child_name", "Enter the child's full name")
        return data

    def action_arguments(self) -> dict[str, Any]:
        """The cleaned answers as ``intake.record_complaint`` takes them."""
        d = self.cleaned_data
        child = (
            [
                intake.NewChild(
                    name=d["child_name"],
                    date_of_birth=d["child_date_of_birth"],
                    looked_after=d["looked_after"],
                    care_leaver=d["care_leaver"],
                )
            ]
            if d["child_name"].strip()
            else []
        )
        return {
            "received_on": d["received_on"],
            "channel": d["channel"],
            "summary": d["summary"],
            "team": d["team"],
            "earliest_event_on": d["earliest_event_on"],
            "handler": d.get("handler"),
            "complainants": [
                intake.NewComplainant(
                    name=d["complainant_name"],
                    relationship=d["relationship"],
                    email=d["email"],
                    phone=d["phone"],
                    address=d["address"],
                )
            ],
            "children": child,
            "preferred_format": d["preferred_format"],
            "language": d["language"],
            "adjustments": d["adjustments"],
        }


# -- classification and eligibility ------------------------------------------------------


class ClassifyForm(StepForm):
    on = happened_on_field("Date the procedure was decided", "the date it was decided")
    route = radios(
        "Which procedure applies?",
        Route.choices,
        message="Select which procedure applies",
        hint="Statutory: about a Children Act function, from someone entitled to complain. "
        "Another procedure: for example safeguarding, a child protection conference or court.",
    )
    specified_function = radios(
        "Which Children Act function is it about?",
        SpecifiedFunction.choices,
        hint="Needed for the statutory procedure.",
    )
    reason = text(
        "Why does this procedure apply?",
        message="Enter why this procedure applies",
        long=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        c = self.complaint
        if c.route:
            self.initial.update(
                route=c.route, specified_function=c.specified_function, reason=c.route_reason
            )


@step(
    "classify",
    ClassifyForm,
    template=STEP_TEMPLATE,
    guidance="Every contact must be classified, with the reason, before any Stage 1 clock is "
    "shown. Using the wrong procedure is one of the failings the Ombudsman finds most often.",
)
def _classify(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    intake.classify(complaint, by=user, **data)


class ComplainantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Complainant) -> str:
        return obj.name


class SufficientInterestForm(StepForm):
    complainant = ComplainantChoiceField(
        queryset=Complainant.objects.none(),
        label="Who is the decision about?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the person the decision is about",
            "invalid_choice": "Select the person the decision is about",
        },
    )
    decided_on = case_date("Date of the decision", what="the date of the decision")
    has_interest = yes_no(
        "Do they have a sufficient interest in the child's welfare?",
        message="Select yes if they have a sufficient interest",
    )
    child_views_sought = yes_no(
        "Were the child's views sought?", message="Select yes if the child's views were sought"
    )
    child_views_considered = yes_no(
        "Were the child's views taken into account?",
        message="Select yes if the child's views were taken into account",
    )
    child_notified = yes_no(
        "Has the child been told of the decision?",
        message="Select yes if the child has been told",
    )
    letter_sent_on = case_date(
        "Date the decision letter was sent (needed if the answer is no)",
        what="the date the letter was sent",
        hint="A 'no' decision must be sent to the person, saying no further action will be "
        "taken. For example, 27 3 2026",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["complainant"])
        field.queryset = self.complaint.complainants.filter(relationship=Relationship.OTHER)
        field.inline = False  # type: ignore[attr-defined]
        field.template_name = "heard/forms/radios_field.html"  # type: ignore[attr-defined]
        field.help_text = (
            "Only people who are not entitled to complain in their own right need a decision."
        )


@step(
    "record_sufficient_interest",
    SufficientInterestForm,
    template=STEP_TEMPLATE,
    guidance="Someone outside the groups entitled to complain can use the statutory procedure "
    "only if the council decides they have a sufficient interest in the child's welfare. "
    "Take account of the child's views where appropriate.",
)
def _sufficient_interest(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    intake.record_sufficient_interest(
        complaint,
        by=user,
        complainant=data["complainant"],
        decided_on=data["decided_on"],
        has_interest=data["has_interest"],
        child_views_sought=data["child_views_sought"],
        child_views_considered=data["child_views_considered"],
        child_notified=data["child_notified"],
        letter_sent_on=data["letter_sent_on"],
    )


class OutOfTimeForm(StepForm):
    on = happened_on_field("Date of the decision", "the date of the decision")
    decision = radios(
        "What have you decided?",
        (("accepted", "Consider the complaint"), ("refused", "Refuse it as out of time")),
        message="Select whether to consider the complaint",
    )
    why_not_earlier = text(
        "Why was the complaint not made earlier?",
        message="Enter why the complaint was not made earlier",
        hint="For example, illness, or waiting for a court case to finish.",
        long=True,
    )
    fair_consideration = text(
        "Can it still be considered fairly and effectively?",
        message="Enter whether it can still be considered fairly and effectively",
        hint="Think about whether records and the people involved are still available.",
        long=True,
    )

    @property
    def facts(self) -> list[tuple[str, str]]:
        c = self.complaint
        return [
            ("Received", long_date(c.received_on)),
            ("Earliest matter complained about", long_date(c.earliest_event_on)),
            ("More than 12 months before receipt", "Yes" if is_out_of_time(c) else "No"),
        ]


@step(
    "decide_out_of_time",
    OutOfTimeForm,
    template=STEP_TEMPLATE,
    guidance="A complaint about matters more than 12 months old is not refused automatically. "
    "Weigh both questions: the Ombudsman has found fault where a council did not.",
)
def _out_of_time(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    intake.decide_out_of_time(complaint, by=user, **data)


class AdvocacyForm(StepForm):
    offered_on = case_date("Date an advocate was offered", what="the date an advocate was offered")
    response = radios(
        "What was the response?",
        (("accepted", "Accepted"), ("declined", "Declined"), ("awaiting", "Awaiting reply")),
        message="Select the response to the offer",
    )
    advocate_name = text(
        "Advocate's name",
        hint="Needed if the offer was accepted.",
        max_length=200,
        width=20,
    )
    advocate_organisation = text("Organisation", hint="For example, NYAS", max_length=200)
    advocate_contact = text("Contact details", hint="Phone or email", max_length=300)


@step(
    "record_advocacy",
    AdvocacyForm,
    template=STEP_TEMPLATE,
    guidance="Children and young people, looked-after children and care leavers must be offered "
    "an advocate. Once one is appointed, they are copied into every letter.",
)
def _advocacy(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    intake.record_advocacy(complaint, by=user, **data)


# -- deferral, acknowledgement, parties ---------------------------------------------------


class DeferralForm(StepForm):
    proceedings = radios(
        "What kind of proceedings?", Proceedings.choices, message="Select the kind of proceedings"
    )
    proceedings_detail = text(
        "Which proceedings?",
        message="Enter which proceedings",
        hint="Name them, for example the court and case number.",
        max_length=300,
    )
    parts_affected = text(
        "Which parts of the complaint are affected?",
        message="Enter which parts of the complaint are affected",
        long=True,
    )
    reason = text(
        "Why would considering them now prejudice the proceedings?",
        message="Enter the reason",
        long=True,
    )
    excluded = checkbox(
        "Exclude these parts altogether",
        hint="Leave unticked to defer them until the proceedings end.",
    )
    notice_sent_on = case_date(
        "Date the written notice was sent to the complainant",
        what="the date the notice was sent",
    )
    review_on = case_date(
        "Review date",
        what="the review date",
        hint="When to look at the complaint again. For example, 27 9 2026",
    )


@step(
    "record_deferral",
    DeferralForm,
    template=STEP_TEMPLATE,
    guidance="A complaint, or part of it, may be deferred or excluded if considering it could "
    "prejudice court, tribunal, criminal or disciplinary proceedings. The complainant must be "
    "told in writing.",
)
def _deferral(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    intake.record_deferral(complaint, by=user, **data)


class DeferralChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Deferral) -> str:
        verb = "Excluded" if obj.excluded else "Deferred"
        return f"{verb}: {obj.proceedings_detail} (review on {long_date(obj.review_on)})"


class EndDeferralForm(StepForm):
    deferral = DeferralChoiceField(
        queryset=Deferral.objects.none(),
        label="Which deferral has ended?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the deferral that has ended",
            "invalid_choice": "Select the deferral that has ended",
        },
    )
    ended_on = case_date("Date it ended", what="the date it ended")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["deferral"])
        field.queryset = self.complaint.deferrals.filter(ended_on__isnull=True)
        field.template_name = "heard/forms/radios_field.html"  # type: ignore[attr-defined]


@step("end_deferral", EndDeferralForm, template=STEP_TEMPLATE)
def _end_deferral(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    intake.end_deferral(complaint, by=user, **data)


class AcknowledgeForm(StepForm):
    acknowledged_on = case_date(
        "Date the acknowledgement was sent", what="the date the acknowledgement was sent"
    )

    @property
    def facts(self) -> list[tuple[str, str]]:
        c = self.complaint
        return [
            ("Received", long_date(c.received_on)),
            ("Local target for acknowledgement", long_date(c.acknowledgement_due_on)),
        ]


@step(
    "acknowledge",
    AcknowledgeForm,
    template=STEP_TEMPLATE,
    guidance="The acknowledgement tells the complainant the complaint has arrived, which "
    "procedure applies and who will respond. It is reported against the council's local target.",
)
def _acknowledge(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    intake.acknowledge(complaint, by=user, **data)


class UpdatePartiesForm(StepForm):
    """Add a complainant or a child: one radio for which, then that person's details."""

    submit_label = "Add"
    COMPLAINANT_FIELDS = ("name", "relationship", "email", "phone", "address")
    CHILD_FIELDS = ("child_name", "date_of_birth", "looked_after", "care_leaver")

    which = radios(
        "Who are you adding?",
        (("complainant", "Another complainant"), ("child", "Another child or young person")),
        message="Select whether you are adding a complainant or a child",
    )
    name = text("Complainant's full name", max_length=200, width=20)
    relationship = radios("Relationship to the child or young person", Relationship.choices)
    email = email_field("Email address (optional)")
    phone = text("Phone number (optional)", max_length=40, width=20)
    address = text("Postal address (optional)", long=True)
    child_name = text("Child's full name", max_length=200, width=20)
    date_of_birth = case_date(
        "Date of birth (optional)",
        what="the date of birth",
        hint="For example, 31 8 2012",
        required=False,
        calendar=False,
    )
    looked_after = checkbox("The child is looked after by the council")
    care_leaver = checkbox("The young person is a care leaver")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("which") == "complainant":
            if not data.get("name", "").strip():
                self.add_error("name", "Enter the complainant's full name")
            if not data.get("relationship"):
                self.add_error("relationship", "Select the complainant's relationship to the child")
        elif data.get("which") == "child" and not data.get("child_name", "").strip():
            self.add_error("child_name", "Enter the child's full name")
        return data


@step(
    "update_parties",
    UpdatePartiesForm,
    template="complaints/update_parties.html",
    guidance="Add someone else who is making the complaint, or another child it is about. "
    "Everyone already recorded stays on the complaint.",
)
def _update_parties(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    if data["which"] == "complainant":
        intake.add_complainant(
            complaint,
            by=user,
            person=intake.NewComplainant(
                **{k: data[k] for k in UpdatePartiesForm.COMPLAINANT_FIELDS}
            ),
        )
        return
    try:
        intake.add_child(
            complaint,
            by=user,
            child=intake.NewChild(
                name=data["child_name"],
                date_of_birth=data["date_of_birth"],
                looked_after=data["looked_after"],
                care_leaver=data["care_leaver"],
            ),
        )
    except Refused as exc:
        field = {"name": "child_name"}.get(exc.field or "", exc.field)
        raise Refused(exc.message, field=field) from None


# -- starting Stage 1, or not -------------------------------------------------------------


class StartStage1Form(StepForm):
    """Nothing to ask: the clock runs from receipt. The page shows the dates it will set."""

    submit_label = "Start Stage 1"

    @property
    def facts(self) -> list[tuple[str, str]]:
        received = self.complaint.received_on
        try:
            response_due = long_date(due(received, "stage1_response"))
            latest = long_date(cap(received, "stage1_response"))
        except OutsideCalendar:
            response_due = latest = "Cannot be worked out: outside the working-day calendar"
        return [
            ("Received", long_date(received)),
            ("Response due (10 working days)", response_due),
            ("Latest date with an extension (20 working days)", latest),
        ]


@step(
    "start_stage1",
    StartStage1Form,
    template=STEP_TEMPLATE,
    guidance="Stage 1 is local resolution. The clock runs from the date the complaint was "
    "received, not from today.",
)
def _start_stage1(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage1.start_stage1(complaint, by=user)


class HandOverForm(StepForm):
    submit_label = "Hand over"
    on = happened_on_field("Date it was handed over", "the date it was handed over")

    @property
    def facts(self) -> list[tuple[str, str]]:
        c = self.complaint
        return [("Procedure", c.get_route_display() or "Not classified"), ("Why", c.route_reason)]


@step(
    "hand_over",
    HandOverForm,
    template=STEP_TEMPLATE,
    guidance="The contact belongs to another procedure, such as safeguarding. Handing it over "
    "closes it here; make sure the other team has it.",
)
def _hand_over(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    intake.hand_over(complaint, by=user, on=data["on"])


class CloseForm(StepForm):
    submit_label = "Close the complaint"
    on = happened_on_field("Date it was closed", "the date it was closed")
    reason = text(
        "Why is the complaint being closed?",
        message="Enter why the complaint is being closed",
        hint="For example, the complainant withdrew it in writing.",
        long=True,
    )


@step(
    "close",
    CloseForm,
    template=STEP_TEMPLATE,
    guidance="Closing ends the procedure for this complaint. A complainant who has asked for "
    "Stage 2 must not be refused by closing the case instead.",
)
def _close(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    intake.close(complaint, by=user, reason=data["reason"], on=data["on"])
