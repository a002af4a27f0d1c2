"""Stage 3 step forms: the request, the panel meeting, the panel's report and the council's
response (domain.md rules 30 to 37).

Each form shows the dates its decision turns on (the advisory request date, the panel's
30-working-day limit, the report and response due dates) as the actions stored them, and asks
for a reason and a letter date only in words that say when they are needed. The rules live in
``decisions.stage3``; its refusals name the box to show them beside.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.forms import BoundField

from heard.complaints.models import Complaint, Stage3
from heard.complaints.models.choices import (
    AttendeeCapacity,
    Channel,
    CirculationKind,
    SubmissionSource,
)
from heard.complaints.steps import step
from heard.complaints.steps.fields import (
    PersonChoiceField,
    StepForm,
    case_date,
    checkbox,
    happened_on_field,
    long_date,
    radios,
    staff_with_role,
    text,
    yes_no,
)
from heard.decisions import stage3
from heard.decisions.models import Recommendation
from heard.people.models import User
from heard.people.roles import StaffRole

STEP_TEMPLATE = "complaints/step_form.html"


def _stage3(complaint: Complaint) -> Stage3 | None:
    return getattr(complaint, "stage3", None)


def _late_fields(what: str) -> tuple[forms.CharField, forms.Field]:
    """The reason and letter date a missed statutory deadline needs (Decisions for Heard 4).
    Optional on the form: the action asks for them only when the date is late."""
    return (
        text(
            f"If {what} is late: the reason for the delay",
            hint="Only needed after the statutory date shown above.",
            long=True,
            rows=3,
        ),
        case_date(
            "If it is late: date of the letter telling the complainant",
            what="the date of the letter",
            hint="The letter gives the reason for the delay. For example, 27 3 2026",
            required=False,
        ),
    )


# -- the request ----------------------------------------------------------------------------


class RequestStage3Form(StepForm):
    submit_label = "Record the request"
    requested_on = case_date(
        "Date the council received the request", what="the date the request was received"
    )
    channel = radios(
        "How was Stage 3 asked for?",
        Channel.choices,
        message="Select how Stage 3 was asked for",
        hint="Any way is enough: no particular form is needed.",
    )
    what_remains = text(
        "What does the complainant say is still unresolved? (optional)",
        hint="In their words, if they gave them.",
        long=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        s2 = getattr(self.complaint, "stage2", None)
        if s2 is not None and s2.stage3_request_by:
            self.fields["requested_on"].help_text = (
                f"Stage 3 should be asked for by {long_date(s2.stage3_request_by)}. This is "
                "advice, not a bar: a later request is recorded in the same way. The panel must "
                "meet within 30 working days of this date. For example, "
                f"{s2.stage3_request_by:%-d %-m %Y}"
            )

    @property
    def facts(self) -> list[tuple[str, str]]:
        s2 = getattr(self.complaint, "stage2", None)
        if s2 is None or s2.adjudication_letter_sent_on is None:
            return []
        return [
            ("Adjudication letter sent", long_date(s2.adjudication_letter_sent_on)),
            ("Stage 3 should be asked for by (advisory)", long_date(s2.stage3_request_by)),
        ]


@step(
    "request_stage3",
    RequestStage3Form,
    template=STEP_TEMPLATE,
    guidance="A Stage 3 request can come by any route. Record it on the day the council "
    "received it: the review panel must meet within 30 working days of that date.",
)
def _request(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage3.request_stage3(complaint, by=user, **data)


class AcceptStage3Form(StepForm):
    submit_label = "Accept the request"
    accepted_on = case_date("Date accepted", what="the date the request was accepted")
    late_decision_reasons = text(
        "Why is the late request being accepted?",
        hint="A late request is never refused automatically. Record the decision and the reasons.",
        long=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        s3 = _stage3(self.complaint)
        if s3 is None or not s3.request_was_late:
            del self.fields["late_decision_reasons"]

    @property
    def facts(self) -> list[tuple[str, str]]:
        s3 = _stage3(self.complaint)
        if s3 is None:
            return []
        received = long_date(s3.requested_on)
        rows = [
            ("Request received", received + (" (late)" if s3.request_was_late else "")),
            ("Should have been asked for by (advisory)", long_date(s3.request_by)),
        ]
        if s3.panel_due_on:
            rows.append(("The panel must meet by", long_date(s3.panel_due_on)))
        return rows


@step(
    "accept_stage3",
    AcceptStage3Form,
    template=STEP_TEMPLATE,
    guidance="Accepting convenes a review panel of three independent people. The panel must "
    "meet within 30 working days of the date the council received the request, not of the "
    "date it is accepted.",
)
def _accept(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage3.accept_stage3(
        complaint,
        by=user,
        accepted_on=data["accepted_on"],
        late_decision_reasons=data.get("late_decision_reasons", ""),
    )


class RefuseStage3Form(StepForm):
    submit_label = "Refuse the request"
    on = happened_on_field("Date of the refusal", "the date of the refusal")
    reasons = text(
        "Why is the request being refused?",
        message="Enter the reasons for refusing",
        hint="The letter to the complainant must give these reasons.",
        long=True,
    )
    signed_off_by = PersonChoiceField(
        queryset=User.objects.none(),
        label="Senior manager who signed off the refusal",
        help_text="Only an adjudicating officer can sign off a refusal.",
        empty_label="Choose a senior manager",
    )
    letter_sent_on = case_date(
        "Date of the letter to the complainant",
        what="the date of the letter",
        hint="The letter must give the Local Government and Social Care Ombudsman's contact "
        "details. For example, 27 3 2026",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["signed_off_by"])
        # The person refusing cannot sign off their own refusal.
        field.queryset = staff_with_role(StaffRole.ADJUDICATING_OFFICER).exclude(pk=self.user.pk)
        field.error_messages["required"] = "Choose the senior manager who signed off the refusal"
        field.error_messages["invalid_choice"] = "Choose a senior manager from the list"


@step(
    "refuse_stage3",
    RefuseStage3Form,
    template=STEP_TEMPLATE,
    guidance="Refusing a Stage 3 request is not a normal outcome: the Ombudsman has found "
    "refusals to convene a review panel to be fault. A refusal needs a senior manager's "
    "sign-off and a letter giving the reasons and the Local Government and Social Care "
    "Ombudsman's contact details. Refusals are counted in the annual report.",
)
def _refuse(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage3.refuse_stage3(complaint, by=user, **data)


# -- the panel meeting ------------------------------------------------------------------------


class SchedulePanelForm(StepForm):
    submit_label = "Set the date"
    meeting_on = case_date("Date of the panel meeting", what="the date of the meeting")
    meeting_place = text(
        "Where will the panel meet?",
        message="Enter where the panel will meet",
        hint="For example, a room at the council's offices, or online.",
        max_length=300,
    )
    complainant_availability = text(
        "When did the complainant say they could attend?",
        message="Enter when the complainant said they could attend",
        hint="The dates or times they gave. The meeting date must take account of them.",
        long=True,
        rows=3,
    )
    late_reason, letter_sent_on = _late_fields("the meeting")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        s3 = _stage3(self.complaint)
        if s3 is None:
            return
        if s3.panel_due_on:
            self.fields["meeting_on"].help_text = (
                f"A working day no later than {long_date(s3.panel_due_on)}. For example, "
                f"{s3.panel_due_on:%-d %-m %Y}"
            )
            self.fields[
                "late_reason"
            ].help_text = f"Only needed if the meeting is after {long_date(s3.panel_due_on)}."
        if s3.meeting_on:
            self.initial.setdefault("meeting_on", s3.meeting_on)
            self.initial.setdefault("meeting_place", s3.meeting_place)
            self.initial.setdefault("complainant_availability", s3.complainant_availability)

    @property
    def facts(self) -> list[tuple[str, str]]:
        s3 = _stage3(self.complaint)
        if s3 is None:
            return []
        rows = [
            ("Request received", long_date(s3.requested_on)),
            ("The panel must meet by (30 working days)", long_date(s3.panel_due_on)),
        ]
        if s3.meeting_on:
            rows.append(("Meeting now set for", long_date(s3.meeting_on)))
        return rows


@step(
    "schedule_panel",
    SchedulePanelForm,
    template=STEP_TEMPLATE,
    guidance="Agree the date with the complainant and record when they said they could "
    "attend. A date after the 30-working-day limit is a breach of the Regulations: record the "
    "reason and the date of the letter telling the complainant. Setting the date again "
    "replaces it.",
)
def _schedule(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage3.schedule_panel(complaint, by=user, **data)


class RecordSubmissionForm(StepForm):
    source = radios(
        "Who made the submission?",
        SubmissionSource.choices,
        message="Select who made the submission",
    )
    name = text(
        "Name",
        message="Enter the name of the person or body who made it",
        hint="For example, 'Sam Rivers' or 'Head of Service, Children in Care'.",
        max_length=200,
    )
    received_on = case_date("Date received", what="the date it was received")
    oral = yes_no(
        "Was it written or made in person?",
        message="Select whether the submission was written or made in person",
        answers=("Made in person at the meeting", "Written"),
        inline=False,
    )
    summary = text(
        "Summary of the submission",
        message="Enter a summary of the submission",
        hint="What it asks the panel to consider. The panel papers list every submission.",
        long=True,
    )

    @property
    def facts(self) -> list[tuple[str, str]]:
        return [
            (s.get_source_display(), f"{s.name}, {long_date(s.received_on)}")
            for s in self.complaint.panel_submissions.all()
        ]


@step(
    "record_submission",
    RecordSubmissionForm,
    template=STEP_TEMPLATE,
    guidance="The panel considers oral or written submissions from the complainant or their "
    "advocate, the council, the Stage 2 Independent Person if they wish, and anyone else the "
    "panel thinks has a sufficient interest. Record each one; those already recorded are "
    "listed below.",
)
def _submission(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage3.record_submission(complaint, by=user, **data)


class RecordAttendeeForm(StepForm):
    name = text("Name", message="Enter the attendee's name", max_length=200)
    capacity = radios(
        "In what capacity do they attend?",
        AttendeeCapacity.choices,
        message="Select in what capacity they attend",
        hint="The complainant may bring their advocate and one other person.",
    )
    speaks_for_complainant = checkbox(
        "Nominated by the complainant to speak for them",
        hint="One person only: the complainant, their advocate or the person accompanying them.",
    )

    @property
    def facts(self) -> list[tuple[str, str]]:
        return [
            (
                a.get_capacity_display(),
                a.name + (" (speaks for the complainant)" if a.speaks_for_complainant else ""),
            )
            for a in self.complaint.panel_attendees.all()
        ]


@step(
    "record_attendee",
    RecordAttendeeForm,
    template=STEP_TEMPLATE,
    guidance="The complainant may be accompanied throughout the meeting by their advocate and "
    "one other person, and may nominate one of them to speak for them. Those already recorded "
    "are listed below.",
)
def _attendee(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage3.record_attendee(complaint, by=user, **data)


class HoldPanelForm(StepForm):
    submit_label = "Record that the panel met"
    met_on = case_date("Date the panel met", what="the date the panel met")
    late_reason, letter_sent_on = _late_fields("the meeting")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        s3 = _stage3(self.complaint)
        if s3 is not None and s3.meeting_on:
            self.initial.setdefault("met_on", s3.meeting_on)
        if s3 is not None and s3.panel_due_on:
            self.fields["late_reason"].help_text = (
                f"Only needed if the panel met after {long_date(s3.panel_due_on)} on a date "
                "other than the one already recorded as late."
            )

    @property
    def facts(self) -> list[tuple[str, str]]:
        s3 = _stage3(self.complaint)
        if s3 is None:
            return []
        submissions = list(self.complaint.panel_submissions.all())
        by_source = {
            source: [s.name for s in submissions if s.source == source]
            for source in SubmissionSource.values
        }
        from_complainant = by_source["complainant"] + by_source["advocate"]
        return [
            ("Meeting set for", long_date(s3.meeting_on)),
            ("The panel must meet by (30 working days)", long_date(s3.panel_due_on)),
            ("Submissions from the council", ", ".join(by_source["council"]) or "None yet"),
            (
                "Submissions from the complainant or advocate",
                ", ".join(from_complainant) or "None yet",
            ),
        ]


@step(
    "hold_panel",
    HoldPanelForm,
    template=STEP_TEMPLATE,
    guidance="Record the meeting once the panel has met. The panel needs all three members, "
    "one of them the chair, and the papers must list the submissions: at least the council's. "
    "The panel's report is due within 5 working days of the meeting.",
)
def _hold(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage3.hold_panel(complaint, by=user, **data)


# -- the panel's report ---------------------------------------------------------------------------


class PanelRecommendationForm(StepForm):
    submit_label = "Add the recommendation"
    text = text(
        "Recommendation",
        message="Enter the recommendation",
        hint="What the panel recommends the council does to resolve the complaint.",
        long=True,
    )

    @property
    def facts(self) -> list[tuple[str, str]]:
        return [
            (f"Recommendation {r.number}", r.text)
            for r in self.complaint.recommendations.all()
            if r.stage == 3
        ]


@step(
    "add_panel_recommendation",
    PanelRecommendationForm,
    template=STEP_TEMPLATE,
    guidance="Add each of the panel's recommendations. They are numbered in the order you add "
    "them, and the council must decide on each one.",
)
def _recommendation(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage3.add_panel_recommendation(complaint, by=user, **data)


class IssuePanelReportForm(StepForm):
    """The report's summary and date, and its circulation list, filled in from the case: the
    council, each complainant, the advocate and the Stage 2 Independent Person when there are
    ones, and anyone else the panel names."""

    submit_label = "Record the report sent"
    summary_of_representations = text(
        "Summary of the representations",
        message="Enter a summary of the representations",
        hint="A brief summary of what the panel heard, as the report gives it.",
        long=True,
        rows=6,
    )
    sent_on = case_date("Date the report was sent", what="the date the report was sent")
    council = text(
        "The council",
        message="Enter who at the council received the report",
        hint="Usually the Director of Children's Services.",
        max_length=200,
    )
    others = text(
        "Anyone else the report went to (optional)",
        hint="People with a sufficient interest, one on each line.",
        long=True,
        rows=3,
    )
    no_recommendations = checkbox("The panel made no recommendations")
    late_reason, letter_sent_on = _late_fields("the report")

    field_order = ["summary_of_representations", "sent_on", "council"]

    def more_fields(self) -> dict[str, forms.Field]:
        complaint = self.complaint
        fields: dict[str, forms.Field] = {}
        self.complainants = list(complaint.complainants.all())
        many = len(self.complainants) > 1
        for index, person in enumerate(self.complainants, start=1):
            label = f"Complainant {index}" if many else "The complainant"
            fields[f"complainant_{index}"] = text(
                label, message=f"Enter the name of {label.lower()}", max_length=200
            )
            self.initial.setdefault(f"complainant_{index}", person.name)
        if complaint.advocate_name.strip():
            fields["advocate"] = text(
                "The advocate",
                message="Enter the advocate's name: the report must go to them",
                max_length=200,
            )
            self.initial.setdefault("advocate", complaint.advocate_name)
        ip = stage3.stage2_independent_person(complaint)
        if ip is not None:
            fields["stage2_ip"] = text(
                "The Stage 2 Independent Person",
                message="Enter the Stage 2 Independent Person's name: the report must go to them",
                max_length=200,
            )
            self.initial.setdefault("stage2_ip", str(ip.person))
        return fields

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault(
            "council", f"Director of Children's Services, {settings.COUNCIL_NAME}"
        )
        names = [f for f in self.fields if f.startswith("complainant_")]
        names += [f for f in ("advocate", "stage2_ip") if f in self.fields]
        self.order_fields(["summary_of_representations", "sent_on", "council", *names, "others"])
        if any(r.stage == 3 for r in self.complaint.recommendations.all()):
            del self.fields["no_recommendations"]
        s3 = _stage3(self.complaint)
        if s3 is not None and s3.report_due_on:
            self.fields[
                "late_reason"
            ].help_text = f"Only needed if the report was sent after {long_date(s3.report_due_on)}."

    @property
    def facts(self) -> list[tuple[str, str]]:
        s3 = _stage3(self.complaint)
        rows = []
        if s3 is not None:
            rows += [
                ("The panel met", long_date(s3.met_on)),
                ("Report due (5 working days)", long_date(s3.report_due_on)),
            ]
        recs = [r for r in self.complaint.recommendations.all() if r.stage == 3]
        rows += [(f"Recommendation {r.number}", r.text) for r in recs]
        if not recs:
            rows.append(("Recommendations", "None recorded yet"))
        return rows

    def clean_others(self) -> str:
        """One name a line, each short enough for the circulation list to keep."""
        others = str(self.cleaned_data.get("others", ""))
        longest = stage3.CIRCULATION_NAME_LENGTH
        if any(len(line.strip()) > longest for line in others.splitlines()):
            raise forms.ValidationError(f"Each name must be {longest} characters or fewer")
        return others

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        circulation = [stage3.Recipient(CirculationKind.COUNCIL, data.get("council", ""))]
        circulation += [
            stage3.Recipient(CirculationKind.COMPLAINANT, data.get(name, ""))
            for name in self.fields
            if name.startswith("complainant_")
        ]
        if "advocate" in self.fields:
            circulation.append(stage3.Recipient(CirculationKind.ADVOCATE, data.get("advocate", "")))
        if "stage2_ip" in self.fields:
            circulation.append(
                stage3.Recipient(CirculationKind.STAGE2_IP, data.get("stage2_ip", ""))
            )
        circulation += [
            stage3.Recipient(CirculationKind.OTHER, line.strip())
            for line in data.get("others", "").splitlines()
            if line.strip()
        ]
        data["circulation"] = circulation
        return data


@step(
    "issue_panel_report",
    IssuePanelReportForm,
    template=STEP_TEMPLATE,
    guidance="The panel's report summarises the representations and gives its "
    "recommendations. It must go to the council, the complainant, their advocate if they have "
    "one, the Stage 2 Independent Person and anyone else the panel thinks has a sufficient "
    "interest, within 5 working days of the meeting. The council's 15 working days to respond "
    "start when it receives the report.",
)
def _report(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage3.issue_panel_report(
        complaint,
        by=user,
        summary_of_representations=data["summary_of_representations"],
        sent_on=data["sent_on"],
        circulation=data["circulation"],
        no_recommendations=data.get("no_recommendations", False),
        late_reason=data["late_reason"],
        letter_sent_on=data["letter_sent_on"],
    )


# -- the council's response ---------------------------------------------------------------------


@dataclass(frozen=True)
class PanelRecommendationSection:
    recommendation: Recommendation
    accepted: BoundField
    reasons: BoundField
    action: BoundField
    owner: BoundField
    due_on: BoundField


class RespondToPanelForm(StepForm):
    """One page for the response: how the Stage 2 Independent Person took part, a question
    set for every recommendation of the panel (as the adjudication page has for Stage 2), the
    Ombudsman information, and the date."""

    submit_label = "Record the response"
    ip_participation = text(
        "How did the Stage 2 Independent Person take part in considering the recommendations?",
        hint="For example, the meeting they attended and the views they gave.",
        long=True,
        rows=3,
    )
    ombudsman_information_given = checkbox(
        "The response tells the complainant they can take the complaint to the Local "
        "Government and Social Care Ombudsman, with the Ombudsman's contact details"
    )
    response_sent_on = case_date("Date the response was sent", what="the date it was sent")
    late_reason, letter_sent_on = _late_fields("the response")

    def more_fields(self) -> dict[str, forms.Field]:
        self.recommendation_list = [
            r for r in self.complaint.recommendations.all().select_related("action") if r.stage == 3
        ]
        fields: dict[str, forms.Field] = {}
        for rec in self.recommendation_list:
            n = rec.number
            fields |= {
                f"rec_{n}_accepted": yes_no(
                    f"Does the council accept recommendation {n}?",
                    message=f"Select whether the council accepts recommendation {n}",
                    answers=("Yes, accept it", "No, do not accept it"),
                    inline=False,
                ),
                f"rec_{n}_reasons": text(
                    f"Reasons for the decision on recommendation {n}",
                    message=f"Enter the reasons for the decision on recommendation {n}",
                    hint="The complainant is given these reasons, whatever the decision.",
                    long=True,
                    rows=3,
                ),
                f"rec_{n}_action": text(
                    f"What will be done about recommendation {n}?",
                    hint="Only if it is accepted.",
                    long=True,
                    rows=2,
                ),
                f"rec_{n}_owner": text(
                    f"Who is responsible for the action on recommendation {n}?",
                    hint="A named person or post. Only if it is accepted.",
                    max_length=200,
                ),
                f"rec_{n}_due_on": case_date(
                    f"When must the action on recommendation {n} be done by?",
                    what=f"the date the action on recommendation {n} is due",
                    hint="Only if it is accepted. For example, 27 3 2026",
                    required=False,
                ),
            }
        return fields

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.independent_person = stage3.stage2_independent_person(self.complaint)
        field = self.fields["ip_participation"]
        if self.independent_person is None:
            field.label = "How was the panel's report considered? (optional)"
            field.help_text = "This complaint had no Independent Person at Stage 2."
        else:
            field.help_text = (
                f"{self.independent_person.person} was the Stage 2 Independent Person. The "
                "council considers the report together with them. " + field.help_text
            )
        s3 = _stage3(self.complaint)
        if s3 is not None and s3.response_due_on:
            self.fields[
                "late_reason"
            ].help_text = (
                f"Only needed if the response was sent after {long_date(s3.response_due_on)}."
            )

    @property
    def facts(self) -> list[tuple[str, str]]:
        s3 = _stage3(self.complaint)
        if s3 is None:
            return []
        return [
            ("Panel report received", long_date(s3.report_received_on)),
            ("Response due (15 working days)", long_date(s3.response_due_on)),
        ]

    def sections(self) -> list[PanelRecommendationSection]:
        return [
            PanelRecommendationSection(
                recommendation=rec,
                accepted=self[f"rec_{rec.number}_accepted"],
                reasons=self[f"rec_{rec.number}_reasons"],
                action=self[f"rec_{rec.number}_action"],
                owner=self[f"rec_{rec.number}_owner"],
                due_on=self[f"rec_{rec.number}_due_on"],
            )
            for rec in self.recommendation_list
        ]

    def clean(self) -> dict[str, Any]:
        """An accepted recommendation needs its action, owner and due date (rules 37, 38)."""
        data = super().clean()
        if self.independent_person is not None and not data.get("ip_participation", "").strip():
            self.add_error(
                "ip_participation",
                "Enter how the Stage 2 Independent Person took part in considering the "
                "recommendations",
            )
        for rec in self.recommendation_list:
            n = rec.number
            if data.get(f"rec_{n}_accepted") is not True:
                continue
            if not data.get(f"rec_{n}_action", "").strip():
                self.add_error(
                    f"rec_{n}_action", f"Enter what will be done about recommendation {n}"
                )
            if not data.get(f"rec_{n}_owner", "").strip():
                self.add_error(f"rec_{n}_owner", f"Enter who is responsible for recommendation {n}")
            if data.get(f"rec_{n}_due_on") is None and f"rec_{n}_due_on" not in self.errors:
                self.add_error(
                    f"rec_{n}_due_on", f"Enter the date the action on recommendation {n} is due"
                )
        if not self.errors:
            data["decisions"] = [
                self._decision(rec.number, data) for rec in self.recommendation_list
            ]
        return data

    @staticmethod
    def _decision(n: int, data: dict[str, Any]) -> stage3.RecommendationDecision:
        accepted = data[f"rec_{n}_accepted"]
        due_on: date | None = data.get(f"rec_{n}_due_on")
        return stage3.RecommendationDecision(
            n,
            accepted,
            data[f"rec_{n}_reasons"],
            action=data[f"rec_{n}_action"] if accepted else "",
            owner=data[f"rec_{n}_owner"] if accepted else "",
            due_on=due_on if accepted else None,
        )


@step(
    "respond_to_panel",
    RespondToPanelForm,
    template="complaints/steps/stage3_respond_to_panel.html",
    guidance="The council considers the panel's report together with the Stage 2 Independent "
    "Person, decides on every recommendation and writes to the complainant within 15 working "
    "days of receiving the report. The council need not accept a recommendation, but it must "
    "give its reasons. For each one it accepts, say what will be done, who is responsible and "
    "by when.",
)
def _respond(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage3.respond_to_panel(
        complaint,
        by=user,
        ip_participation=data["ip_participation"],
        recommendations=data["decisions"],
        ombudsman_information_given=data["ombudsman_information_given"],
        response_sent_on=data["response_sent_on"],
        late_reason=data["late_reason"],
        letter_sent_on=data["letter_sent_on"],
    )
