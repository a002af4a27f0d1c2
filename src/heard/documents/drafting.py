"""Drafting letters when the steps that need them happen.

``draft_for_event`` is subscribed to every case event (``audit.subscribers``) and runs inside
the step's transaction, so the draft letter is saved with the change or not at all. It reads
the case once, fills each letter's current template in the sandbox, and saves one draft per
recipient. Rendering text is quick; the PDF and Word files are made later, only when a letter
is sent (``tasks.make_files``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.complaints.models import Complaint
from heard.documents.case_data import case_data, read_case, words
from heard.documents.catalogue import LETTERS, Letter, Recipient, copies_for, letters_for
from heard.documents.models import Document, LetterTemplate
from heard.documents.sandbox import TemplateProblem, render

logger = logging.getLogger(__name__)


def current_template(key: str) -> LetterTemplate:
    """The version of ``key``'s template in use: the latest saved. While no administrator has
    changed it, that is Heard's shipped text, saved as a new version whenever the shipped
    text changes, so every document still names the exact text it was made from."""
    latest = LetterTemplate.objects.filter(key=key).order_by("-version").first()
    if latest is not None and latest.saved_by_id is not None:
        return latest
    shipped = LETTERS[key].shipped_body
    if latest is not None and latest.body == shipped:
        return latest
    template, _ = LetterTemplate.objects.get_or_create(
        key=key,
        version=(latest.version + 1) if latest else 1,
        defaults={"body": shipped, "note": "The text Heard ships."},
    )
    return template


def event_data(event: CaseEvent | None) -> dict[str, Any]:
    """What the step said about itself, for the template: its name, date and details."""
    if event is None:
        return {"name": "", "happened_on": "", "details": {}}
    on = event.happened_on or timezone.localtime(event.at).date()
    return {"name": event.name, "happened_on": words(on), "details": event.details}


def letter_data(
    letter: Letter,
    base: dict[str, Any],
    recipient: Recipient | None,
    event: CaseEvent | None,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """The data one copy's template sees."""
    person = None
    if recipient is not None:
        person = {
            "name": recipient.name,
            "role": recipient.role,
            "address": recipient.address,
            "email": recipient.email,
            **recipient.data,
        }
    return {
        **base,
        **extra,
        "letter": {"title": letter.title, "rule": letter.rule},
        "recipient": person,
        "event": event_data(event),
    }


def fill(letter: Letter, data: dict[str, Any]) -> tuple[str, LetterTemplate]:
    """The letter's text from its current template. A template that fails here (an
    administrator's edit that worked on the case they previewed but not on this one) never
    reaches the complainant: the shipped text is used instead and the failure logged."""
    template = current_template(letter.key)
    try:
        return render(template.body, data), template
    except TemplateProblem as problem:
        logger.warning("template %s v%s failed: %s", letter.key, template.version, problem)
        shipped = shipped_template(letter.key)
        return render(shipped.body, data), shipped


def shipped_template(key: str) -> LetterTemplate:
    """The newest version holding Heard's own text (saved if it is not yet)."""
    shipped = LETTERS[key].shipped_body
    found = LetterTemplate.objects.filter(key=key, body=shipped).order_by("-version").first()
    if found is not None:
        return found
    latest = LetterTemplate.objects.filter(key=key).order_by("-version").first()
    template, _ = LetterTemplate.objects.get_or_create(
        key=key,
        version=(latest.version + 1) if latest else 1,
        defaults={"body": shipped, "note": "The text Heard ships."},
    )
    return template


class CaseData(dict[str, Any]):
    """``case_data`` for one complaint, read the first time anything looks at it, and read
    once however many letters a step drafts. A letter whose condition needs only the step's
    own details (which role was appointed) is ruled out without reading the case at all:
    drafting runs inside every step's transaction, so it does no work it can skip."""

    def __init__(self, complaint_id: int, today: date) -> None:
        super().__init__()
        self._complaint_id = complaint_id
        self._today = today
        self._complaint: Complaint | None = None

    @property
    def complaint(self) -> Complaint:
        if self._complaint is None:
            self._complaint = read_case(self._complaint_id)
            dict.update(self, case_data(self._complaint, self._today))
        return self._complaint

    def __getitem__(self, key: str) -> Any:
        self.complaint  # noqa: B018 (reads the case on first use)
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        self.complaint  # noqa: B018
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        self.complaint  # noqa: B018
        return dict.__contains__(self, key)

    def __iter__(self) -> Iterator[str]:
        self.complaint  # noqa: B018
        return dict.__iter__(self)

    def __len__(self) -> int:
        self.complaint  # noqa: B018
        return dict.__len__(self)

    def keys(self) -> Any:
        self.complaint  # noqa: B018
        return dict.keys(self)

    def items(self) -> Any:
        self.complaint  # noqa: B018
        return dict.items(self)

    def values(self) -> Any:
        self.complaint  # noqa: B018
        return dict.values(self)


def draft_letter(
    letter: Letter,
    complaint_id: int,
    *,
    event: CaseEvent | None,
    today: date,
    base: CaseData | None = None,
) -> list[Document]:
    """Save a draft of ``letter`` for each of its recipients. Call inside a transaction.
    ``base`` is the case's data when the caller already has it (several letters, one step)."""
    base = base if base is not None else CaseData(complaint_id, today)
    if event is not None and letter.when is not None and not letter.when(base, event):
        return []
    complaint = base.complaint
    extra = letter.more_data(complaint, event, base) if letter.more_data and event else {}
    made = []
    recipients: list[Recipient | None] = (
        list(letter.to(base, event)) if event is not None else [None]
    )
    if letter.kind == "report":
        recipients = [None]
    for recipient in recipients:
        data = letter_data(letter, base, recipient, event, extra)
        body, template = fill(letter, data)
        made.append(
            Document.objects.create(
                complaint_id=complaint_id,
                key=letter.key,
                title=letter.title,
                recipient=recipient.name if recipient else "",
                recipient_role=recipient.role if recipient else "",
                address=recipient.address if recipient else "",
                email=recipient.email if recipient else "",
                copies=copies_for(base, recipient) if recipient else [],
                body=body,
                data=data,
                template=template,
                made_by_event=event.pk if event else None,
            )
        )
    if letter.replaces_drafts and made:
        Document.objects.filter(
            complaint_id=complaint_id,
            key=letter.key,
            state=Document.State.DRAFT,
            edited=False,
            recipient__in=[document.recipient for document in made],
        ).exclude(pk__in=[document.pk for document in made]).delete()
    return made


def draft_for_event(event: CaseEvent) -> None:
    """The subscriber: draft whatever letters ``event``'s step needs."""
    letters = letters_for(event.name)
    if not letters:
        return
    today = event.happened_on or timezone.localdate()
    base = CaseData(event.complaint_id, today)
    for letter in letters:
        draft_letter(letter, event.complaint_id, event=event, today=today, base=base)
