"""Building blocks shared by every step form.

GOV.UK's error messages say what to do ("Enter the date the letter was sent", "Select
whether ..."), never "This field is required", so each builder takes the message to show when
a required answer is missing. Here are the base form (GOV.UK markup, the ``complaint`` and
``user`` every step form is given, and every date held inside the working-day calendar's
years), the usual field shapes, and the "which one of this complaint's ..." choices.
Choices always come from this complaint, so a tampered form cannot reach another complaint's
records; the actions check that again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.models.choices import Channel, Route
from heard.govuk_forms import GovukDateField, GovukFormMixin, style_field
from heard.people.models import User
from heard.timescales.bank_holidays import FIRST_YEAR, LAST_YEAR
from heard.timescales.dates import long_date
from heard.timescales.snapshot import current_calendar

__all__ = [
    "PersonChoiceField",
    "ROUTE_CHOICES",
    "StepForm",
    "channel_field",
    "date_field",
    "happened_on_field",
    "email_field",
    "long_date",
    "optional_long_date",
    "point_field",
    "short_text",
    "staff_with_role",
    "text_area",
    "yes_no_field",
    "case_date",
    "checkbox",
    "radios",
    "text",
    "yes_no",
]

# A complaint point follows one of the two complaints procedures; "another procedure" is for
# a whole contact at intake, never for a point of a Stage 2 statement.
ROUTE_CHOICES = [
    (Route.STATUTORY.value, "Statutory (Children Act 1989)"),
    (Route.CORPORATE.value, "Corporate complaints procedure"),
]


class StepForm(GovukFormMixin, forms.Form):
    """A step's form: GOV.UK markup, the complaint and user, and dates inside the calendar.

    Fields that depend on the complaint (its points, its recommendations) come from
    ``more_fields``; ``field_order`` places them among the declared ones. Every date must fall
    inside the years the working-day calendar covers, because the actions count working days
    from it; a date outside would fail later with a less helpful message.
    """

    def __init__(
        self,
        *args: Any,
        complaint: Complaint,
        user: Any,
        query: QueryDict | None = None,
        **kwargs: Any,
    ) -> None:
        self.complaint = complaint
        self.user = user
        # The page's query string: a step may answer its first question from it (the appoint
        # page's role, and the person picked from its suggestions).
        self.query = query if query is not None else QueryDict()
        super().__init__(*args, **kwargs)
        for name, field in self.more_fields().items():
            style_field(field)
            self.fields[name] = field
        self.order_fields(self.field_order)
        if "on" in self.fields:
            # The date a step happened is asked after what happened (decision 019).
            self.fields["on"] = self.fields.pop("on")
        dates = [f for f in self.fields.values() if isinstance(f, GovukDateField)]
        if dates:
            calendar = current_calendar()
            for field in dates:
                field.first_year = calendar.first_year
                field.last_year = calendar.last_year

    # The button's words, and (label, value) rows shown above the questions, such as the
    # current due date the person needs in order to answer.
    submit_label = "Save"

    @property
    def facts(self) -> list[tuple[str, str]]:
        return []

    def more_fields(self) -> dict[str, forms.Field]:
        """Fields built from this complaint, added after the declared ones."""
        return {}


def date_field(what: str, label: str, help_text: str = "", *, required: bool = True) -> Any:
    """A GOV.UK date input. ``what`` completes "Enter ..." in the error messages."""
    hint = f"{help_text} {DATE_EXAMPLE}".strip() if help_text else DATE_EXAMPLE
    return case_date(label, what=what, hint=hint, required=required)


def happened_on_field(label: str, what: str = "the date it happened") -> GovukDateField:
    """The date a step happened, for an action's ``on``: today unless the person changes it.

    Officers record on Monday what happened on Friday, and cases come over from other systems,
    so the date is asked rather than assumed; the action refuses a future date, or one before
    the step this one follows (decision 019). Left empty it means today, as the action takes
    None, so a page submitted without it (an older tab, a script) still works."""
    field = case_date(
        label, what=what, hint=f"The date it happened. {DATE_EXAMPLE}", required=False
    )
    field.initial = timezone.localdate
    return field


def text_area(
    label: str, help_text: str = "", *, required: bool = True, error: str = "", rows: int = 5
) -> forms.CharField:
    """A textarea whose "required" message says what to write, as GOV.UK asks."""
    return text(label, message=error, hint=help_text, long=True, rows=rows, required=required)


def short_text(
    label: str,
    help_text: str = "",
    *,
    required: bool = True,
    error: str = "",
    max_length: int = 200,
) -> forms.CharField:
    """A one-line text box whose "required" message says what to enter."""
    return text(label, message=error, hint=help_text, max_length=max_length, required=required)


# An email address as long as the column holds: Django's form field allows 320 characters,
# the model's column 254 (PostgreSQL refuses a longer value; SQLite would keep it).
EMAIL_LENGTH = 254


def email_field(label: str, *, required: bool = False) -> forms.EmailField:
    """An email address box whose answer always fits the column it is saved in."""
    return forms.EmailField(
        label=label,
        required=required,
        max_length=EMAIL_LENGTH,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": f"Email address must be {EMAIL_LENGTH} characters or fewer",
        },
    )


def channel_field(label: str, error: str) -> forms.ChoiceField:
    """How something was sent or received: phone, letter, email and so on, as radios."""
    return radios(label, Channel.choices, message=error, required=True)


def yes_no_field(label: str, yes: str, no: str, error: str, help_text: str = "") -> Any:
    """Two radios that give True or False (never None: one of them must be chosen)."""
    return yes_no(label, message=error, hint=help_text, answers=(yes, no), inline=False)


DATE_EXAMPLE = "For example, 27 3 2026"


def text(
    label: str,
    *,
    message: str = "",
    hint: str = "",
    long: bool = False,
    max_length: int | None = None,
    width: int | None = None,
    rows: int = 4,
    required: bool | None = None,
) -> forms.CharField:
    """A text box (``long`` for a textarea); required when ``message`` is given, unless
    ``required`` says otherwise."""
    if long:
        widget: forms.Widget = forms.Textarea(attrs={"rows": rows})
    else:
        attrs = {"class": f"govuk-input--width-{width}"} if width else {}
        widget = forms.TextInput(attrs=attrs)
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(message) if required is None else required,
        max_length=max_length,
        widget=widget,
        error_messages={
            "required": message or f"Enter {label[0].lower()}{label[1:]}",
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
    required: bool | None = None,
) -> forms.ChoiceField:
    """GOV.UK radios; required when ``message`` is given, unless ``required`` says otherwise."""
    field = forms.ChoiceField(
        label=label,
        choices=list(choices),
        help_text=hint,
        required=bool(message) if required is None else required,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message or "Select an option"},
    )
    field.inline = inline  # type: ignore[attr-defined]
    return field


def yes_no(
    label: str,
    *,
    message: str,
    hint: str = "",
    answers: tuple[str, str] = ("Yes", "No"),
    inline: bool = True,
) -> forms.TypedChoiceField:
    """A required yes-or-no question, cleaned to True or False."""
    field = forms.TypedChoiceField(
        label=label,
        choices=[("yes", answers[0]), ("no", answers[1])],
        coerce=lambda value: value == "yes",
        help_text=hint,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )
    field.inline = inline  # type: ignore[attr-defined]
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


def staff_with_role(role: str) -> QuerySet[User]:
    """Active users holding a staff role, by name: the people who may be chosen for it."""
    return (
        User.objects.filter(is_active=True, groups__name=role)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    """A person, shown with their job title when there is one."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.job_title})" if obj.job_title else str(obj)


def point_label(point: ComplaintPoint) -> str:
    text = point.text if len(point.text) <= 90 else point.text[:87].rstrip() + "…"
    return f"Point {point.number}: {text}"


class PointChoiceField(forms.ModelChoiceField):
    """One of this complaint's points, shown as "Point 2: what it says"."""

    def label_from_instance(self, obj: Any) -> str:
        return point_label(obj)


def point_field(complaint: Complaint, label: str = "Which complaint point?") -> PointChoiceField:
    field = PointChoiceField(
        queryset=complaint.points.order_by("number"),
        label=label,
        empty_label=None,
        widget=forms.RadioSelect,
    )
    field.error_messages["required"] = "Choose the complaint point"
    field.error_messages["invalid_choice"] = "Choose one of this complaint's points"
    return field


def optional_long_date(day: date | None) -> str:
    return long_date(day) if day else "not set"
