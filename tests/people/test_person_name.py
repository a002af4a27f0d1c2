"""One way of naming a person, whether read as a User or as plain columns."""

from __future__ import annotations

import pytest

from heard.people.models import User, person_name


@pytest.mark.parametrize(
    ("first", "last", "username", "shown"),
    [
        ("Ada", "Bell", "ada", "Ada Bell"),
        ("Ada", "", "ada", "Ada"),
        ("", "Bell", "ada", "Bell"),
        ("", "", "ada", "ada"),
        (None, None, None, ""),
    ],
)
def test_a_person_is_named_by_full_name_else_user_name(
    first: str | None, last: str | None, username: str | None, shown: str
) -> None:
    assert person_name(first, last, username) == shown
    if username is not None:
        user = User(first_name=first or "", last_name=last or "", username=username)
        assert str(user) == shown
