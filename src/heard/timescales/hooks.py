"""Who is told when the working-day calendar changes.

Deadlines counted in working days live in the apps above timescales, which must not import
them. So those apps register a listener here from their ``AppConfig.ready()``, and the
calendar's actions call every listener inside the transaction that changed the calendar:
the deadlines move with the calendar, or neither changes (domain.md rule 43).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from heard.users import AnyUser


@dataclass(frozen=True)
class CalendarEdit:
    """One change to the calendar: the days it made non-working (``added``) or working again
    (``removed``), what happened in words, and who did it. Knowing both lets a listener
    rebuild the calendar as it was just before, to compare."""

    added: tuple[date, ...]
    removed: tuple[date, ...]
    description: str  # "State funeral (Monday 15 June 2026) added as a bank holiday"
    by: AnyUser | None

    @property
    def days(self) -> tuple[date, ...]:
        return (*self.added, *self.removed)


CalendarListener = Callable[[CalendarEdit], object]

_LISTENERS: list[CalendarListener] = []


def on_calendar_change(listener: CalendarListener) -> CalendarListener:
    """Call ``listener`` after every calendar change; registering twice keeps one."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def calendar_changed(edit: CalendarEdit) -> None:
    """Tell every listener. Called by ``timescales.actions`` after the change is saved, in
    the same transaction, so ``current_calendar()`` already answers with the new calendar."""
    for listener in _LISTENERS:
        listener(edit)
