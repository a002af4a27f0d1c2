"""The timescales calculator counts each step from the step before it, as the procedure does.

Counting every step from the one date entered put the panel's report (5 working days) before
the panel meeting (30 working days) and showed a setting's name and bare source numbers. Now
each later step is counted from the due date of the step it follows, and every source is in
words.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from heard.timescales.bank_holidays import england_and_wales_bank_holidays
from heard.timescales.calendar import Calendar
from heard.timescales.rules import rules_for
from heard.timescales.views import work_out

CALENDAR = Calendar(2010, 2035, england_and_wales_bank_holidays(2010, 2035))
RECEIVED = date(2026, 3, 2)  # a Monday


def _due() -> dict[str, date | None]:
    return {d.rule.key: d.due for d in work_out(CALENDAR, RECEIVED, rules_for())}


def test_every_rule_follows_a_rule_listed_before_it() -> None:
    seen: set[str] = set()
    for rule in rules_for():
        assert rule.after is None or rule.after in seen, rule.key
        seen.add(rule.key)


def test_each_step_is_counted_from_the_step_before_it() -> None:
    deadlines = {d.rule.key: d for d in work_out(CALENDAR, RECEIVED, rules_for())}
    for key, deadline in deadlines.items():
        after = deadline.rule.after
        expected_start = RECEIVED if after is None else deadlines[after].due
        assert deadline.start == expected_start, key
        assert deadline.start is not None
        assert deadline.due == CALENDAR.add_working_days(deadline.start, deadline.rule.working_days)


def test_the_stages_come_in_the_order_they_happen() -> None:
    due = _due()
    order = [
        "stage1_response",
        "stage2_request",
        "stage2_response",
        "stage3_request",
        "panel_meeting",
        "panel_report",
        "council_response",
    ]
    dates = [due[key] for key in order]
    assert all(d is not None for d in dates)
    assert dates == sorted(dates), dict(zip(order, dates, strict=True))  # type: ignore[type-var]
    # The example that tripped a new user: the panel reports after it has met.
    assert due["panel_report"] == date(2026, 8, 7)
    assert due["panel_meeting"] == date(2026, 7, 31)


def test_a_step_past_the_calendar_leaves_those_after_it_unknown() -> None:
    deadlines = work_out(CALENDAR, date(2035, 10, 1), rules_for())
    known = {d.rule.key: d.due for d in deadlines}
    assert known["stage1_response"] is not None
    assert known["council_response"] is None


@pytest.fixture
def signed_in(client: Client, db: None) -> Client:
    client.force_login(get_user_model().objects.create_user("sam.jones", first_name="Sam"))
    return client


def _page(client: Client) -> str:
    response = client.get(
        reverse("timescales:calculator"),
        {"start_day": "2", "start_month": "3", "start_year": "2026"},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_names_the_step_each_is_counted_from(signed_in: Client) -> None:
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _page(signed_in)))
    assert (
        "Counted from The panel meeting: taken here as Friday 31 July 2026, "
        "when “Review panel meets” is due" in page
    )
    assert "The complaint is received: taken here as Monday 2 March 2026, the date entered" in (
        page
    )


def test_the_page_shows_no_setting_names_or_bare_source_numbers(signed_in: Client) -> None:
    page = _page(signed_in)
    assert "HEARD_" not in page
    assert not re.search(r"\[\d+\]", page)
    assert "regulation 20(3)" in page
    assert "A local target this council has set" in page
