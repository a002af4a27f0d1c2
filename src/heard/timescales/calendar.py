"""Working-day arithmetic over an immutable calendar snapshot.

The 2006 Regulations (reg 2) define a working day as any day except Saturday, Sunday, Christmas
Day, Boxing Day, Good Friday or a bank holiday under the Banking and Financial Dealings Act 1971.
How Heard counts is recorded in docs/decisions/001-counting-working-days.md:

* ``add_working_days(start, n)`` is the n-th working day after ``start``; ``start`` itself is
  never counted, whatever day it is. Negative n counts back the same way.
* ``working_days_between(a, b)`` counts the working days passed going from ``a`` to ``b``,
  not counting ``a`` and counting ``b``; negative when ``b`` is before ``a``. So
  ``working_days_between(d, add_working_days(d, n)) == n`` for every n.

A :class:`Calendar` is built once from a set of holidays and answers every question with a
couple of list look-ups: no database query and no day-by-day loop per call. It covers whole
years; a date outside them raises :class:`OutsideCalendar` rather than guessing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.easter import easter


class OutsideCalendar(ValueError):
    """A date, or a result, falls outside the years the calendar knows about."""

    def __init__(self, value: date, first_year: int, last_year: int, *, n: int | None = None):
        self.value = value
        span = f"the working-day calendar ({first_year} to {last_year})"
        if n is None:
            message = f"{value.isoformat()} is outside {span}"
        else:
            message = f"{n} working days from {value.isoformat()} goes beyond {span}"
        super().__init__(message)


def statutory_non_working_days(year: int) -> dict[date, str]:
    """Days reg 2 names itself, whatever the bank-holiday list says.

    Christmas Day, Boxing Day and Good Friday are not working days even when they are not
    bank holidays under the 1971 Act (Christmas Day and Good Friday are common-law holidays).
    Weekend dates are left out: weekends are never working days anyway.
    """
    days = {
        date(year, 12, 25): "Christmas Day",
        date(year, 12, 26): "Boxing Day",
        easter(year) - timedelta(days=2): "Good Friday",
    }
    return {d: name for d, name in days.items() if d.weekday() < 5}


@dataclass(frozen=True)
class Calendar:
    """An immutable working-day calendar for the whole years ``first_year`` to ``last_year``.

    ``holidays`` maps each weekday that is not a working day to its name. Build one with
    :meth:`build`, which adds the days reg 2 names itself.
    """

    first_year: int
    last_year: int
    holidays: dict[date, str]
    # Derived look-up tables, filled in __post_init__ (the dataclass stays frozen).
    _base: int = field(init=False, repr=False)
    _last: int = field(init=False, repr=False)
    _rank: list[int] = field(init=False, repr=False)  # working days on or before each day
    _working: list[int] = field(init=False, repr=False)  # ordinals of working days, in order
    _holiday_ordinals: list[int] = field(init=False, repr=False)

    @classmethod
    def build(cls, holidays: dict[date, str], first_year: int, last_year: int) -> Calendar:
        """A calendar from bank holidays plus Christmas Day, Boxing Day and Good Friday."""
        if first_year > last_year:
            raise ValueError("first_year must not be after last_year")
        days: dict[date, str] = {}
        for year in range(first_year, last_year + 1):
            days.update(statutory_non_working_days(year))
        for day, name in holidays.items():
            if first_year <= day.year <= last_year and day.weekday() < 5:
                days.setdefault(day, name)
        return cls(first_year=first_year, last_year=last_year, holidays=days)

    def __post_init__(self) -> None:
        base = date(self.first_year, 1, 1).toordinal()
        last = date(self.last_year, 12, 31).toordinal()
        closed = {d.toordinal() for d in self.holidays}
        rank: list[int] = []
        working: list[int] = []
        count = 0
        for ordinal in range(base, last + 1):
            # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is the weekday (0 = Monday).
            if (ordinal - 1) % 7 < 5 and ordinal not in closed:
                count += 1
                working.append(ordinal)
            rank.append(count)
        set_ = object.__setattr__
        set_(self, "_base", base)
        set_(self, "_last", last)
        set_(self, "_rank", rank)
        set_(self, "_working", working)
        set_(self, "_holiday_ordinals", sorted(closed))

    # -- single dates -------------------------------------------------------------------

    def _index(self, day: date) -> int:
        index = day.toordinal() - self._base
        if index < 0 or day.toordinal() > self._last:
            raise OutsideCalendar(day, self.first_year, self.last_year)
        return index

    def covers(self, day: date) -> bool:
        return self._base <= day.toordinal() <= self._last

    def is_working_day(self, day: date) -> bool:
        index = self._index(day)
        return self._rank[index] != (self._rank[index - 1] if index else 0)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (before it, for negative n); n = 0 gives start."""
        index = self._index(start)
        if n == 0:
            return start
        rank = self._rank[index]
        if n > 0:
            position = rank + n - 1
        else:
            before = rank - 1 if self.is_working_day(start) else rank
            position = before + n
        if position < 0 or position >= len(self._working):
            raise OutsideCalendar(start, self.first_year, self.last_year, n=n)
        return date.fromordinal(self._working[position])

    def working_days_between(self, a: date, b: date) -> int:
        """Working days passed going from ``a`` to ``b``: ``a`` not counted, ``b`` counted."""
        ia, ib = self._index(a), self._index(b)
        if ib >= ia:
            return self._rank[ib] - self._rank[ia]
        # Going back: count b, not a, i.e. the working days in [b, a).
        before_a = self._rank[ia] - (1 if self.is_working_day(a) else 0)
        before_b = self._rank[ib] - (1 if self.is_working_day(b) else 0)
        return before_b - before_a

    def next_working_day(self, day: date) -> date:
        """The first working day after ``day`` (never ``day`` itself)."""
        return self.add_working_days(day, 1)

    def holidays_between(self, a: date, b: date) -> list[tuple[date, str]]:
        """The named non-working weekdays after ``a`` up to and including ``b``, in order."""
        lo = bisect_right(self._holiday_ordinals, a.toordinal())
        hi = bisect_right(self._holiday_ordinals, b.toordinal())
        days = (date.fromordinal(o) for o in self._holiday_ordinals[lo:hi])
        return [(d, self.holidays[d]) for d in days]

    # -- many dates at once -------------------------------------------------------------

    def add_working_days_many(self, starts: Sequence[date], ns: Sequence[int]) -> list[date]:
        """``add_working_days`` over paired lists of start dates and day counts.

        The batch path behind ``heard deadline -`` and the benchmark. It is the single-date
        path in a loop: a million pairs take well under a second (bench/working_days.py), and
        reading and parsing the lines costs more than the arithmetic, so an array library
        bought nothing measurable (docs/decisions/023-types-and-a-pinned-tree.md).
        """
        if len(starts) != len(ns):
            raise ValueError("starts and ns must be the same length")
        add = self.add_working_days
        return [add(start, n) for start, n in zip(starts, ns, strict=True)]
