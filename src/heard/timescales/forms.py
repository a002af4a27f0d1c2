"""The timescales calculator's one question: the date the count runs from."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from heard.govuk_forms import GovukDateField, GovukFormMixin


class StartDateForm(GovukFormMixin, forms.Form):
    """A start date inside the working-day calendar.

    The calendar's years come from the caller (the view already has the calendar), so
    building the form asks the database nothing.
    """

    start = GovukDateField(
        what="the start date",
        label="Start date",
        label_size="m",
        help_text="The day the complaint was received. For example, 18 12 2026",
    )

    def __init__(self, *args: Any, first_year: int, last_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start = cast(GovukDateField, self.fields["start"])
        start.first_year = first_year
        start.last_year = last_year
