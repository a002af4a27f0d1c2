"""Every letter and report Heard drafts: which step drafts it, for whom, and under which rule.

Each entry is registered by one of the modules in ``documents/letters/`` (one per part of the
procedure) and its shipped text is ``documents/bodies/<key>.md``: Markdown with Jinja2
placeholders, in our own plain words, filled from ``case_data`` in the sandbox. Administrators
may change the text (a new ``LetterTemplate`` version); the catalogue entry, which says when
the letter is drafted and to whom, is code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from heard.audit.models import CaseEvent
    from heard.complaints.models import Complaint

BODIES = Path(__file__).resolve().parent / "bodies"


@dataclass(frozen=True)
class Recipient:
    """Who one copy of a letter is addressed to."""

    name: str
    role: str  # "complainant", "investigating officer", "staff"...
    address: str = ""
    email: str = ""
    # Extra data for this recipient's copy (the interview it is about, say).
    data: dict[str, Any] = field(default_factory=dict)


Recipients = Callable[[dict[str, Any], "CaseEvent"], list[Recipient]]
Condition = Callable[[dict[str, Any], "CaseEvent"], bool]
MoreData = Callable[["Complaint", "CaseEvent", dict[str, Any]], dict[str, Any]]


def to_complainants(data: dict[str, Any], event: CaseEvent) -> list[Recipient]:
    """One copy per complainant (the advocate is copied on each, ``copies_for``), leaving out
    anyone found not to have a sufficient interest: they were told no further action would be
    taken on their complaint (rule 3), so the letters that follow are not theirs."""
    return [
        Recipient(name=c["name"], role="complainant", address=c["address"], email=c["email"])
        for c in data["complainants"]
        if c.get("sufficient_interest") is not False
    ]


def to_appointee(key: str, role: str) -> Recipients:
    """The person appointed in ``key`` (``investigating_officer`` ...), if any."""

    def recipients(data: dict[str, Any], event: CaseEvent) -> list[Recipient]:
        person = data.get(key)
        if not person:
            return []
        return [Recipient(name=person["name"], role=role, email=person["email"])]

    return recipients


def copies_for(data: dict[str, Any], recipient: Recipient) -> list[str]:
    """Rule 7: the advocate is copied on every letter to a complainant, where one is appointed."""
    advocate = data.get("advocate")
    if recipient.role != "complainant" or not advocate:
        return []
    named = advocate["name"]
    if advocate.get("organisation"):
        named += f", {advocate['organisation']}"
    return [f"{named} (advocate)"]


@dataclass(frozen=True)
class Letter:
    """One kind of letter or report."""

    key: str
    title: str
    # The rule or regulation it answers, as the case page and the template editor name it.
    rule: str
    # The case events (``complaint.<step>``) that draft it.
    on: tuple[str, ...]
    to: Recipients = to_complainants
    # Drafted only when this holds (a refusal, not an acceptance, say).
    when: Condition | None = None
    kind: str = "letter"  # "letter" or "report"
    # The step that sending it records, when the procedure has one ("the letter was sent on").
    completes: str = ""
    # Appointment roles, beside complaints staff, who may open it (an adjudicator, the report).
    readers: frozenset[str] = frozenset()
    # A new draft takes the place of the same person's earlier drafts that nobody edited or
    # sent (a Statement of Complaint saved again): they said what no longer holds.
    replaces_drafts: bool = False
    # Data this letter needs beyond the case (the appointment it is about, say).
    more_data: MoreData | None = None

    @property
    def shipped_body(self) -> str:
        return _shipped(self.key)


@cache
def _shipped(key: str) -> str:
    """The text Heard ships for ``key``, read from its file once per process."""
    return (BODIES / f"{key}.md").read_text(encoding="utf-8")


LETTERS: dict[str, Letter] = {}


def register_letter(letter: Letter) -> Letter:
    """Add ``letter`` to the catalogue (from ``DocumentsConfig.ready()``; twice is no change)."""
    if LETTERS.get(letter.key, letter) != letter:
        raise RuntimeError(f"letter {letter.key!r} registered twice")
    LETTERS[letter.key] = letter
    return letter


def letters_for(event_name: str) -> list[Letter]:
    return [letter for letter in LETTERS.values() if event_name in letter.on]
