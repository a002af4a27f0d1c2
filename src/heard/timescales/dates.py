"""Date helpers every app shares: deadlines through the calendar in force, and dates in words.

They live in timescales, the lowest layer, so any app may use them without importing another
app's actions."""

from __future__ import annotations

from datetime import date

from heard.timescales.rules import rule
from heard.timescales.snapshot import current_calendar


def due(start: date, key: str) -> date:
    """The due date for timescale rule ``key`` counted from ``start``."""
    return current_calendar().add_working_days(start, rule(key).working_days)


def cap(start: date, key: str) -> date:
    """The latest date an extension may reach for rule ``key``."""
    limit = rule(key).max_working_days
    if limit is None:
        raise ValueError(f"{key} has no extension limit")
    return current_calendar().add_working_days(start, limit)


def long_date(day: date | None) -> str:
    """A date as people write it in letters: "Wednesday 7 January 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}" if day else "Not set"
