"""Editing, sending and making final: the only ways a document changes.

Each is one transaction that writes its case event (``document.edited``, ``document.sent``,
``document.made_final``). An edit keeps the text it replaces (``audit.versions``) and is refused
when made from an older copy than the one saved. Sending or making final freezes the document;
its PDF and Word files are then made once, after commit, by the worker (``tasks.make_files``).
When the procedure has a step for the letter having gone ("the adjudication letter was sent
on ..."), sending it records that step in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from heard.audit.events import record_event
from heard.audit.models import CaseEvent
from heard.audit.versions import keep_versions, text_changes
from heard.documents.catalogue import LETTERS
from heard.documents.formats import Page
from heard.documents.models import Document
from heard.people.models import User
from heard.people.roles import is_complaints_staff


class DocumentRefused(Exception):
    """A change to a document that the rules refuse; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# What a shipped template writes where only the complaints team can fill in the words (the
# reason for a delay, its new date): a letter with one left in cannot be sent.
GAP = "[Complaints team:"

# Steps that sending a letter records, by the step's name (``Letter.completes``): filled by
# ``apps.py`` with the procedure's own actions, so the rules of that step (its dates, its
# role) are checked exactly as when it is recorded on its own.
StepRecorder = Callable[[Any, User, date], None]
COMPLETES: dict[str, StepRecorder] = {}

# The document being sent while ``send`` records its step, so the step's own event does not
# mark that letter (or its other copies) as sent a second way.
_SENDING: ContextVar[int | None] = ContextVar("sending_document", default=None)


def mark_sent_with_step(event: CaseEvent) -> None:
    """The step a letter completes was recorded on its own ("the adjudication letter was sent
    on ..."), not by sending the letter from Heard: the drafts of that letter are marked as
    sent on the step's date, by whoever recorded it, so the case shows one story. Subscribed
    to each such step's event (``subscribe_step_sends``)."""
    if _SENDING.get() is not None:
        return
    step = event.name.removeprefix("complaint.")
    keys = [letter.key for letter in LETTERS.values() if letter.completes == step]
    on = event.happened_on or timezone.localdate()
    drafts = Document.objects.select_for_update().filter(
        complaint_id=event.complaint_id, key__in=keys, state=Document.State.DRAFT
    )
    for draft in drafts:
        draft.state = Document.State.SENT
        draft.sent_on = on
        draft.sent_by_id = event.by_id
        draft.sent_at = timezone.now()
        draft.save(update_fields=["state", "sent_on", "sent_by", "sent_at"])
        # The step's own event ("adjudication letter sent") is the record of this change.
        _make_files_after_commit(draft.pk)


def subscribe_step_sends() -> None:
    """Listen for each step a letter completes (from ``DocumentsConfig.ready()``)."""
    from heard.audit.subscribers import subscribe

    for step in {letter.completes for letter in LETTERS.values() if letter.completes}:
        subscribe(f"complaint.{step}", mark_sent_with_step)


def page_for(document: Document) -> Page:
    """What the PDF, the Word document and the preview print for ``document``."""
    data = document.data or {}
    complaint = data.get("complaint", {})
    dated = data.get("today", "")
    if document.sent_on:
        dated = f"{document.sent_on:%-d %B %Y}"
    return Page(
        title=document.title,
        body=document.body,
        kind=LETTERS[document.key].kind if document.key in LETTERS else "letter",
        recipient=document.recipient,
        address=document.address,
        dated=dated,
        reference=complaint.get("reference", ""),
        copies=tuple(document.copies or ()),
        large_print=bool(complaint.get("large_print")),
        draft=document.state == Document.State.DRAFT,
        council=data.get("council") or {},
    )


def drafted_on(document: Document) -> date:
    """The date of the step the letter was drafted for (its ``today``), which may be long
    before the day it was recorded: a letter cannot have been sent before that."""
    iso = (document.data or {}).get("today_iso")
    if iso:
        return date.fromisoformat(iso)
    return timezone.localtime(document.created_at).date()


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _staff(by: User) -> None:
    if not is_complaints_staff(by):
        raise DocumentRefused("Only the complaints team can change or send letters.")


def edit(document: Document, *, body: str, revision: int, by: User) -> Document:
    """Replace a draft's text, keeping the text it replaces."""
    _staff(by)
    letter = LETTERS.get(document.key)
    if letter is not None and letter.kind == "report":
        # Its draft is made again from the case and its narrative (``narratives``), which
        # would write over an edit here.
        raise DocumentRefused("A report is changed through its narrative, not edited here.")
    if not body.strip():
        raise DocumentRefused("Enter the text of the letter.", "body")
    with transaction.atomic():
        locked = _locked(document)
        if locked.is_frozen:
            raise DocumentRefused(
                f"This {locked.get_state_display().lower()} document can no longer be changed."
            )
        if locked.revision != revision:
            raise DocumentRefused(
                "Someone else saved this letter since you opened it. Your text is below: "
                "copy what you need, then open the letter again.",
                "body",
            )
        if locked.body == body:
            return locked
        changes = text_changes(locked, f"{locked.title} (to {locked.recipient})", body=body)
        locked.body = body
        locked.edited = True
        locked.revision += 1
        locked.save(update_fields=["body", "edited", "revision"])
        event = record_event(
            locked.complaint_id,
            "document.edited",
            f"{locked.title} edited",
            by=by,
            details={"document": locked.pk, "texts_changed": [c.label for c in changes]},
        )
        keep_versions(event, changes, by=by)
    return locked


def send(
    document: Document,
    *,
    on: date,
    how: str,
    to: str,
    by: User,
    revision: int,
) -> Document:
    """Record the letter as sent on ``on`` (never a future date, never before it was drafted),
    freeze it, and record the step it completes, if any; its files follow after commit."""
    _staff(by)
    today = timezone.localdate()
    if how not in Document.SentHow.values:
        raise DocumentRefused("Choose how the letter was sent.", "how")
    if on > today:
        raise DocumentRefused("The date cannot be in the future.", "on")
    with transaction.atomic():
        locked = _locked(document)
        drafted = drafted_on(locked)
        if on < drafted:
            raise DocumentRefused(
                f"The date cannot be before the step the letter is for ({drafted:%-d %B %Y}).",
                "on",
            )
        if locked.is_frozen:
            raise DocumentRefused(f"This letter was already {locked.get_state_display().lower()}.")
        if locked.revision != revision:
            raise DocumentRefused(
                "Someone changed this letter since you opened it. Check the text, then send it."
            )
        if GAP in locked.body:
            raise DocumentRefused(
                "Fill in the gaps marked [Complaints team: …] in the letter before sending it."
            )
        letter = LETTERS.get(locked.key)
        if letter is not None and letter.kind == "report":
            raise DocumentRefused("A report is made final, not sent.")
        sent_to = to.strip() or locked.address or locked.email
        if not sent_to and how == Document.SentHow.POST:
            raise DocumentRefused("Enter the address the letter was posted to.", "to")
        if not sent_to and how == Document.SentHow.EMAIL:
            raise DocumentRefused("Enter the email address the letter was sent to.", "to")
        if letter is not None and letter.completes:
            marker = _SENDING.set(locked.pk)
            try:
                COMPLETES[letter.completes](locked.complaint, by, on)
            finally:
                _SENDING.reset(marker)
        locked.state = Document.State.SENT
        locked.sent_on = on
        locked.sent_how = how
        locked.sent_to = sent_to
        locked.sent_by = by
        locked.sent_at = timezone.now()
        locked.save()
        record_event(
            locked.complaint_id,
            "document.sent",
            f"{locked.title} sent to {locked.recipient or 'its recipient'}"
            f" ({locked.get_sent_how_display().lower()})",
            by=by,
            details={"document": locked.pk, "copies": locked.copies},
            happened_on=on,
        )
        _make_files_after_commit(locked.pk)
    return locked


def make_final(
    document: Document, *, by: User, on: date | None = None, step: CaseEvent | None = None
) -> Document:
    """Freeze a report as it stands. When the procedure's own step made it final
    (``finalise_report`` and the like: ``step`` is its event), that event is the record of
    the change and no second event is written, so the step stays the case's latest event;
    otherwise a ``document.made_final`` event is."""
    with transaction.atomic():
        locked = _locked(document)
        if locked.is_frozen:
            return locked
        locked.state = Document.State.FINAL
        locked.sent_on = on or timezone.localdate()
        locked.sent_by = by
        locked.sent_at = timezone.now()
        locked.save()
        if step is None:
            record_event(
                locked.complaint_id,
                "document.made_final",
                f"{locked.title} made final",
                by=by,
                details={"document": locked.pk},
                happened_on=on,
            )
        _make_files_after_commit(locked.pk)
    return locked


def _make_files_after_commit(pk: int) -> None:
    from heard.documents.tasks import make_files

    transaction.on_commit(lambda: make_files.enqueue(pk))
