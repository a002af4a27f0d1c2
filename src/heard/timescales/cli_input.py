"""Parsing the command line's dates and day counts, with errors that name the bad value."""

from __future__ import annotations

from datetime import date


class BadInput(ValueError):
    """A value on the command line or standard input that Heard cannot use."""


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2026-12-18") from None


def parse_days(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise BadInput(f"{text!r} is not a whole number of working days") from None
