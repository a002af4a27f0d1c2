"""The calendar in force: an immutable snapshot of the bank holiday table.

Building a snapshot reads the table once; after that every working-day question is answered
in memory. The snapshot is rebuilt when the calendar's version (its latest change) moves, so
a holiday added in the admin takes effect in every process without a restart.
"""

from __future__ import annotations

import threading

from django.db.models import Max

from heard.timescales.bank_holidays import FIRST_YEAR, LAST_YEAR
from heard.timescales.calendar import Calendar
from heard.timescales.models import BankHoliday, CalendarChange

_lock = threading.Lock()
_cached: tuple[object, Calendar] | None = None


def calendar_version() -> object:
    """A value that changes whenever the calendar does (one small query)."""
    return tuple(CalendarChange.objects.aggregate(Max("id"), Max("at")).values())


def current_calendar() -> Calendar:
    """The working-day calendar as it stands now."""
    global _cached
    version = calendar_version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        days = dict(BankHoliday.objects.values_list("date", "name"))
        years = [d.year for d in days] or [FIRST_YEAR]
        calendar = Calendar.build(days, min(FIRST_YEAR, *years), max(LAST_YEAR, *years))
        _cached = (version, calendar)
    return calendar
