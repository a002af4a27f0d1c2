"""The statutory timescales are data keyed by jurisdiction, each with its source."""

from __future__ import annotations

import os
from datetime import date

import pytest

from heard.timescales.bank_holidays import england_and_wales_bank_holidays
from heard.timescales.calendar import Calendar
from heard.timescales.rules import ENGLAND, RULES, rule, rules_for

ENGLAND_FIGURES = [
    # key, working days, most with an extension
    pytest.param("stage1_response", 10, 20, id="stage1_response-10-max-20"),
    pytest.param("stage2_request", 20, None, id="stage2_request-20"),
    pytest.param("stage2_response", 25, 65, id="stage2_response-25-max-65"),
    pytest.param("statement_agreed", 10, None, id="statement_agreed-10"),
    pytest.param("stage3_request", 20, None, id="stage3_request-20"),
    pytest.param("panel_meeting", 30, None, id="panel_meeting-30"),
    pytest.param("panel_report", 5, None, id="panel_report-5"),
    pytest.param("council_response", 15, None, id="council_response-15"),
]


@pytest.mark.parametrize(("key", "days", "most"), ENGLAND_FIGURES)
def test_england_rule(key: str, days: int, most: int | None) -> None:
    found = rule(key, "england")
    assert (found.jurisdiction, found.key) == ("england", key)
    assert found.working_days == days
    assert found.max_working_days == most
    assert found.statutory is True
    assert found.label.strip()
    assert found.counted_from.strip()


def test_england_has_exactly_these_rules_once_each() -> None:
    keys = [r.key for r in rules_for("england")]
    assert len(keys) == len(set(keys))
    assert set(keys) == {"acknowledgement", *(p.values[0] for p in ENGLAND_FIGURES)}
    assert keys[0] == "acknowledgement"
    assert RULES["england"] is ENGLAND


@pytest.mark.parametrize("found", rules_for("england"), ids=lambda r: r.key)
def test_every_rule_names_a_source(found: object) -> None:
    source = found.source  # type: ignore[attr-defined]
    assert isinstance(source, str)
    assert source.strip()


def test_acknowledgement_defaults_to_two_working_days(settings: pytest.FixtureRequest) -> None:
    found = rule("acknowledgement")
    assert found.working_days == settings.ACKNOWLEDGEMENT_WORKING_DAYS  # type: ignore[attr-defined]
    if "HEARD_ACKNOWLEDGEMENT_WORKING_DAYS" not in os.environ:
        assert found.working_days == 2
    assert found.statutory is False
    assert found.jurisdiction == "england"


def test_acknowledgement_is_a_setting(settings: pytest.FixtureRequest) -> None:
    settings.ACKNOWLEDGEMENT_WORKING_DAYS = 5  # type: ignore[attr-defined]
    assert rule("acknowledgement").working_days == 5
    assert rules_for("england")[0].working_days == 5
    settings.ACKNOWLEDGEMENT_WORKING_DAYS = 3  # type: ignore[attr-defined]
    assert rule("acknowledgement", "england").working_days == 3


def test_jurisdiction_defaults_to_the_setting(settings: pytest.FixtureRequest) -> None:
    assert settings.JURISDICTION == "england"  # type: ignore[attr-defined]
    assert rules_for() == rules_for("england")


def test_unknown_rule_and_jurisdiction() -> None:
    with pytest.raises(KeyError):
        rule("stage4_response")
    with pytest.raises(KeyError):
        rules_for("wales")


CALENDAR = Calendar.build(england_and_wales_bank_holidays(2024, 2028), 2024, 2028)


@pytest.mark.parametrize(
    ("key", "start", "due"),
    [
        pytest.param("stage1_response", date(2025, 12, 19), date(2026, 1, 7), id="stage1"),
        pytest.param("stage2_response", date(2025, 12, 19), date(2026, 1, 28), id="stage2"),
        pytest.param("panel_meeting", date(2026, 3, 30), date(2026, 5, 14), id="panel"),
        pytest.param("panel_report", date(2026, 12, 23), date(2027, 1, 4), id="report"),
        pytest.param("council_response", date(2026, 12, 18), date(2027, 1, 13), id="response"),
    ],
)
def test_rules_give_the_worked_example_deadlines(key: str, start: date, due: date) -> None:
    """domain.md section 9, with the day counts taken from the rules rather than typed in."""
    assert CALENDAR.add_working_days(start, rule(key).working_days) == due


def test_stage2_maximum_gives_the_worked_example() -> None:
    most = rule("stage2_response").max_working_days
    assert most is not None
    assert CALENDAR.add_working_days(date(2025, 9, 26), most) == date(2025, 12, 30)
