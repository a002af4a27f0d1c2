"""Step forms for agreed actions and archiving (domain.md rule 38).

The "which action" choices list only this complaint's actions in the state the step needs
(open ones to record as done, done ones to sign off); the actions check that again.
"""

from __future__ import annotations

from typing import Any

from django import forms

from heard.complaints.models import Complaint
from heard.complaints.steps import step
from heard.complaints.steps.fields import (
    StepForm,
    date_field,
    happened_on_field,
    short_text,
    text_area,
)
from heard.decisions import tracking
from heard.decisions.models import Action
from heard.timescales.dates import long_date

CHOOSE_TEMPLATE = "complaints/steps/choose.html"


class ActionField(forms.ModelChoiceField):
    """An action, as "what (who, due when)"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{tracking.shorten(obj.description, 90)} ({obj.owner}, due {long_date(obj.due_on)})"


class ChooseActionForm(StepForm):
    """A form whose first question is one of this complaint's actions in ``state``."""

    state: str = Action.State.OPEN
    empty_message = ""
    field_order = ["action"]

    def more_fields(self) -> dict[str, forms.Field]:
        queryset = (
            Action.objects.filter(complaint=self.complaint, state=self.state)
            .select_related("completed_recorded_by")
            .order_by("due_on", "id")
        )
        self.choices = list(queryset)
        field = ActionField(
            queryset=queryset, label="Which action?", empty_label=None, widget=forms.RadioSelect
        )
        field.error_messages["required"] = "Choose the action"
        field.error_messages["invalid_choice"] = "Choose one of the actions listed"
        if len(self.choices) == 1:
            self.initial.setdefault("action", self.choices[0].pk)
        return {"action": field}

    @property
    def nothing_to_choose(self) -> str:
        return "" if self.choices else self.empty_message


# -- agreeing an action at Stage 1 ----------------------------------------------------------


class AgreeStage1ActionForm(StepForm):
    text = text_area(
        "What has the council agreed to do?",
        "For example, 'Reinstate the weekly contact sessions' or 'Apologise in writing'.",
        error="Enter what the council has agreed to do",
        rows=3,
    )
    owner = short_text(
        "Who is responsible for doing it?",
        "A named person or post, for example 'Team manager, Children in Care'.",
        error="Enter who is responsible for doing it",
    )
    due_on = date_field("the date it must be done by", "When must it be done by?")
    submit_label = "Record the action"


@step(
    "agree_stage1_action",
    AgreeStage1ActionForm,
    template="complaints/step_form.html",
    guidance="If the council agrees at Stage 1 to put something right, record it here with "
    "who will do it and by when. It is tracked until it is done and signed off, like actions "
    "agreed at later stages.",
)
def _agree(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    tracking.agree_stage1_action(complaint, by=user, **data)


# -- doing and signing off ------------------------------------------------------------------


class CompleteActionForm(ChooseActionForm):
    state = Action.State.OPEN
    empty_message = "There are no open actions on this complaint."
    evidence = text_area(
        "Evidence that it was done",
        "What shows it was done and where it is kept, for example 'Apology letter sent 3 March, "
        "on file' or 'Payment reference 12345'.",
        error="Describe the evidence that it was done",
        rows=4,
    )
    completed_on = date_field("the date it was done", "Date it was done")
    submit_label = "Record as done"


@step(
    "complete_action",
    CompleteActionForm,
    template=CHOOSE_TEMPLATE,
    guidance="An action is done only when there is evidence of it. The Complaints Manager then "
    "checks the evidence and signs it off.",
)
def _complete(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    tracking.complete_action(complaint, by=user, **data)


class SignOffActionForm(ChooseActionForm):
    on = happened_on_field("Date it was signed off", "the date it was signed off")
    state = Action.State.DONE
    empty_message = (
        "No action on this complaint is waiting for sign-off. An action must be recorded as "
        "done, with evidence, before it can be signed off."
    )
    submit_label = "Sign off"


@step(
    "sign_off_action",
    SignOffActionForm,
    template="complaints/steps/sign_off_action.html",
    guidance="Check the evidence that the action was done. Signing it off closes it; the "
    "complaint can be archived only when every agreed action is signed off.",
)
def _sign_off(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    tracking.sign_off_action(complaint, by=user, **data)


# -- archiving ----------------------------------------------------------------------------


class ArchiveForm(StepForm):
    """Only the date: the page shows the agreed actions the archive depends on."""

    on = happened_on_field("Date it was archived", "the date it was archived")

    submit_label = "Archive the complaint"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actions = list(self.complaint.actions.order_by("due_on", "id"))


@step(
    "archive",
    ArchiveForm,
    template="complaints/steps/archive.html",
    guidance="Archive a complaint when the procedure has ended and every action the council "
    "agreed is done and signed off. If anything new happens on it later, such as an Ombudsman "
    "enquiry, it comes back out of the archive.",
)
def _archive(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    tracking.archive(complaint, by=user, on=data["on"])
