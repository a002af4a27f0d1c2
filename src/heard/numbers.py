"""Whole numbers typed or sent by the browser: ids in query strings, hidden versions, counts.

Python's ``int()`` and ``str.isdigit()`` disagree, and both are too generous for request data:
``"²".isdigit()`` is true but ``int("²")`` raises; ``int()`` takes "٣" (an Arabic-Indic three),
"+3", " 3 " and "1_000"; and a 20-digit id passes both and then overflows the database's
integer column (PostgreSQL raises, SQLite's driver raises OverflowError). So every number read
from a request goes through :func:`whole_number` or :class:`WholeNumberField`: ASCII digits
only, within range, or nothing.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# The largest value every integer column holds on both databases (PostgreSQL's ``integer``).
LARGEST = 2**31 - 1

_DIGITS = re.compile(r"[0-9]{1,10}")
_ANY_DIGITS = re.compile(r"[0-9]+")


def whole_number(text: Any, *, minimum: int = 0, maximum: int = LARGEST) -> int | None:
    """``text`` as a whole number made of ASCII digits within ``minimum`` to ``maximum``;
    None for anything else (signs, spaces, other digits, empty, too large). An ``int`` (a
    form's initial value, say) is read as its digits."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


class WholeNumberField(forms.IntegerField):
    """An ``IntegerField`` for request data: ASCII digits only, within range.

    Django's own field reads " 3 ", "+3", "٣" and "1_000" as numbers and has no upper limit
    unless told. This one takes only ASCII digits (so no negative numbers), and its upper
    limit defaults to :data:`LARGEST`, so the value always fits a column; a number too large
    gets the field's own "max_value" message.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", LARGEST)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = str(value)
        if not _ANY_DIGITS.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(text.lstrip("0")) > len(str(LARGEST)):
            # Too long to be in range: one more than the largest, for the max_value message,
            # without asking int() to read thousands of digits.
            return LARGEST + 1
        return int(text)
