"""Small pieces of wording that several messages and pages share.

Kept apart from the rules that use them so that a refusal, a summary and a page name the same
thing in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from django.utils.dateformat import format as format_date

# How many words of a point's text are enough to tell it from the others in a message.
POINT_WORDS = 8


class NumberedPoint(Protocol):
    number: int
    text: str


def short_text(text: str, words: int = POINT_WORDS) -> str:
    """The first few words of ``text`` on one line, with an ellipsis when cut."""
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(".,;:") + "…"


def name_points(points: Iterable[NumberedPoint]) -> str:
    """The points by number and their first words, for a message that says which points
    something is missing from: 'point 2 ("Contact was cancelled…")'. A bare count or list of
    numbers sends the reader to the statement to find out which points they are."""
    return "; ".join(f"point {p.number} (“{short_text(p.text)}”)" for p in points)


def standing(ended_on: date | None) -> str:
    """An appointment's standing in words: "Current", or "Ended 3 May 2026"."""
    if ended_on is None:
        return "Current"
    return f"Ended {format_date(ended_on, 'j F Y')}"
