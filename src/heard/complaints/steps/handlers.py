"""The step that changes who handles a case (the Complaints Manager's)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from heard.complaints.actions.handlers import assign_handler
from heard.complaints.models import Complaint
from heard.complaints.steps import step
from heard.complaints.steps.fields import PersonChoiceField, StepForm, text_area
from heard.people.team import complaints_team


class AssignHandlerForm(StepForm):
    """Choose the complaints officer who handles the case from now on."""

    submit_label = "Change handler"

    handler = PersonChoiceField(
        label="Who should handle this case?",
        queryset=complaints_team(),
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who should handle this case",
            "invalid_choice": "Choose a complaints officer or manager from the list",
        },
    )
    reason = text_area(
        "Why is the case changing hands? (optional)",
        "For example, the handler is on leave, or to balance the team's work.",
        required=False,
        rows=3,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["handler"])
        # Read the team afresh for every form, leaving out whoever handles it now.
        current = self.complaint.handler_id
        field.queryset = complaints_team().exclude(pk=current) if current else complaints_team()

    @property
    def facts(self) -> list[tuple[str, str]]:
        now = self.complaint.handler
        return [("Handled now by", str(now) if now else "No one yet")]


@step(
    "assign_handler",
    AssignHandlerForm,
    guidance="The handler looks after the case day to day: its deadlines appear in their "
    "queue and under their cases. The change is recorded on the case.",
)
def _assign(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    assign_handler(complaint, by=user, handler=data["handler"], reason=data["reason"])
