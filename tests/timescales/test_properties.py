"""Properties of working-day arithmetic, checked with hypothesis against a naive reference.

What holds, writing f(n) = add_working_days(d, n) for a fixed start d:

* f(0) = d; for n != 0, f(n) is a working day (d itself need not be one).
* f is strictly increasing in n over its whole domain, across 0 too: f(n) > d for n > 0
  (d is never counted) and f(n) < d for n < 0, and f(n) and f(n + 1) are different working
  days for n >= 1 or n + 1 <= -1. So n1 < n2 implies f(n1) < f(n2), never just <=.
* working_days_between(d, f(n)) == n for every n: the two functions are inverses that way.
  The other way round only holds for a working day e (or e == d): add_working_days(d,
  working_days_between(d, e)) == e. For a non-working e the result is the nearest working day
  on d's side of e, so there are no working days between it and e.
* working_days_between is additive going forward: for a <= b <= c, between(a, c) ==
  between(a, b) + between(b, c).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from heard.timescales.bank_holidays import england_and_wales_bank_holidays
from heard.timescales.calendar import Calendar, OutsideCalendar

FIRST, LAST = date(2010, 1, 1), date(2035, 12, 31)
CALENDAR = Calendar.build(england_and_wales_bank_holidays(2010, 2035), 2010, 2035)

dates = st.dates(min_value=date(2010, 1, 1), max_value=date(2035, 6, 30))
counts = st.integers(min_value=-200, max_value=200)
# 200 working days is under 300 calendar days, even over Christmas.
EDGE = timedelta(days=300)


# -- A naive reference, written independently of the code under test -----------------------


def easter_sunday(year: int) -> date:
    """The anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


BANK_HOLIDAYS = set(england_and_wales_bank_holidays(2010, 2035))
GOOD_FRIDAYS = {easter_sunday(y) - timedelta(days=2) for y in range(2010, 2036)}


class OffTheEdge(Exception):
    pass


def naive_is_working(day: date) -> bool:
    if not FIRST <= day <= LAST:
        raise OffTheEdge(day)
    return (
        day.weekday() < 5
        and day not in BANK_HOLIDAYS
        and (day.month, day.day) not in {(12, 25), (12, 26)}
        and day not in GOOD_FRIDAYS
    )


def naive_add(start: date, n: int) -> date:
    naive_is_working(start)  # the start must be inside the calendar too
    step = timedelta(days=1 if n > 0 else -1)
    day, left = start, abs(n)
    while left:
        day += step
        if naive_is_working(day):
            left -= 1
    return day


def naive_between(a: date, b: date) -> int:
    naive_is_working(a)
    naive_is_working(b)
    if b >= a:  # (a, b]
        return sum(naive_is_working(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))
    # [b, a), negative
    return -sum(naive_is_working(b + timedelta(days=i)) for i in range((a - b).days))


def test_easter_reference_matches_known_dates() -> None:
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2011) == date(2011, 4, 24)


def add(start: date, n: int) -> date:
    """add_working_days, rejecting the example only when it runs off the calendar's edge."""
    try:
        return CALENDAR.add_working_days(start, n)
    except OutsideCalendar:
        assert start - FIRST < EDGE or LAST - start < EDGE, f"{start} is far from an edge"
        assume(False)
        raise  # unreachable: assume(False) stops the example


# -- Properties ---------------------------------------------------------------------------


@given(dates, counts)
def test_result_is_a_working_day(start: date, n: int) -> None:
    assume(n != 0)
    result = add(start, n)
    assert CALENDAR.is_working_day(result)
    assert naive_is_working(result)


@given(dates)
def test_zero_is_the_start(start: date) -> None:
    assert CALENDAR.add_working_days(start, 0) == start


@given(dates, st.lists(counts, min_size=2, max_size=2, unique=True).map(sorted))
def test_strictly_increasing_in_n(start: date, ns: list[int]) -> None:
    n1, n2 = ns
    assert add(start, n1) < add(start, n2)


@given(dates, counts)
def test_start_is_never_counted(start: date, n: int) -> None:
    result = add(start, n)
    if n > 0:
        assert result > start
    elif n < 0:
        assert result < start


@given(dates, counts)
def test_between_inverts_add(start: date, n: int) -> None:
    assert CALENDAR.working_days_between(start, add(start, n)) == n


@given(dates, st.integers(min_value=-280, max_value=280))
def test_add_inverts_between_for_working_days(start: date, offset: int) -> None:
    end = start + timedelta(days=offset)
    assume(FIRST <= end <= LAST)
    n = CALENDAR.working_days_between(start, end)
    back = CALENDAR.add_working_days(start, n)
    if end == start or CALENDAR.is_working_day(end):
        assert back == end
    else:
        # The nearest working day on the start's side of end (or the start itself).
        assert CALENDAR.working_days_between(back, end) == 0
        assert back == start or CALENDAR.is_working_day(back)
        assert (start <= back < end) if end > start else (end < back <= start)


@given(dates, st.integers(0, 200), st.integers(0, 200))
def test_between_is_additive_going_forward(a: date, x: int, y: int) -> None:
    b = a + timedelta(days=x)
    c = b + timedelta(days=y)
    assume(c <= LAST)
    between = CALENDAR.working_days_between
    assert between(a, c) == between(a, b) + between(b, c)


@given(dates, counts)
def test_add_agrees_with_the_naive_reference(start: date, n: int) -> None:
    try:
        expected = naive_add(start, n)
    except OffTheEdge:
        try:
            CALENDAR.add_working_days(start, n)
        except OutsideCalendar:
            return
        raise AssertionError(f"{start} {n:+d} runs off the calendar but did not raise") from None
    assert CALENDAR.add_working_days(start, n) == expected


@given(dates, st.integers(min_value=-300, max_value=300))
def test_between_agrees_with_the_naive_reference(a: date, offset: int) -> None:
    b = a + timedelta(days=offset)
    assume(FIRST <= b <= LAST)
    assert CALENDAR.working_days_between(a, b) == naive_between(a, b)


@given(dates)
def test_is_working_day_agrees_with_the_naive_reference(day: date) -> None:
    assert CALENDAR.is_working_day(day) == naive_is_working(day)


@given(dates)
def test_next_working_day_agrees_with_the_naive_reference(day: date) -> None:
    expected = day + timedelta(days=1)
    while not naive_is_working(expected):
        expected += timedelta(days=1)
    assert CALENDAR.next_working_day(day) == expected


pairs = st.lists(st.tuples(dates, counts), max_size=60)


@settings(max_examples=200)
@given(pairs)
def test_batch_path_equals_single_calls(items: list[tuple[date, int]]) -> None:
    starts = [s for s, _ in items]
    ns = [n for _, n in items]
    try:
        expected = [CALENDAR.add_working_days(s, n) for s, n in items]
    except OutsideCalendar as single:
        try:
            CALENDAR.add_working_days_many(starts, ns)
        except OutsideCalendar as batch:
            assert str(batch) == str(single)  # the same (first) offending pair is named
            return
        raise AssertionError("the single path raised but the batch path did not") from None
    assert CALENDAR.add_working_days_many(starts, ns) == expected


@given(st.lists(st.tuples(st.dates(min_value=FIRST, max_value=LAST), st.integers(-3, 3))))
def test_batch_path_equals_single_calls_right_up_to_the_edges(
    items: list[tuple[date, int]],
) -> None:
    """Small counts from any day of the calendar, including its first and last days."""
    starts = [s for s, _ in items]
    ns = [n for _, n in items]
    try:
        expected = [CALENDAR.add_working_days(s, n) for s, n in items]
    except OutsideCalendar:
        try:
            CALENDAR.add_working_days_many(starts, ns)
        except OutsideCalendar:
            return
        raise AssertionError("the single path raised but the batch path did not") from None
    assert CALENDAR.add_working_days_many(starts, ns) == expected
