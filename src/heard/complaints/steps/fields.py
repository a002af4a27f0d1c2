"""Field builders and a base form for step forms, so every step asks its questions alike.

GOV.UK's error messages say what to do ("Enter the date the letter was sent", "Select
whether ..."), never "This field is required", so each builder takes the message to show
when a required answer is missing. Dates are GOV.UK date inputs limited to the years the
working-day calendar covers: a date outside it could not have a deadline worked out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms

from heard.complaints.models import Complaint
from heard.govuk_forms import GovukDateField, GovukFormMixin
from heard.timescales.bank_holidays import FIRST_YEAR, LAST_YEAR

YES_NO = (("yes", "Yes"), ("no", "No"))
DATE_EXAMPLE = "For example, 27 3 2026"


class CaseStepForm(GovukFormMixin, forms.Form):
    """A step form: knows the complaint and the person, for choices and hints.

    ``submit_label`` names the button; ``facts`` are (label, value) rows shown above the
    questions (the dates the person needs to answer, such as the current due date).
    """

    submit_label = "Save"

    def __init__(self, *args: Any, complaint: Complaint, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        self.user = user

    @property
    def facts(self) -> list[tuple[str, str]]:
        return []


def long_date(day: date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else "Not set"


def text(
    label: str,
    *,
    message: str = "",
    hint: str = "",
    long: bool = False,
    max_length: int | None = None,
    width: int | None = None,
) -> forms.CharField:
    """A text box (``long`` for a textarea); required when ``message`` is given."""
    if long:
        widget: forms.Widget = forms.Textarea(attrs={"rows": 4})
    else:
        attrs = {"class": f"govuk-input--width-{width}"} if width else {}
        widget = forms.TextInput(attrs=attrs)
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(message),
        max_length=max_length,
        widget=widget,
        error_messages={
            "required": message,
            "max_length": f"{label} must be %(limit_value)d characters or fewer",
        },
    )


def radios(
    label: str,
    choices: Iterable[tuple[str, str]],
    *,
    message: str = "",
    hint: str = "",
    inline: bool = False,
) -> forms.ChoiceField:
    """GOV.UK radios; required when ``message`` is given."""
    field = forms.ChoiceField(
        label=label,
        choices=list(choices),
        help_text=hint,
        required=bool(message),
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message or "Select an option"},
    )
    field.inline = inline  # type: ignore[attr-defined]
    return field


def yes_no(label: str, *, message: str, hint: str = "") -> forms.TypedChoiceField:
    """A required yes-or-no question, cleaned to True or False."""
    field = forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        help_text=hint,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )
    field.inline = True  # type: ignore[attr-defined]
    return field


def checkbox(label: str, *, hint: str = "") -> forms.BooleanField:
    return forms.BooleanField(label=label, help_text=hint, required=False)


def case_date(
    label: str, *, what: str, hint: str = "", required: bool = True, calendar: bool = True
) -> GovukDateField:
    """A GOV.UK date input; ``calendar`` limits the year to the working-day calendar's."""
    return GovukDateField(
        what=what,
        label=label,
        help_text=hint or DATE_EXAMPLE,
        required=required,
        first_year=FIRST_YEAR if calendar else None,
        last_year=LAST_YEAR if calendar else None,
    )
