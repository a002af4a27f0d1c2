"""The working-day calendar on its own: no database, one calendar built once for 2010 to 2035.

Every expected date below was worked out by hand from a printed calendar and the gov.uk
England-and-Wales list; none was produced by the code under test.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from heard.timescales.bank_holidays import england_and_wales_bank_holidays
from heard.timescales.calendar import Calendar, OutsideCalendar

CALENDAR = Calendar.build(england_and_wales_bank_holidays(2010, 2035), 2010, 2035)
D = date


def case(start: date, n: int, expected: date, id: str) -> Any:
    return pytest.param(start, n, expected, id=id)


ADD_CASES = [
    # Weekends
    case(D(2026, 1, 9), 1, D(2026, 1, 12), "fri+1=mon"),
    case(D(2026, 1, 10), 1, D(2026, 1, 12), "sat+1=mon"),
    case(D(2026, 1, 11), 1, D(2026, 1, 12), "sun+1=mon"),
    case(D(2026, 1, 11), 0, D(2026, 1, 11), "sun+0=sun"),
    case(D(2026, 1, 12), 5, D(2026, 1, 19), "mon+5=next-mon"),
    case(D(2026, 1, 9), 10, D(2026, 1, 23), "fri+10=fri-fortnight"),
    # Christmas and New Year 2026/27: 25 Dec Fri, 26 Sat, 28 Dec Mon substitute, 1 Jan Fri
    case(D(2026, 12, 24), 1, D(2026, 12, 29), "2026-christmas-eve+1-skips-25-and-28"),
    case(D(2026, 12, 31), 1, D(2027, 1, 4), "2026-new-years-eve+1-skips-1-jan"),
    case(D(2026, 12, 23), 3, D(2026, 12, 30), "2026-23dec+3"),
    # Christmas 2027: 25 and 26 Dec fall at the weekend, substitutes Mon 27 and Tue 28 Dec
    case(D(2027, 12, 24), 1, D(2027, 12, 29), "2027-christmas-eve+1-skips-27-and-28"),
    # 1 Jan 2028 is a Saturday: substitute Mon 3 Jan 2028
    case(D(2027, 12, 31), 1, D(2028, 1, 4), "2027-new-years-eve+1-skips-3-jan-2028"),
    # Christmas 2020: 25 Dec Fri, Boxing Day Sat, substitute Mon 28 Dec 2020
    case(D(2020, 12, 24), 1, D(2020, 12, 29), "2020-christmas-eve+1-skips-28-dec"),
    case(D(2020, 12, 31), 1, D(2021, 1, 4), "2020-new-years-eve+1-skips-1-jan-2021"),
    # Christmas 2021: Sat and Sun, substitutes 27 and 28 Dec; New Year 2022 substitute 3 Jan
    case(D(2021, 12, 24), 1, D(2021, 12, 29), "2021-christmas-eve+1-skips-27-and-28"),
    case(D(2021, 12, 31), 1, D(2022, 1, 4), "2021-new-years-eve+1-skips-3-jan-2022"),
    case(D(2021, 12, 23), 2, D(2021, 12, 29), "2021-23dec+2"),
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April
    case(D(2026, 4, 2), 1, D(2026, 4, 7), "easter-2026-thu+1=tue"),
    case(D(2026, 4, 1), 3, D(2026, 4, 8), "easter-2026-wed+3"),
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March
    case(D(2027, 3, 25), 1, D(2027, 3, 30), "easter-2027-thu+1=tue"),
    # The 2022 one-off bank holidays and the 2023 coronation
    case(D(2022, 6, 1), 1, D(2022, 6, 6), "platinum-jubilee-2-and-3-june-2022"),
    case(D(2022, 9, 16), 1, D(2022, 9, 20), "state-funeral-19-sep-2022"),
    case(D(2023, 5, 5), 1, D(2023, 5, 9), "coronation-8-may-2023"),
    case(D(2023, 4, 28), 1, D(2023, 5, 2), "early-may-1-may-2023"),
    # Leap years: 29 February is an ordinary working day
    case(D(2028, 2, 28), 1, D(2028, 2, 29), "2028-28feb+1=29feb"),
    case(D(2028, 2, 28), 2, D(2028, 3, 1), "2028-28feb+2=1mar"),
    case(D(2024, 2, 28), 1, D(2024, 2, 29), "2024-28feb+1=29feb"),
    case(D(2024, 2, 29), 1, D(2024, 3, 1), "2024-29feb+1=1mar"),
    # Starting on a non-working day: the start is not counted, day 1 is the next working day
    case(D(2026, 1, 10), 5, D(2026, 1, 16), "start-saturday+5"),
    case(D(2026, 4, 3), 1, D(2026, 4, 7), "start-good-friday+1"),
    case(D(2026, 4, 6), 1, D(2026, 4, 7), "start-easter-monday+1"),
    case(D(2026, 12, 25), 1, D(2026, 12, 29), "start-christmas-day+1"),
    case(D(2026, 12, 25), 3, D(2026, 12, 31), "start-christmas-day+3"),
    case(D(2022, 9, 19), 1, D(2022, 9, 20), "start-state-funeral+1"),
    # n = 0 is the start itself, whatever day it is
    case(D(2026, 1, 12), 0, D(2026, 1, 12), "working-day+0"),
    case(D(2026, 12, 25), 0, D(2026, 12, 25), "christmas-day+0"),
    case(D(2026, 4, 6), 0, D(2026, 4, 6), "easter-monday+0"),
    # Negative n counts back, the start again not counted
    case(D(2026, 1, 12), -1, D(2026, 1, 9), "mon-1=fri"),
    case(D(2026, 1, 16), -5, D(2026, 1, 9), "fri-5=fri"),
    case(D(2026, 4, 7), -1, D(2026, 4, 2), "easter-2026-tue-1=thu"),
    case(D(2027, 1, 4), -1, D(2026, 12, 31), "4jan2027-1=31dec"),
    case(D(2026, 12, 29), -1, D(2026, 12, 24), "29dec2026-1=24dec"),
    case(D(2026, 1, 10), -1, D(2026, 1, 9), "saturday-1=fri"),
    case(D(2026, 1, 11), -2, D(2026, 1, 8), "sunday-2=thu"),
    case(D(2026, 12, 25), -1, D(2026, 12, 24), "christmas-day-1=24dec"),
    case(D(2026, 12, 28), -2, D(2026, 12, 23), "substitute-boxing-day-2=23dec"),
    case(D(2027, 1, 27), -25, D(2026, 12, 18), "27jan2027-25=18dec2026"),
]


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert CALENDAR.add_working_days(start, n) == expected


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_working_days_between_inverts_each_case(start: date, n: int, expected: date) -> None:
    assert CALENDAR.working_days_between(start, expected) == n


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_batch_path_agrees_with_each_case(start: date, n: int, expected: date) -> None:
    assert CALENDAR.add_working_days_many([start], [n]) == [expected]


# domain.md section 9, "Worked examples for unit tests".
WORKED_EXAMPLES = [
    case(D(2025, 12, 19), 10, D(2026, 1, 7), "received-fri-19-dec-2025+10=wed-7-jan-2026"),
    case(D(2025, 12, 19), 20, D(2026, 1, 21), "received-fri-19-dec-2025+20=wed-21-jan-2026"),
    case(D(2025, 12, 19), 25, D(2026, 1, 28), "received-fri-19-dec-2025+25=wed-28-jan-2026"),
    case(D(2025, 12, 19), 65, D(2026, 3, 25), "received-fri-19-dec-2025+65=wed-25-mar-2026"),
    case(D(2026, 3, 30), 30, D(2026, 5, 14), "stage3-request-mon-30-mar-2026+30=thu-14-may-2026"),
    case(D(2026, 12, 23), 5, D(2027, 1, 4), "panel-met-wed-23-dec-2026+5=mon-4-jan-2027"),
    case(D(2026, 12, 18), 15, D(2027, 1, 13), "panel-report-fri-18-dec-2026+15=wed-13-jan-2027"),
    case(D(2025, 9, 26), 65, D(2025, 12, 30), "stage2-fri-26-sep-2025+65=tue-30-dec-2025-merton"),
]


@pytest.mark.parametrize(("start", "n", "expected"), WORKED_EXAMPLES)
def test_worked_example(start: date, n: int, expected: date) -> None:
    assert CALENDAR.add_working_days(start, n) == expected
    assert CALENDAR.working_days_between(start, expected) == n


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(D(2026, 12, 18), D(2027, 1, 27), 25, id="18dec2026-to-27jan2027=25"),
        pytest.param(D(2027, 1, 27), D(2026, 12, 18), -25, id="back-27jan2027-to-18dec2026=-25"),
        pytest.param(D(2026, 1, 12), D(2026, 1, 12), 0, id="same-day=0"),
        pytest.param(D(2026, 1, 10), D(2026, 1, 11), 0, id="sat-to-sun=0"),
        pytest.param(D(2026, 1, 9), D(2026, 1, 12), 1, id="fri-to-mon=1"),
        pytest.param(D(2026, 1, 12), D(2026, 1, 9), -1, id="back-mon-to-fri=-1"),
        pytest.param(D(2026, 1, 10), D(2026, 1, 9), -1, id="back-sat-to-fri=-1"),
        pytest.param(D(2026, 1, 9), D(2026, 1, 10), 0, id="fri-to-sat=0"),
        pytest.param(D(2026, 12, 24), D(2026, 12, 29), 1, id="over-christmas-2026=1"),
        pytest.param(D(2026, 4, 2), D(2026, 4, 7), 1, id="over-easter-2026=1"),
        # 2026: 261 weekdays, 8 of them bank holidays (1 Jan, 3 Apr, 6 Apr, 4 May, 25 May,
        # 31 Aug, 25 Dec, 28 Dec).
        pytest.param(D(2025, 12, 31), D(2026, 12, 31), 253, id="whole-of-2026=253"),
        # 2022: 260 weekdays, 10 weekday holidays (3 Jan, 15 Apr, 18 Apr, 2 May, 2 Jun,
        # 3 Jun, 29 Aug, 19 Sep, 26 Dec, 27 Dec).
        pytest.param(D(2021, 12, 31), D(2022, 12, 31), 250, id="whole-of-2022=250"),
    ],
)
def test_working_days_between(a: date, b: date, expected: int) -> None:
    assert CALENDAR.working_days_between(a, b) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 12, 24), D(2026, 12, 29), id="christmas-eve-2026"),
        pytest.param(D(2026, 1, 7), D(2026, 1, 8), id="working-day-is-never-its-own-next"),
        pytest.param(D(2026, 1, 9), D(2026, 1, 12), id="friday"),
        pytest.param(D(2026, 1, 10), D(2026, 1, 12), id="saturday"),
        pytest.param(D(2026, 4, 3), D(2026, 4, 7), id="good-friday-2026"),
        pytest.param(D(2021, 12, 31), D(2022, 1, 4), id="new-years-eve-2021"),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert CALENDAR.next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 1, 12), True, id="ordinary-monday"),
        pytest.param(D(2026, 1, 10), False, id="saturday"),
        pytest.param(D(2026, 1, 11), False, id="sunday"),
        pytest.param(D(2026, 1, 1), False, id="new-years-day-2026"),
        pytest.param(D(2026, 4, 3), False, id="good-friday-2026"),
        pytest.param(D(2026, 4, 6), False, id="easter-monday-2026"),
        pytest.param(D(2026, 5, 4), False, id="early-may-2026"),
        pytest.param(D(2026, 5, 25), False, id="spring-2026"),
        pytest.param(D(2026, 8, 31), False, id="summer-2026"),
        pytest.param(D(2026, 12, 25), False, id="christmas-2026"),
        pytest.param(D(2026, 12, 28), False, id="substitute-boxing-day-2026"),
        pytest.param(D(2026, 12, 29), True, id="29-dec-2026"),
        pytest.param(D(2027, 12, 27), False, id="substitute-christmas-2027"),
        pytest.param(D(2027, 12, 28), False, id="substitute-boxing-day-2027"),
        pytest.param(D(2020, 12, 28), False, id="substitute-boxing-day-2020"),
        pytest.param(D(2021, 12, 27), False, id="substitute-christmas-2021"),
        pytest.param(D(2021, 12, 28), False, id="substitute-boxing-day-2021"),
        pytest.param(D(2022, 1, 3), False, id="substitute-new-year-2022"),
        pytest.param(D(2022, 1, 4), True, id="4-jan-2022"),
        pytest.param(D(2022, 6, 2), False, id="spring-moved-2-june-2022"),
        pytest.param(D(2022, 6, 3), False, id="platinum-jubilee-2022"),
        pytest.param(D(2022, 5, 30), True, id="last-monday-of-may-2022-not-a-holiday"),
        pytest.param(D(2022, 9, 19), False, id="state-funeral-2022"),
        pytest.param(D(2023, 5, 8), False, id="coronation-2023"),
        pytest.param(D(2024, 2, 29), True, id="29-feb-2024"),
        pytest.param(D(2028, 2, 29), True, id="29-feb-2028"),
        pytest.param(D(2010, 1, 1), False, id="first-day-new-year-2010"),
        pytest.param(D(2035, 12, 31), True, id="last-day-mon-31-dec-2035"),
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert CALENDAR.is_working_day(day) is expected


def test_every_listed_weekday_bank_holiday_is_not_a_working_day() -> None:
    listed = england_and_wales_bank_holidays(2010, 2035)
    assert len(listed) > 8 * 25
    assert [d for d in listed if CALENDAR.is_working_day(d)] == []


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(
            D(2026, 12, 24),
            D(2027, 1, 4),
            [D(2026, 12, 25), D(2026, 12, 28), D(2027, 1, 1)],
            id="christmas-2026",
        ),
        pytest.param(D(2026, 12, 25), D(2026, 12, 28), [D(2026, 12, 28)], id="a-not-counted"),
        pytest.param(D(2026, 12, 24), D(2026, 12, 25), [D(2026, 12, 25)], id="b-counted"),
        pytest.param(D(2026, 1, 2), D(2026, 4, 2), [], id="none-in-q1-2026"),
        pytest.param(
            D(2022, 5, 31), D(2022, 9, 30),
            [D(2022, 6, 2), D(2022, 6, 3), D(2022, 8, 29), D(2022, 9, 19)],
            id="summer-2022-one-offs",
        ),
        pytest.param(
            D(2021, 12, 24), D(2022, 1, 4),
            [D(2021, 12, 27), D(2021, 12, 28), D(2022, 1, 3)],
            id="substitutes-2021-22",
        ),
    ],
)  # fmt: skip
def test_holidays_between(a: date, b: date, expected: list[date]) -> None:
    found = CALENDAR.holidays_between(a, b)
    assert [d for d, _ in found] == expected
    assert all(name.strip() for _, name in found)


def test_holidays_between_names_the_days() -> None:
    names = dict(CALENDAR.holidays_between(D(2022, 5, 31), D(2023, 5, 31)))
    assert "Jubilee" in names[D(2022, 6, 3)]
    assert "Funeral" in names[D(2022, 9, 19)]
    assert "Coronation" in names[D(2023, 5, 8)]
    assert "Christmas" in names[D(2022, 12, 27)]


# -- A calendar built from no bank holidays at all ----------------------------------------

# Good Friday is two days before Easter Sunday; these are from a printed table, not computed.
GOOD_FRIDAYS = [
    D(2020, 4, 10), D(2021, 4, 2), D(2022, 4, 15), D(2023, 4, 7), D(2024, 3, 29),
    D(2025, 4, 18), D(2026, 4, 3), D(2027, 3, 26), D(2028, 4, 14), D(2029, 3, 30),
    D(2030, 4, 19),
]  # fmt: skip
BARE = Calendar.build({}, 2020, 2030)


@pytest.mark.parametrize("day", GOOD_FRIDAYS, ids=lambda d: f"good-friday-{d.year}")
def test_no_holidays_still_skips_good_friday(day: date) -> None:
    assert day.weekday() == 4
    assert not BARE.is_working_day(day)
    # Thursday + 1 skips Good Friday and lands on Easter Monday, a working day here.
    assert BARE.add_working_days(day - timedelta(days=1), 1) == day + timedelta(days=3)


@pytest.mark.parametrize(
    "day",
    [
        d
        for year in range(2020, 2031)
        for d in (D(year, 12, 25), D(year, 12, 26))
        if d.weekday() < 5
    ],
    ids=lambda d: d.isoformat(),
)
def test_no_holidays_still_skips_christmas_and_boxing_day(day: date) -> None:
    assert not BARE.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(D(2026, 1, 1), id="new-years-day"),
        pytest.param(D(2026, 4, 6), id="easter-monday"),
        pytest.param(D(2026, 5, 4), id="early-may"),
        pytest.param(D(2026, 12, 28), id="substitute-boxing-day"),
        pytest.param(D(2022, 6, 3), id="platinum-jubilee"),
    ],
)
def test_no_holidays_counts_bank_holidays_as_working_days(day: date) -> None:
    assert BARE.is_working_day(day)


def test_no_holidays_arithmetic() -> None:
    # Thu 24 Dec 2026 + 1: Christmas Day (Fri) skipped, Mon 28 Dec is a working day here.
    assert BARE.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    # Thu 2 Apr 2026 + 1: Good Friday skipped, Easter Monday counted.
    assert BARE.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 6)
    # 2026 without bank holidays: 261 weekdays less Good Friday and Christmas Day.
    assert BARE.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 259


# -- Outside the calendar ------------------------------------------------------------------


def batch(starts: list[str], ns: list[int]) -> tuple[list[date], list[int]]:
    return [date.fromisoformat(s) for s in starts], ns


@pytest.mark.parametrize(
    ("method", "args", "named"),
    [
        pytest.param("add_working_days", (D(2009, 12, 31), 1), "2009-12-31", id="add-before"),
        pytest.param("add_working_days", (D(2036, 1, 1), 0), "2036-01-01", id="add-after-n0"),
        pytest.param("add_working_days", (D(2099, 1, 1), -3), "2099-01-01", id="add-far-after"),
        pytest.param("is_working_day", (D(2036, 1, 1),), "2036-01-01", id="is-working-day"),
        pytest.param("next_working_day", (D(2009, 6, 1),), "2009-06-01", id="next-working-day"),
        pytest.param(
            "working_days_between", (D(2026, 1, 1), D(2040, 2, 3)), "2040-02-03",
            id="between-end-outside",
        ),
        pytest.param(
            "working_days_between", (D(2001, 2, 3), D(2026, 1, 1)), "2001-02-03",
            id="between-start-outside",
        ),
        # Results beyond the calendar: the message names the start and the count.
        pytest.param(
            "add_working_days", (D(2035, 12, 20), 30), "30 working days from 2035-12-20",
            id="result-after",
        ),
        pytest.param(
            "add_working_days", (D(2035, 12, 31), 1), "1 working days from 2035-12-31",
            id="last-day+1",
        ),
        pytest.param(
            "add_working_days", (D(2010, 1, 4), -1), "-1 working days from 2010-01-04",
            id="result-before",
        ),
        pytest.param(
            "add_working_days_many", batch(["2026-01-05", "2036-02-01"], [1, 1]), "2036-02-01",
            id="batch-start-outside",
        ),
        pytest.param(
            "add_working_days_many", batch(["2026-01-05", "2035-12-01"], [1, 65]),
            "65 working days from 2035-12-01", id="batch-result-after",
        ),
    ],
)  # fmt: skip
def test_outside_the_calendar_raises_naming_the_date(
    method: str, args: tuple[Any, ...], named: str
) -> None:
    with pytest.raises(OutsideCalendar, match=re.escape(named)) as raised:
        getattr(CALENDAR, method)(*args)
    assert isinstance(raised.value, ValueError)
    assert "2010 to 2035" in str(raised.value)


def test_the_first_and_last_working_days_are_reachable() -> None:
    # 1 Jan 2010 is a Friday bank holiday, so Mon 4 Jan 2010 is the first working day.
    assert CALENDAR.add_working_days(D(2010, 1, 1), 1) == D(2010, 1, 4)
    assert CALENDAR.add_working_days(D(2010, 1, 5), -1) == D(2010, 1, 4)
    assert CALENDAR.add_working_days(D(2035, 12, 28), 1) == D(2035, 12, 31)


def test_batch_n0_on_a_non_working_last_day_returns_it() -> None:
    """31 Dec 2034 is a Sunday after the last working day; n = 0 still gives the start.

    The batch path used to look up the working day after it and raise OutsideCalendar, while
    the single path returned the start.
    """
    calendar = Calendar.build(england_and_wales_bank_holidays(2010, 2034), 2010, 2034)
    last = D(2034, 12, 31)
    assert calendar.add_working_days(last, 0) == last
    result = calendar.add_working_days_many([last, D(2034, 12, 30)], [0, 0])
    assert result == [last, D(2034, 12, 30)]
    with pytest.raises(OutsideCalendar):
        calendar.add_working_days_many([last], [1])


def test_build_rejects_reversed_years() -> None:
    with pytest.raises(ValueError, match="first_year"):
        Calendar.build({}, 2030, 2020)


def test_build_ignores_holidays_outside_its_years_and_at_weekends() -> None:
    calendar = Calendar.build(
        {D(2019, 6, 3): "Too early", D(2026, 6, 6): "A Saturday", D(2026, 6, 8): "One-off"},
        2020,
        2030,
    )
    assert D(2019, 6, 3) not in calendar.holidays
    assert D(2026, 6, 6) not in calendar.holidays
    assert not calendar.is_working_day(D(2026, 6, 8))
    assert calendar.add_working_days(D(2026, 6, 5), 1) == D(2026, 6, 9)
