"""Ombudsman step forms: an enquiry or investigation, its decision, the remedies it asks for
and the evidence sent back (domain.md section 6 and rule 39).

The "which case" and "which remedy" choices come from this complaint only; the actions check
that again.
"""

from __future__ import annotations

from typing import Any

from django import forms

from heard.complaints.models import Complaint
from heard.complaints.steps import step
from heard.complaints.steps.fields import (
    StepForm,
    date_field,
    radios,
    short_text,
    text_area,
)
from heard.decisions.tracking import shorten
from heard.ombudsman import actions
from heard.ombudsman.models import OmbudsmanCase, Remedy
from heard.timescales.dates import long_date

CHOOSE_TEMPLATE = "complaints/steps/choose.html"


class OmbudsmanCaseField(forms.ModelChoiceField):
    """One of this complaint's Ombudsman cases, by reference and kind."""

    def label_from_instance(self, obj: Any) -> str:
        kind = obj.get_kind_display().lower()
        return f"{obj.reference}: {kind} received {long_date(obj.received_on)}"


class RemedyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return (
            f"{obj.get_kind_display()} ({obj.case.reference}): {shorten(obj.description, 80)}, "
            f"done {long_date(obj.action.completed_on)}"
        )


def case_field(complaint: Complaint) -> OmbudsmanCaseField:
    field = OmbudsmanCaseField(
        queryset=OmbudsmanCase.objects.filter(complaint=complaint).order_by("received_on", "id"),
        label="Which Ombudsman case?",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    field.error_messages["required"] = "Choose the Ombudsman case"
    field.error_messages["invalid_choice"] = "Choose one of this complaint's Ombudsman cases"
    return field


class ChooseCaseForm(StepForm):
    """A form whose first question is one of this complaint's Ombudsman cases; with only one,
    it is chosen already."""

    field_order = ["case"]

    def more_fields(self) -> dict[str, forms.Field]:
        field = case_field(self.complaint)
        cases = list(field.queryset)  # type: ignore[arg-type]
        self.cases = cases
        if len(cases) == 1:
            self.initial.setdefault("case", cases[0].pk)
        return {"case": field}

    @property
    def nothing_to_choose(self) -> str:
        if self.cases:
            return ""
        return (
            "There is no Ombudsman enquiry or investigation on this complaint yet: record it first."
        )


# -- the enquiry or investigation ---------------------------------------------------------


class OmbudsmanCaseForm(StepForm):
    reference = short_text(
        "The Ombudsman's reference",
        "For example, 24 015 996",
        error="Enter the Ombudsman's reference",
        max_length=30,
    )
    kind = radios(
        "Is it an enquiry or an investigation?",
        OmbudsmanCase.Kind.choices,
        message="Choose whether it is an enquiry or an investigation",
    )
    received_on = date_field(
        "the date the council heard from the Ombudsman",
        "Date the council heard from the Ombudsman",
    )
    reply_due_on = date_field(
        "the date the Ombudsman wants the reply by",
        "When does the Ombudsman want the council's reply?",
        "The date in the Ombudsman's letter.",
    )
    replied_on = date_field(
        "the date the council replied",
        "Date the council replied (optional)",
        "Leave blank if the council has not replied yet.",
        required=False,
    )
    submit_label = "Record the Ombudsman case"


@step(
    "record_ombudsman_case",
    OmbudsmanCaseForm,
    template="complaints/step_form.html",
    guidance="The complainant can go to the Local Government and Social Care Ombudsman at any "
    "time, even after the complaint is closed or archived. Record each enquiry or investigation "
    "with the date the Ombudsman wants the council's reply, so the reply is not late.",
)
def _case(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.record_ombudsman_case(complaint, by=user, **data)


class OmbudsmanDecisionForm(ChooseCaseForm):
    replied_on = date_field(
        "the date the council replied", "Date the council replied", required=False
    )
    draft_decision_on = date_field(
        "the date of the draft decision", "Date of the Ombudsman's draft decision", required=False
    )
    final_decision_on = date_field(
        "the date of the final decision", "Date of the Ombudsman's final decision", required=False
    )
    # Unanswered is allowed: the decision may not be known when the reply date is recorded.
    fault_found = forms.TypedChoiceField(
        label="Did the Ombudsman find fault?",
        help_text="Leave unanswered if it has not decided yet.",
        choices=[("yes", "Yes, it found fault"), ("no", "No, it found no fault")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose whether the Ombudsman found fault"},
    )
    summary = text_area(
        "What did the Ombudsman decide? (optional)",
        "In a few lines, in your own words. Record each remedy it asks for separately.",
        required=False,
        rows=4,
    )
    submit_label = "Save"

    @property
    def facts(self) -> list[tuple[str, str]]:
        """What is recorded so far for each case, so blanks can be left as they are."""
        rows = []
        for case in self.cases:
            known = [f"reply due {long_date(case.reply_due_on)}"]
            for label, day in (
                ("replied", case.replied_on),
                ("draft decision", case.draft_decision_on),
                ("final decision", case.final_decision_on),
            ):
                if day:
                    known.append(f"{label} {long_date(day)}")
            if case.fault_found is not None:
                known.append("fault found" if case.fault_found else "no fault found")
            rows.append((case.reference, "; ".join(known)))
        return rows


@step(
    "record_ombudsman_decision",
    OmbudsmanDecisionForm,
    template=CHOOSE_TEMPLATE,
    guidance="Record the council's reply and the Ombudsman's draft and final decisions as they "
    "happen. A date left blank keeps what is already recorded.",
)
def _decision(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.record_ombudsman_decision(complaint, by=user, **data)


# -- remedies -------------------------------------------------------------------------------


class RemedyForm(ChooseCaseForm):
    kind = radios(
        "What has the Ombudsman asked the council to do?",
        Remedy.Kind.choices,
        message="Choose what the Ombudsman asked the council to do",
    )
    description = text_area(
        "Describe the remedy",
        "For example, 'Apologise in writing for the delay at Stage 2' or 'Complete Stage 2 "
        "within one month'.",
        error="Describe the remedy",
        rows=3,
    )
    amount = forms.DecimalField(
        label="Amount, in pounds (only for a payment)",
        help_text="For example, 250 or 250.50",
        required=False,
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "Enter the amount in pounds and pence, like 250 or 250.50",
            "max_digits": "Enter the amount in pounds and pence, like 250 or 250.50",
            "max_decimal_places": "Enter the amount in pounds and pence, like 250 or 250.50",
            "max_whole_digits": "Enter the amount in pounds and pence, like 250 or 250.50",
        },
    )
    compliance_due_on = date_field(
        "the date the Ombudsman wants it done by",
        "When must it be done by?",
        "The Ombudsman's date.",
    )
    owner = short_text(
        "Who will make sure it is done?",
        "A named person or post, for example 'Head of Service, Children in Care'.",
        error="Enter who will make sure it is done",
    )
    submit_label = "Record the remedy"


@step(
    "add_remedy",
    RemedyForm,
    template=CHOOSE_TEMPLATE,
    guidance="Each remedy the Ombudsman asks for becomes an agreed action with the Ombudsman's "
    "date as its due date. It is shown as overdue if it is not done by then, and the complaint "
    "cannot be archived until it is done and signed off.",
)
def _remedy(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.add_remedy(complaint, by=user, **data)


class RemedyEvidenceForm(StepForm):
    evidence_sent_on = date_field(
        "the date the evidence was sent", "Date the evidence was sent to the Ombudsman"
    )
    field_order = ["remedy"]

    def more_fields(self) -> dict[str, forms.Field]:
        done = (
            Remedy.objects.filter(
                case__complaint=self.complaint, action__completed_on__isnull=False
            )
            .select_related("case", "action")
            .order_by("compliance_due_on", "id")
        )
        self.remedies = list(done)
        field = RemedyField(
            queryset=done,
            label="Which remedy?",
            empty_label=None,
            widget=forms.RadioSelect,
        )
        field.error_messages["required"] = "Choose the remedy"
        field.error_messages["invalid_choice"] = "Choose one of this complaint's remedies"
        if len(self.remedies) == 1:
            self.initial.setdefault("remedy", self.remedies[0].pk)
        return {"remedy": field}

    @property
    def nothing_to_choose(self) -> str:
        if self.remedies:
            return ""
        return (
            "No remedy on this complaint has been recorded as done yet. Record its action as "
            "done, with the evidence, first."
        )


@step(
    "record_remedy_evidence",
    RemedyEvidenceForm,
    template=CHOOSE_TEMPLATE,
    guidance="The Ombudsman asks for evidence that each remedy was done. Record when the "
    "council sent it.",
)
def _evidence(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    actions.record_remedy_evidence(complaint, by=user, **data)
