"""Writing a ``Decision`` from inside an action's ``transition`` block.

Every action that decides something with reasons calls ``record_decision`` with the step it
is in, so the decision is saved in the same transaction as the change it explains and is
linked to that change's case event. Higher apps (decisions, ombudsman) call it too; it needs
nothing from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from heard.complaints.models.decisions import Decision
from heard.complaints.transitions import Step


def record_decision(
    step: Step,
    kind: str,
    title: str,
    reasons: Sequence[tuple[str, str]],
    *,
    decided_on: date | None = None,
    decided_by: Any = None,
    signed_off_by: Any = None,
    letter_sent_on: date | None = None,
) -> Decision:
    """Save the decision now; ``transition`` links it to its case event when it writes one.

    ``reasons`` are (question, answer) pairs in the order the procedure asks them, so the case
    page can show each answer under the question it answers."""
    decision = Decision.objects.create(
        complaint=step.complaint,
        kind=kind,
        title=title[:300],
        reasons=[[question, answer] for question, answer in reasons],
        decided_by=decided_by or step.by,
        signed_off_by=signed_off_by,
        decided_on=decided_on or timezone.localdate(),
        letter_sent_on=letter_sent_on,
    )
    step.decisions.append(decision)
    return decision


def yes_no(value: bool | None) -> str:
    return "Not recorded" if value is None else ("Yes" if value else "No")


def day_words(day: date | None) -> str:
    """A date as the case page writes it in a decision's reasons: "7 January 2026"."""
    return f"{day.day} {day:%B %Y}" if day else "Not set"


def moved(old: date | None, new: date | None) -> str:
    """A due date's change, in words, for an extension's reasons."""
    if new is None or new == old:
        return f"Unchanged: {day_words(old)}"
    if old is None:
        return f"Set to {day_words(new)}"
    return f"Moved from {day_words(old)} to {day_words(new)}"
