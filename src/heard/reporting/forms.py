"""The reports' filters: sent by GET, so a filtered report has its own address to share."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from django import forms
from django.db import connection

from heard.complaints.models import Complaint
from heard.decisions.models import Action
from heard.govuk_forms import GovukDateField, GovukFormMixin
from heard.people.models import Theme
from heard.reporting.queries.learning import OMBUDSMAN
from heard.timescales.bank_holidays import FIRST_YEAR, LAST_YEAR


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name if obj.active else f"{obj.name} (no longer offered)"


def _date(label: str, what: str, hint: str, *, required: bool = False) -> GovukDateField:
    """A filter's date, inside the calendar's years: every case Heard holds has its dates
    there, and a year such as 9999 would leave no "day after" to count up to."""
    return GovukDateField(
        what=what,
        label=label,
        help_text=hint,
        required=required,
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
    )


class FilterForm(GovukFormMixin, forms.Form):
    """Shared by the reports: the valid answers, and any invalid one shown as an error."""

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


# Each step asks the index on team for the first team after the last one found: one short
# look-up per team (17 at 100,000 complaints) where SELECT DISTINCT reads all 100,000 index
# entries (about 11 ms on PostgreSQL, which has no skip scan). Both databases run it as
# written; the table's name comes from the model.
TEAMS_SQL = """
WITH RECURSIVE named(team) AS (
    SELECT MIN(team) FROM {table}
    UNION ALL
    SELECT (SELECT MIN(team) FROM {table} WHERE team > named.team)
    FROM named WHERE named.team IS NOT NULL
)
SELECT team FROM named WHERE team IS NOT NULL
"""


def teams_named() -> list[str]:
    """Every team named on a complaint (blank included), the same set as ``SELECT DISTINCT
    team``, found by stepping through the index on team rather than reading all of it."""
    table = connection.ops.quote_name(Complaint._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(TEAMS_SQL.format(table=table))
        return [team for (team,) in cursor.fetchall()]


class LearningFilterForm(FilterForm):
    theme = ThemeChoiceField(
        label="Theme",
        queryset=Theme.objects.order_by("name"),
        required=False,
        empty_label="Any theme",
        error_messages={"invalid_choice": "Select a theme from the list"},
    )
    team = forms.ChoiceField(label="Team", required=False)
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[
            ("", "Any stage"),
            ("1", "Stage 1"),
            ("2", "Stage 2"),
            ("3", "Stage 3"),
            (OMBUDSMAN, "Ombudsman remedies"),
        ],
    )
    state = forms.ChoiceField(
        label="Action state", required=False, choices=[("", "Any"), *Action.State.choices]
    )
    found_from = _date("Found or decided from", "the first date", "For example, 27 3 2026")
    found_to = _date("Found or decided up to", "the last date", "For example, 27 3 2026")
    overdue = forms.BooleanField(label="Overdue actions only", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = sorted(t for t in teams_named() if t)
        team = cast(forms.ChoiceField, self.fields["team"])
        team.choices = [("", "Any team"), *((t, t) for t in teams)]
        team.error_messages["invalid_choice"] = "Select a team from the list"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, last = cleaned.get("found_from"), cleaned.get("found_to")
        if first and last and last < first:
            self.add_error("found_to", "The last date must be the same as or after the first")
        return cleaned


def last_twelve_months(today: date) -> tuple[date, date]:
    """The 12 months up to and including today: 1 December 2025 to 30 November 2026."""
    return today - relativedelta(months=12) + timedelta(days=1), today


class PeriodForm(FilterForm):
    """The procedure report's period; the last 12 months when none is given."""

    period_from = _date("From", "the start of the period", "For example, 1 4 2025", required=True)
    period_to = _date("To", "the end of the period", "For example, 31 3 2026", required=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, last = cleaned.get("period_from"), cleaned.get("period_to")
        if first and last and last < first:
            self.add_error("period_to", "The end of the period must be after its start")
        return cleaned

    def period(self, today: date) -> tuple[date, date]:
        """The period asked for if valid, else the last 12 months."""
        wanted = self.filters()
        if self.is_bound and not self.errors:
            return wanted["period_from"], wanted["period_to"]
        return last_twelve_months(today)
