"""Stage 2 step forms: accepting or refusing the request, the clock, appointments, the
Statement of Complaint and closing for non-engagement (domain.md rules 15 to 24).

Each form asks only what its action needs; the rules themselves live in the actions, which
raise ``Refused`` with the field at fault so the page shows the reason beside that box.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import formset_factory

from heard.complaints.actions import stage2
from heard.complaints.models import Complaint, StatementVersion
from heard.complaints.models.choices import Route
from heard.complaints.steps import step
from heard.complaints.steps.fields import (
    ROUTE_CHOICES,
    PersonChoiceField,
    StepForm,
    channel_field,
    date_field,
    happened_on_field,
    long_date,
    optional_long_date,
    short_text,
    staff_with_role,
    text_area,
)
from heard.govuk_forms import GovukFormMixin
from heard.numbers import WholeNumberField, whole_number
from heard.people.models import User
from heard.people.roles import StaffRole

# -- the request --------------------------------------------------------------------------


class AcceptStage2Form(StepForm):
    accepted_on = date_field("the date the request was accepted", "Date accepted")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        requested = self.complaint.stage2.requested_on
        self.fields["accepted_on"].help_text = (
            f"The request was made on {long_date(requested)}. "
            + self.fields["accepted_on"].help_text
        )


@step(
    "accept_stage2",
    AcceptStage2Form,
    guidance="Accepting starts the Stage 2 investigation. The response is due 25 working days "
    "after the request, and can be extended to no more than 65 working days.",
)
def _accept(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.accept_stage2(complaint, by=user, accepted_on=data["accepted_on"])


class RefuseStage2Form(StepForm):
    on = happened_on_field("Date of the refusal", "the date of the refusal")
    reasons = text_area(
        "Why is the request being refused?",
        "The letter to the complainant must give these reasons.",
        error="Enter the reasons for refusing",
    )
    signed_off_by = PersonChoiceField(
        queryset=User.objects.none(),
        label="Senior manager who signed off the refusal",
        help_text="Only an adjudicating officer can sign off a refusal.",
        empty_label="Choose a senior manager",
    )
    letter_sent_on = date_field(
        "the date of the letter",
        "Date of the letter to the complainant",
        "The letter must give the Local Government and Social Care Ombudsman's contact details.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["signed_off_by"])
        # The person refusing cannot sign off their own refusal.
        field.queryset = staff_with_role(StaffRole.ADJUDICATING_OFFICER).exclude(pk=self.user.pk)
        field.error_messages["required"] = "Choose the senior manager who signed off the refusal"
        field.error_messages["invalid_choice"] = "Choose a senior manager from the list"


@step(
    "refuse_stage2",
    RefuseStage2Form,
    guidance="Refusing a Stage 2 request is not a normal outcome: a complainant who asks for "
    "Stage 2 should get it. A refusal needs a senior manager's sign-off and a letter giving "
    "the reasons and the Local Government and Social Care Ombudsman's contact details. "
    "Refusals are counted in the annual report.",
)
def _refuse(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.refuse_stage2(complaint, by=user, **data)


class ExtendStage2Form(StepForm):
    on = happened_on_field("Date of the decision to extend", "the date of the decision")
    new_due_on = date_field("the new due date", "New due date")
    reason = text_area(
        "Why is more time needed?",
        "For example, the number of points, or people who cannot be interviewed until later.",
        error="Enter the reason for the extension",
    )
    letter_sent_on = date_field(
        "the date of the letter",
        "Date of the letter telling the complainant",
        "The letter must give the reason and the new date.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        s2 = self.complaint.stage2
        current, limit = s2.due_on or s2.request_due_on, s2.cap_on or s2.request_cap_on
        parts = []
        if current:
            parts.append(f"Stage 2 is due on {long_date(current)}.")
        if limit:
            parts.append(f"It cannot be extended beyond 65 working days: {long_date(limit)}.")
        if s2.request_due_on and (current, limit) != (s2.request_due_on, s2.request_cap_on):
            # Decisions for Heard 3: the Ombudsman counts from the request, whatever the setting.
            parts.append(
                f"Counted from the request, as the Ombudsman counts, it was due on "
                f"{long_date(s2.request_due_on)} and the latest date is "
                f"{optional_long_date(s2.request_cap_on)}."
            )
        parts.append("The new date must be a working day.")
        self.fields["new_due_on"].help_text = " ".join(
            [*parts, str(self.fields["new_due_on"].help_text)]
        )


@step(
    "extend_stage2",
    ExtendStage2Form,
    guidance="Stage 2 should be answered within 25 working days. It can be extended only by a "
    "recorded decision with a reason and a letter to the complainant, and never beyond 65 "
    "working days.",
)
def _extend(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.extend_stage2(complaint, by=user, **data)


# -- copies and starting ------------------------------------------------------------------


class SendCopyForm(StepForm):
    recipient = short_text(
        "Who was it sent to?",
        "Name and job title, for example 'Jo Smith, team manager'.",
        error="Enter who the copy was sent to",
    )
    part = short_text(
        "What was sent?",
        "Write 'The whole complaint', or say which part.",
        error="Enter what was sent",
        max_length=300,
    )
    sent_on = date_field("the date it was sent", "Date sent")
    method = channel_field("How was it sent?", "Choose how the copy was sent")


@step(
    "send_copy",
    SendCopyForm,
    guidance="Send a copy of the complaint, or the part that concerns them, to anyone involved "
    "in it.",
)
def _send_copy(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.send_copy(complaint, by=user, **data)


class StartInvestigationForm(StepForm):
    """Only the date: the button is the decision."""

    on = happened_on_field("Date the investigation started", "the date it started")


@step(
    "start_investigation",
    StartInvestigationForm,
    template="complaints/steps/start_investigation.html",
    guidance="Start the investigation once the Investigating Officer (and, for a Children Act "
    "complaint, the Independent Person) is appointed. They can then contact the complainant "
    "to agree the Statement of Complaint.",
)
def _start(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.start_investigation(complaint, by=user, on=data["on"])


class FirstContactForm(StepForm):
    contacted_on = date_field(
        "the date of first contact",
        "Date of first contact",
        "The statement should be agreed within 10 working days of this date.",
    )


@step(
    "record_first_contact",
    FirstContactForm,
    guidance="Record when the Investigating Officer or Independent Person first spoke to or "
    "wrote to the complainant. The complainant is asked to agree the Statement of Complaint "
    "within 10 working days of it.",
)
def _first_contact(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.record_first_contact(complaint, by=user, **data)


# -- the Statement of Complaint -----------------------------------------------------------

BLANK_ROWS = 3


class PointForm(GovukFormMixin, forms.Form):
    """One point of the statement. A row left empty is no point (so clearing removes one)."""

    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    desired_outcomes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    route = forms.ChoiceField(
        choices=ROUTE_CHOICES, initial=Route.STATUTORY, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, number: int, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Labels name the point, so each box makes sense on its own and in the error summary.
        self.number = number
        self.fields["text"].label = f"What is complaint point {number}?"
        self.fields[
            "desired_outcomes"
        ].label = f"What does the complainant want to happen about point {number}?"
        self.fields["route"].label = f"Which procedure does point {number} follow?"
        self.fields["route"].inline = True  # type: ignore[attr-defined]
        if new:
            self.fields["text"].help_text = "Leave blank if there is no further point."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        text, outcomes = data.get("text", "").strip(), data.get("desired_outcomes", "").strip()
        if outcomes and not text:
            self.add_error("text", f"Enter complaint point {self.number}, or clear its outcome")
        if text and not outcomes:
            self.add_error(
                "desired_outcomes",
                f"Enter what the complainant wants to happen about point {self.number}",
            )
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("text", "").strip() or data.get("desired_outcomes", "").strip())


class BasePointFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        position = index if index is not None else self.total_form_count()
        return {"number": position + 1, "new": position >= self.initial_form_count()}


PointFormSet = formset_factory(
    PointForm, formset=BasePointFormSet, extra=BLANK_ROWS, max_num=60, validate_max=True
)


class StatementForm(StepForm):
    """The statement editor: every point as a row, blank rows to add more, and the version
    the editor was loaded from, so a save over someone else's newer version is refused and
    shown beside this user's unsaved text rather than lost."""

    based_on_version = WholeNumberField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        loaded = self._latest()
        self.fields["based_on_version"].initial = loaded.number if loaded else 0
        initial = [
            {"text": p.text, "desired_outcomes": p.desired_outcomes, "route": p.route}
            for p in self.complaint.points.order_by("number")
        ]
        self.points = PointFormSet(
            self.data if self.is_bound else None, initial=initial, prefix="points"
        )

    def _latest(self) -> StatementVersion | None:
        return self.complaint.statement_versions.order_by("-number").first()

    def is_valid(self) -> bool:
        rows_valid = self.points.is_valid()
        return super().is_valid() and rows_valid

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.points.is_valid():
            data["points"] = [
                stage2.PointInput(
                    text=row.cleaned_data["text"].strip(),
                    desired_outcomes=row.cleaned_data["desired_outcomes"].strip(),
                    route=row.cleaned_data["route"],
                )
                for row in self.points.forms
                if not row.is_blank
            ]
        return data

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.point_errors or self.points.non_form_errors())

    @property
    def point_errors(self) -> list[tuple[Any, str]]:
        """Every error in the rows, as (bound field, message), for the error summary."""
        if not self.is_bound:
            return []
        return [
            (row[name], message)
            for row in self.points.forms
            for name, messages in row.errors.items()
            for message in messages
        ]

    @property
    def current(self) -> StatementVersion | None:
        """The version saved now, read afresh: after a refused save it is the other person's."""
        if not hasattr(self, "_current"):
            self._current = self._latest()
        return self._current

    @property
    def conflict(self) -> StatementVersion | None:
        """The newer version someone else saved since this editor was loaded, if any."""
        if not self.is_bound:
            return None
        based_on = whole_number(self.data.get("based_on_version"))
        if based_on is None:
            return None
        current = self.current
        return current if current is not None and current.number != based_on else None

    @property
    def version_to_submit(self) -> int:
        """The version the next save is based on. After a clash the user has seen the newer
        version beside their own text, so saving again deliberately replaces it."""
        if self.conflict is not None:
            return self.conflict.number
        return whole_number(self["based_on_version"].value()) or 0


@step(
    "save_statement",
    StatementForm,
    template="complaints/steps/save_statement.html",
    guidance="Write down each point of the complaint in the complainant's words, with what they "
    "want to happen about it. Each save keeps a new version. Once the complainant agrees the "
    "statement it is locked.",
)
def _save_statement(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.save_statement(
        complaint, by=user, based_on_version=data["based_on_version"], points=data["points"]
    )


class AgreeStatementForm(StepForm):
    agreed_on = date_field("the date the complainant agreed", "Date the complainant agreed")
    how = short_text(
        "How did they agree?",
        "For example, 'Signed the statement' or 'By email'.",
        error="Enter how the complainant agreed",
    )


@step(
    "agree_statement",
    AgreeStatementForm,
    guidance="The statement is agreed only when the complainant has confirmed it, for example by "
    "signing it or replying by email. After that it is locked: a new point can only be added "
    "by the Complaints Manager, exceptionally.",
)
def _agree(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.agree_statement(complaint, by=user, **data)


class AddPointForm(StepForm):
    on = happened_on_field("Date of the decision", "the date of the decision")
    text = text_area(
        "What is the new complaint point?", error="Enter the new complaint point", rows=3
    )
    desired_outcomes = text_area(
        "What does the complainant want to happen?",
        error="Enter what the complainant wants to happen",
        rows=2,
    )
    route = forms.ChoiceField(
        label="Which procedure does this point follow?",
        choices=ROUTE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which procedure the point follows"},
    )
    reasons = text_area(
        "Why is this exceptional?",
        "Points are not normally added once the statement is agreed. Say why this one must be.",
        error="Enter why adding this point is exceptional",
    )
    new_due_on = date_field("the new due date", "New Stage 2 due date (optional)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        s2 = self.complaint.stage2
        current, limit = s2.due_on or s2.request_due_on, s2.cap_on or s2.request_cap_on
        hint = "Leave blank to keep the current due date"
        if current:
            hint += f", {long_date(current)}"
        hint += "."
        if limit:
            hint += f" The latest possible date is {long_date(limit)} (65 working days)."
        self.fields["new_due_on"].help_text = f"{hint} {self.fields['new_due_on'].help_text}"


@step(
    "add_point_exceptionally",
    AddPointForm,
    guidance="This is exceptional. The complainant agreed not to add complaints once the "
    "statement was agreed; only the Complaints Manager can allow a new point, with reasons. "
    "Review the timescale: you can move the due date here, but no further than 65 working "
    "days, and no clock starts again.",
)
def _add_point(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.add_point_exceptionally(complaint, by=user, **data)


# -- closing and reopening ----------------------------------------------------------------


class CloseForm(StepForm):
    on = happened_on_field("Date it was closed", "the date it was closed")
    reasons = text_area(
        "Why are you closing the investigation?",
        "Say what was tried and why the investigation cannot go on.",
        error="Enter the reasons for closing",
    )
    letter_sent_on = date_field("the date of the closure letter", "Date of the closure letter")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attempts = list(self.complaint.contact_attempts.order_by("made_on", "id"))


@step(
    "close_for_non_engagement",
    CloseForm,
    template="complaints/steps/close_for_non_engagement.html",
    guidance="The complainant must have had at least two opportunities to engage with the "
    "investigators. Closing is the Complaints Manager's decision, with reasons, and the "
    "complainant must be sent a closure letter.",
)
def _close(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.close_for_non_engagement(complaint, by=user, **data)


class ReopenForm(StepForm):
    on = happened_on_field("Date it was reopened", "the date it was reopened")
    reasons = text_area(
        "What are the exceptional reasons for reopening?",
        error="Enter the reasons for reopening",
    )


@step(
    "reopen",
    ReopenForm,
    guidance="An investigation closed because the complainant did not engage is reopened only "
    "for exceptional reasons. The Stage 2 due date is not reset.",
)
def _reopen(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    stage2.reopen(complaint, by=user, **data)
