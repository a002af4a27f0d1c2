"""The catalogue holds together: every letter has its text, names its rule, is drafted by a
step that exists, and is rendered by a test somewhere in tests/documents/."""

from __future__ import annotations

from pathlib import Path

import pytest

from heard.complaints.workflow import EVENT_LABELS
from heard.documents.catalogue import BODIES, LETTERS

TESTS = Path(__file__).resolve().parent
# Events that are not steps of the workflow table: a deadline at risk (``heard tick``).
OTHER_EVENTS = {"complaint.deadline_at_risk"}


def test_every_letter_of_the_issue_is_in_the_catalogue() -> None:
    assert len(LETTERS) >= 35
    kinds = {letter.kind for letter in LETTERS.values()}
    assert kinds == {"letter", "report"}


@pytest.mark.parametrize("key", sorted(LETTERS))
def test_each_letter_has_its_text_its_rule_a_real_step_and_a_test(key: str) -> None:
    letter = LETTERS[key]
    assert (BODIES / f"{key}.md").is_file()
    assert letter.rule.strip() and letter.title.strip()
    for event in letter.on:
        step = event.removeprefix("complaint.")
        assert step in EVENT_LABELS or event in OTHER_EVENTS or event.startswith("deadline."), (
            f"{key} is drafted by {event}, which no step records"
        )
    mentioned = any(
        f'"{key}"' in path.read_text(encoding="utf-8")
        for path in TESTS.glob("test_*.py")
        if path.name != "test_catalogue.py"
    )
    assert mentioned, f"no test in tests/documents renders {key}"


def test_no_body_is_left_without_a_letter() -> None:
    assert {path.stem for path in BODIES.glob("*.md")} == set(LETTERS)
