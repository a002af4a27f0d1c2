"""Forms for the roster pages: the list's filters and the choice of provider and month."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from heard.govuk_forms import GovukFormMixin
from heard.people.models import Theme
from heard.people.roles import ROSTER_ROLES
from heard.roster.fees import parse_month, providers


class RosterFilterForm(GovukFormMixin, forms.Form):
    role = forms.ChoiceField(
        label="Role",
        required=False,
        choices=[("", "Any role"), *((r.value, r.label) for r in ROSTER_ROLES)],
        error_messages={"invalid_choice": "Choose a role from the list"},
    )
    skill = forms.ModelChoiceField(
        label="Skill",
        queryset=Theme.objects.filter(active=True),
        required=False,
        empty_label="Any skill",
        error_messages={"invalid_choice": "Choose a skill from the list"},
    )
    provider = forms.ChoiceField(
        label="Provider",
        required=False,
        error_messages={"invalid_choice": "Choose a provider from the list"},
    )
    dbs_due = forms.BooleanField(
        label="DBS check expired or expiring within 60 days", required=False
    )
    available_today = forms.BooleanField(label="Available today", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["provider"]).choices = [
            ("", "Any provider"),
            *((name, name) for name in providers()),
        ]

    def filters(self) -> dict[str, Any]:
        """The valid answers; anything invalid is left out (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class InvoiceForm(GovukFormMixin, forms.Form):
    provider = forms.ChoiceField(
        label="Provider",
        error_messages={
            "required": "Choose the provider",
            "invalid_choice": "Choose a provider from the list",
        },
    )
    month = forms.CharField(
        label="Month",
        help_text="The year and month, for example 2026-11",
        max_length=7,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the month",
            "max_length": "Enter the month as the year and month, like 2026-11",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["provider"]).choices = [
            ("", "Choose a provider"),
            *((name, name) for name in providers()),
        ]

    def clean_month(self) -> date:
        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise ValidationError("Enter the month as the year and month, like 2026-11")
        return month
