"""The date a step happened: given, or today; never in the future, never before what it follows.

Councils bring open cases over from the system they used before, and officers record on Monday
what happened on Friday, so every step takes the date it happened rather than stamping the day
it was typed in (decision 019). The two checks live here, once, so every action says the same
thing in the same words and the message appears beside the date field that is wrong.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from heard.complaints.transitions import Refused
from heard.timescales.dates import long_date

__all__ = ["check_happened_on", "check_letter_on", "latest"]


def check_happened_on(
    on: date | None,
    *,
    field: str = "on",
    what: str = "The date",
    after: date | None = None,
    after_what: str = "",
) -> date:
    """The date ``on`` (today when None), refused when in the future or before ``after``.

    ``what`` names the date in the message ("The date the letter was sent"); ``after_what``
    names the step it follows as a clause ("the complaint was received"), so the person reads
    "... cannot be before the complaint was received on Tuesday 3 March 2026" and knows which
    date to check. ``field`` is the form field the message is shown beside.
    """
    today = timezone.localdate()
    day = today if on is None else on
    if day > today:
        raise Refused(f"{what} cannot be in the future.", field=field)
    if after is not None and day < after:
        raise Refused(
            f"{what} cannot be before {after_what or 'the step it follows'} on {long_date(after)}.",
            field=field,
        )
    return day


def check_letter_on(
    on: date | None,
    *,
    field: str = "letter_sent_on",
    after: date | None = None,
    after_what: str = "",
) -> date | None:
    """A letter's date: the same two checks, and None stays None (no letter recorded)."""
    if on is None:
        return None
    return check_happened_on(
        on, field=field, what="The date the letter was sent", after=after, after_what=after_what
    )


def latest(*pairs: tuple[date | None, str]) -> tuple[date | None, str]:
    """Of several (date, what happened) pairs, the latest known one: the step a new step
    follows when it may follow more than one (an appointment and the acceptance, say)."""
    known = [pair for pair in pairs if pair[0] is not None]
    if not known:
        return None, ""
    return max(known, key=lambda pair: pair[0])  # type: ignore[arg-type,return-value]
