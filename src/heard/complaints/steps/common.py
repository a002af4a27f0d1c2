"""Building blocks shared by the Stage 2, investigation and decision step forms.

Each step form asks a few plain questions. What they have in common lives here: the base form
(GOV.UK markup, the ``complaint`` and ``user`` every step form is given, and every date held
inside the working-day calendar's years), the usual field shapes, and the "which one of this
complaint's ..." choices. Choices always come from this complaint, so a tampered form cannot
reach another complaint's records; the actions check that again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from heard.complaints.actions._dates import long_date
from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.models.choices import Channel, Route
from heard.govuk_forms import GovukDateField, GovukFormMixin, style_field
from heard.people.models import User
from heard.timescales.snapshot import current_calendar

__all__ = [
    "PersonChoiceField",
    "ROUTE_CHOICES",
    "StepForm",
    "channel_field",
    "date_field",
    "long_date",
    "optional_long_date",
    "point_field",
    "short_text",
    "staff_with_role",
    "text_area",
    "yes_no_field",
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

    def __init__(self, *args: Any, complaint: Complaint, user: Any, **kwargs: Any) -> None:
        self.complaint = complaint
        self.user = user
        super().__init__(*args, **kwargs)
        for name, field in self.more_fields().items():
            style_field(field)
            self.fields[name] = field
        self.order_fields(self.field_order)
        dates = [f for f in self.fields.values() if isinstance(f, GovukDateField)]
        if dates:
            calendar = current_calendar()
            for field in dates:
                field.first_year = calendar.first_year
                field.last_year = calendar.last_year

    def more_fields(self) -> dict[str, forms.Field]:
        """Fields built from this complaint, added after the declared ones."""
        return {}


def date_field(what: str, label: str, help_text: str = "", *, required: bool = True) -> Any:
    """A GOV.UK date input. ``what`` completes "Enter ..." in the error messages."""
    example = "For example, 27 3 2026"
    return GovukDateField(
        what=what,
        label=label,
        required=required,
        help_text=f"{help_text} {example}".strip() if help_text else example,
    )


def text_area(
    label: str, help_text: str = "", *, required: bool = True, error: str = "", rows: int = 5
) -> forms.CharField:
    """A textarea whose "required" message says what to write, as GOV.UK asks."""
    field = forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )
    if error:
        field.error_messages["required"] = error
    return field


def short_text(
    label: str,
    help_text: str = "",
    *,
    required: bool = True,
    error: str = "",
    max_length: int = 200,
) -> forms.CharField:
    """A one-line text box whose "required" message says what to enter."""
    field = forms.CharField(
        label=label, help_text=help_text, required=required, max_length=max_length
    )
    if error:
        field.error_messages["required"] = error
    return field


def channel_field(label: str, error: str) -> forms.ChoiceField:
    """How something was sent or received: phone, letter, email and so on, as radios."""
    field = forms.ChoiceField(label=label, choices=Channel.choices, widget=forms.RadioSelect)
    field.error_messages["required"] = error
    return field


def yes_no_field(label: str, yes: str, no: str, error: str, help_text: str = "") -> Any:
    """Two radios that give True or False (never None: one of them must be chosen)."""
    field = forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[("yes", yes), ("no", no)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    field.error_messages["required"] = error
    return field


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
