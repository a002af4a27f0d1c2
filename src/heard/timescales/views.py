"""The timescales calculator: every deadline from one date, and the days each one skips.

The form uses GET, so a result is a plain URL that can be bookmarked or sent to a colleague.
One calendar snapshot serves the whole request (one ``current_calendar()`` call), so the
number of database queries does not grow with the number of rules or holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from heard.timescales.calendar import Calendar, OutsideCalendar
from heard.timescales.forms import StartDateForm
from heard.timescales.rules import TimescaleRule, rules_for
from heard.timescales.snapshot import current_calendar


@dataclass(frozen=True)
class Deadline:
    """One rule worked out from a start date. A date is None when it falls past the calendar."""

    rule: TimescaleRule
    due: date | None
    latest: date | None  # the latest date with an extension, for rules that allow one
    skipped: list[tuple[date, str]]  # non-working weekdays between the start and ``due``


def _add(calendar: Calendar, start: date, working_days: int) -> date | None:
    try:
        return calendar.add_working_days(start, working_days)
    except OutsideCalendar:
        return None


def work_out(calendar: Calendar, start: date, rules: tuple[TimescaleRule, ...]) -> list[Deadline]:
    """Each rule's due date, latest date with an extension, and the holidays it skips."""
    deadlines = []
    for rule in rules:
        due = _add(calendar, start, rule.working_days)
        latest = _add(calendar, start, rule.max_working_days) if rule.max_working_days else None
        skipped = calendar.holidays_between(start, due) if due else []
        deadlines.append(Deadline(rule, due, latest, skipped))
    return deadlines


@require_safe
def calculator(request: HttpRequest) -> HttpResponse:
    """Ask for a start date; once there is a valid one, show every deadline from it."""
    calendar = current_calendar()
    form = StartDateForm(
        request.GET or None, first_year=calendar.first_year, last_year=calendar.last_year
    )
    start = form.cleaned_data["start"] if form.is_bound and form.is_valid() else None
    deadlines = work_out(calendar, start, rules_for()) if start else []
    return render(
        request,
        "timescales/calculator.html",
        {
            "form": form,
            "start": start,
            "deadlines": deadlines,
            "local_targets": [d for d in deadlines if not d.rule.statutory],
            "statutory": [d for d in deadlines if d.rule.statutory],
            "calendar_end": date(calendar.last_year, 12, 31),
        },
    )
