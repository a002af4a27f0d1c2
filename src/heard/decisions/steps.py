"""Decision step forms: findings, recommendations, the report and its fact-check, the
Independent Person's view and report, adjudication and its letter (domain.md rules 25 to 29).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils import timezone

from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.models.choices import Finding as FindingOutcome
from heard.complaints.steps import step
from heard.complaints.steps.fields import (
    StepForm,
    date_field,
    happened_on_field,
    point_field,
    short_text,
    text_area,
    yes_no_field,
)
from heard.decisions import actions
from heard.decisions.models import Recommendation
from heard.timescales.dates import due

# -- the Investigating Officer's report ---------------------------------------------------


class FindingForm(StepForm):
    outcome = forms.ChoiceField(
        label="What is your finding?",
        choices=FindingOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a finding"},
    )
    reasons = text_area(
        "Reasons for the finding",
        "What should have happened, what did happen, and the evidence, on the balance of "
        "probabilities.",
        error="Enter the reasons for the finding",
        rows=8,
    )

    field_order = ["point"]

    def more_fields(self) -> dict[str, forms.Field]:
        return {"point": point_field(self.complaint)}


@step(
    "record_finding",
    FindingForm,
    guidance="Record one finding for each point of the agreed Statement of Complaint. Recording "
    "a finding for a point again replaces the earlier one.",
)
def _finding(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.record_finding(complaint, by=user, **data)


class RecommendationForm(StepForm):
    text = text_area(
        "Recommendation",
        "What the council should do to put things right or to learn from the complaint.",
        error="Enter the recommendation",
    )


@step(
    "add_recommendation",
    RecommendationForm,
    guidance="Recommendations are numbered in the order you add them. The adjudicating officer "
    "decides whether to accept each one.",
)
def _recommendation(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.add_recommendation(complaint, by=user, **data)


class SendFactCheckForm(StepForm):
    sent_on = date_field("the date the draft was sent", "Date the draft was sent")


@step(
    "send_fact_check",
    SendFactCheckForm,
    guidance="Send the draft report to be checked for factual accuracy before it is made final. "
    "Every point needs a finding first.",
)
def _send_fact_check(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.send_fact_check(complaint, by=user, **data)


class ReturnFactCheckForm(StepForm):
    returned_on = date_field("the date it came back", "Date the fact-check came back")
    comments = text_area(
        "Comments received",
        "The factual corrections asked for, and what you changed. Leave blank if there were none.",
        required=False,
    )


@step("return_fact_check", ReturnFactCheckForm, guidance="Record the fact-check's return.")
def _return_fact_check(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.return_fact_check(complaint, by=user, **data)


class FinaliseForm(StepForm):
    final_on = date_field("the date of the final report", "Date of the final report")
    summary = text_area(
        "Summary of the report (optional)",
        "A few lines the adjudicating officer and complaints team can read first.",
        required=False,
    )


@step(
    "finalise_report",
    FinaliseForm,
    guidance="The report can be made final only when every point has a finding and the "
    "fact-check has come back. It then goes to the Independent Person and the adjudicating "
    "officer.",
)
def _finalise(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.finalise_report(complaint, by=user, **data)


# -- the Independent Person ---------------------------------------------------------------


class IpViewForm(StepForm):
    agrees = yes_no_field(
        "Do you agree with the Investigating Officer's finding?",
        "Yes, I agree",
        "No, I disagree",
        "Choose whether you agree with the finding",
    )
    comments = text_area(
        "Comments",
        "If you disagree, say why. You can also comment when you agree.",
        required=False,
    )

    field_order = ["point"]

    def more_fields(self) -> dict[str, forms.Field]:
        return {"point": point_field(self.complaint)}


@step(
    "record_ip_view",
    IpViewForm,
    guidance="Give your view on the Investigating Officer's finding on each complaint point.",
)
def _ip_view(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.record_ip_view(complaint, by=user, **data)


class IpReportForm(StepForm):
    fair_and_complete = yes_no_field(
        "Was the investigation fair and complete?",
        "Yes",
        "No",
        "Choose whether the investigation was fair and complete",
    )
    concerns = text_area(
        "Concerns",
        "If it was unfair or incomplete, explain why.",
        required=False,
    )
    submitted_on = date_field("the date of your report", "Date of your report")


@step(
    "submit_ip_report",
    IpReportForm,
    guidance="Submit your report once you have given a view on every finding. It goes to the "
    "adjudicating officer with the Investigating Officer's report.",
)
def _ip_report(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.submit_ip_report(
        complaint,
        by=user,
        fair_and_complete=data["fair_and_complete"],
        concerns=data["concerns"],
        submitted_on=data["submitted_on"],
    )


# -- adjudication -------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingSection:
    """One point on the adjudication page: the finding, the IP's view and the two questions."""

    point: ComplaintPoint
    outcome: str
    finding_reasons: str
    ip_view: str
    accepted: BoundField
    reasons: BoundField


@dataclass(frozen=True)
class RecommendationSection:
    recommendation: Recommendation
    accepted: BoundField
    reasons: BoundField
    action: BoundField
    owner: BoundField
    due_on: BoundField


class AdjudicateForm(StepForm):
    """One page for the whole decision: a question pair for every finding and a question set
    for every Stage 2 recommendation, built from this complaint's points and recommendations.
    """

    on = happened_on_field("Date of the adjudication", "the date of the adjudication")

    def more_fields(self) -> dict[str, forms.Field]:
        """Two questions per point and five per recommendation; the points and
        recommendations are kept for laying the page out in sections."""
        self.point_list = list(
            self.complaint.points.order_by("number").select_related("finding", "ip_view")
        )
        self.recommendation_list = list(
            self.complaint.recommendations.filter(stage=2).select_related("action")
        )
        fields: dict[str, forms.Field] = {}
        for point in self.point_list:
            fields |= self._finding_fields(point)
        for rec in self.recommendation_list:
            fields |= self._recommendation_fields(rec)
        return fields

    def _finding_fields(self, point: ComplaintPoint) -> dict[str, forms.Field]:
        n = point.number
        finding = getattr(point, "finding", None)
        if finding is not None and finding.adjudication_accepted is not None:
            self.initial[f"finding_{n}_accepted"] = "yes" if finding.adjudication_accepted else "no"
            self.initial[f"finding_{n}_reasons"] = finding.adjudication_reasons
        return {
            f"finding_{n}_accepted": yes_no_field(
                f"Do you accept the finding on point {n}?",
                "Yes, accept the finding",
                "No, do not accept it",
                f"Choose whether you accept the finding on point {n}",
            ),
            f"finding_{n}_reasons": text_area(
                f"Reasons for your decision on point {n}",
                error=f"Enter the reasons for your decision on point {n}",
                rows=3,
            ),
        }

    def _recommendation_fields(self, rec: Recommendation) -> dict[str, forms.Field]:
        n = rec.number
        if rec.accepted is not None:
            self.initial[f"rec_{n}_accepted"] = "yes" if rec.accepted else "no"
            self.initial[f"rec_{n}_reasons"] = rec.decision_reasons
            action = getattr(rec, "action", None)
            if action is not None:
                self.initial[f"rec_{n}_action"] = action.description
                self.initial[f"rec_{n}_owner"] = action.owner
                self.initial[f"rec_{n}_due_on"] = action.due_on
        return {
            f"rec_{n}_accepted": yes_no_field(
                f"Do you accept recommendation {n}?",
                "Yes, accept it",
                "No, do not accept it",
                f"Choose whether you accept recommendation {n}",
            ),
            f"rec_{n}_reasons": text_area(
                f"Reasons for your decision on recommendation {n}",
                error=f"Enter the reasons for your decision on recommendation {n}",
                rows=3,
            ),
            f"rec_{n}_action": text_area(
                f"What will be done about recommendation {n}?",
                "Only if you accept it.",
                required=False,
                rows=2,
            ),
            f"rec_{n}_owner": short_text(
                f"Who is responsible for the action on recommendation {n}?",
                "A named person or post. Only if you accept it.",
                required=False,
            ),
            f"rec_{n}_due_on": date_field(
                f"the date the action on recommendation {n} is due",
                f"When must the action on recommendation {n} be done by?",
                "Only if you accept it.",
                required=False,
            ),
        }

    def finding_sections(self) -> list[FindingSection]:
        sections = []
        for point in self.point_list:
            n = point.number
            finding = getattr(point, "finding", None)
            view = getattr(point, "ip_view", None)
            ip_view = ""
            if view is not None:
                ip_view = "Agrees" if view.agrees else "Disagrees"
                ip_view += f": {view.comments}" if view.comments else ""
            sections.append(
                FindingSection(
                    point=point,
                    outcome=finding.get_outcome_display() if finding else "No finding",
                    finding_reasons=finding.reasons if finding else "",
                    ip_view=ip_view,
                    accepted=self[f"finding_{n}_accepted"],
                    reasons=self[f"finding_{n}_reasons"],
                )
            )
        return sections

    def recommendation_sections(self) -> list[RecommendationSection]:
        return [
            RecommendationSection(
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
        """An accepted recommendation needs its action, owner and due date (rule 28)."""
        data = super().clean()
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
            data["decisions"] = self._decisions(data)
        return data

    def _decisions(self, data: dict[str, Any]) -> dict[str, Any]:
        """The cleaned answers in the shape the action takes."""
        findings = [
            actions.FindingDecision(
                p.number, data[f"finding_{p.number}_accepted"], data[f"finding_{p.number}_reasons"]
            )
            for p in self.point_list
        ]
        recommendations = []
        for rec in self.recommendation_list:
            n = rec.number
            accepted = data[f"rec_{n}_accepted"]
            due_on: date | None = data.get(f"rec_{n}_due_on")
            recommendations.append(
                actions.RecommendationDecision(
                    n,
                    accepted,
                    data[f"rec_{n}_reasons"],
                    action=data[f"rec_{n}_action"] if accepted else "",
                    owner=data[f"rec_{n}_owner"] if accepted else "",
                    due_on=due_on if accepted else None,
                )
            )
        return {"findings": findings, "recommendations": recommendations}


@step(
    "adjudicate",
    AdjudicateForm,
    template="complaints/steps/adjudicate.html",
    guidance="Read the Investigating Officer's report and the Independent Person's report, then "
    "decide on every finding and every recommendation. For each recommendation you accept, "
    "say what will be done, who is responsible and by when.",
)
def _adjudicate(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.adjudicate(complaint, by=user, **data["decisions"], on=data["on"])


class LetterForm(StepForm):
    """The letter's date; the page lists what the letter must say, with the agreed actions
    and the Stage 3 date the letter gives if it goes today."""

    sent_on = date_field("the date the letter was sent", "Date the letter was sent")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actions = list(self.complaint.actions.order_by("due_on", "id"))
        self.stage3_by_if_sent_today = due(timezone.localdate(), "stage3_request")


@step(
    "send_adjudication_letter",
    LetterForm,
    template="complaints/steps/send_adjudication_letter.html",
    guidance="Stage 2 is complete only when the adjudication letter is sent; whether it was on "
    "time is judged on this date.",
)
def _letter(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.send_adjudication_letter(complaint, by=user, **data)
