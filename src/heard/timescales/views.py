"""The timescales calculator: every deadline from the date a complaint was received, each
step counted from the one before it, and the days each one skips.

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
    """One rule worked out in the chain. A date is None when it falls past the calendar (or
    the step it is counted from does)."""

    rule: TimescaleRule
    start: date | None  # the date it is counted from: the one entered, or the step before's
    due: date | None
    latest: date | None  # the latest date with an extension, for rules that allow one
    skipped: list[tuple[date, str]]  # non-working weekdays between ``start`` and ``due``
    after_label: str = ""  # the step it is counted from; empty when from the date entered


def _add(calendar: Calendar, start: date | None, working_days: int) -> date | None:
    if start is None:
        return None
    try:
        return calendar.add_working_days(start, working_days)
    except OutsideCalendar:
        return None


def work_out(calendar: Calendar, start: date, rules: tuple[TimescaleRule, ...]) -> list[Deadline]:
    """Each rule's due date, counted as the procedure counts it: from the date entered (the
    complaint received) or, for a later step, from the due date of the step it follows, as if
    each step took all its time. Counting every step from the one date put the panel's
    report before the panel had met."""
    worked: dict[str, Deadline] = {}
    for rule in rules:
        before = worked.get(rule.after) if rule.after else None
        counted_from = before.due if before is not None else start
        due = _add(calendar, counted_from, rule.working_days)
        latest = _add(calendar, counted_from, rule.max_working_days or 0)
        skipped = calendar.holidays_between(counted_from, due) if counted_from and due else []
        worked[rule.key] = Deadline(
            rule,
            counted_from,
            due,
            latest if rule.max_working_days else None,
            skipped,
            before.rule.label if before is not None else "",
        )
    return list(worked.values())


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
