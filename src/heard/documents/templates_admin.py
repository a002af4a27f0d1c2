"""Changing the text of a letter: previewed against a real case, saved as a new version.

A letter's template is Markdown with placeholders, run in the sandbox (``sandbox.py``), so a
change is untrusted code: it is previewed with the data of a case the editor picks, exactly as
drafting would fill it (``drafting.letter_data``), and a version is saved only when that
preview renders. Earlier versions are never changed (decision 021): each save is a new
``LetterTemplate`` row with who saved it and why, and every document keeps the version it was
drafted from. Drafting still falls back to Heard's own text for a case where a saved version
fails (``drafting.fill``), so an edit that suits the previewed case but not another never
reaches a complainant broken.

**Who may change templates: the Complaints Manager** (the ``complaints_manager`` staff role).
The letters speak for the council to families under a statutory procedure the manager is
responsible for (domain.md 5.4), and a template reaches every case's data, so the same person
who decides the procedure's exceptions decides its words. Complaints officers edit a draft
letter's text before it is sent (``sending.edit``), which changes one letter, not all of them.
A role rather than a Django permission because every other rule in Heard is a role
(``people.roles``): there is no second place where access is granted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.documents.case_data import case_data, read_case
from heard.documents.catalogue import LETTERS, Letter, Recipient, copies_for
from heard.documents.drafting import current_template, letter_data
from heard.documents.formats import Page
from heard.documents.models import LetterTemplate
from heard.documents.sandbox import TemplateProblem, render
from heard.people.models import User
from heard.people.roles import AnyUser, is_complaints_manager

NOTE_LENGTH = 300  # LetterTemplate.note


class TemplateRefused(Exception):
    """A new version the rules refuse; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def may_change_templates(user: AnyUser) -> bool:
    """Whether ``user`` may see, preview and change letter templates (the module's docstring
    says why the Complaints Manager)."""
    return is_complaints_manager(user)


@dataclass(frozen=True)
class InUse:
    """The text a letter is drafted from now, as ``drafting.current_template`` would pick
    it, read without saving anything: ``saved`` is None while Heard's own text has not yet
    been stored as a version (no letter of that kind drafted since it changed), and
    ``version`` is then the number it will be given."""

    key: str
    version: int
    body: str
    saved: LetterTemplate | None

    @property
    def by_heard(self) -> bool:
        return self.saved is None or self.saved.saved_by_id is None


def in_use(key: str, versions: list[LetterTemplate] | None = None) -> InUse:
    """The version of ``key`` in use. ``versions`` are its stored versions, newest first,
    when the caller has read them (the list page reads every template's at once)."""
    if versions is None:
        versions = list(
            LetterTemplate.objects.filter(key=key).select_related("saved_by").order_by("-version")
        )
    latest = versions[0] if versions else None
    if latest is not None and latest.saved_by_id is not None:
        return InUse(key, latest.version, latest.body, latest)
    shipped = LETTERS[key].shipped_body
    if latest is not None and latest.body == shipped:
        return InUse(key, latest.version, latest.body, latest)
    return InUse(key, (latest.version + 1) if latest else 1, shipped, None)


@dataclass(frozen=True)
class Preview:
    """A template filled with one case's data: the letter's text and the page around it."""

    text: str
    page: Page
    # Said when the case has not reached the step that drafts the letter, so what that step
    # records (its date, its details) is not in the preview.
    note: str = ""


def _drafting_event(letter: Letter, complaint_id: int) -> CaseEvent | None:
    """The case's latest event of a step that drafts ``letter``, if it has reached one."""
    return (
        CaseEvent.objects.filter(complaint_id=complaint_id, name__in=letter.on)
        .order_by("-at", "-id")
        .first()
    )


def _first_complainant(base: dict[str, Any]) -> Recipient | None:
    for person in base.get("complainants") or []:
        return Recipient(
            name=person["name"],
            role="complainant",
            address=person["address"],
            email=person["email"],
        )
    return None


def preview_data(
    letter: Letter, complaint_id: int, today: date | None = None
) -> tuple[dict[str, Any], Recipient | None, str]:
    """What the template of ``letter`` would be given on this case, for its first copy: the
    data, the recipient, and a note when the case has not reached the step that drafts it.

    As ``drafting.draft_letter`` builds it, from the latest event of a drafting step when the
    case has one. Without one, the first complainant stands in as the recipient (a letter
    addressed from an event's details cannot be addressed without it) and the letter's
    ``more_data`` is left out, as drafting leaves it out without an event."""
    event = _drafting_event(letter, complaint_id)
    day = today or timezone.localdate()
    if event is not None:
        day = event.happened_on or timezone.localtime(event.at).date()
    complaint = read_case(complaint_id)
    base = case_data(complaint, day)
    note = ""
    recipient: Recipient | None = None
    extra: dict[str, Any] = {}
    if event is not None:
        recipients = list(letter.to(base, event))
        recipient = recipients[0] if recipients else _first_complainant(base)
        if letter.more_data is not None:
            extra = letter.more_data(complaint, event, base)
    else:
        note = (
            "This case has not reached the step that drafts this letter, so what that step "
            "records is not in the preview. Pick a case that has, to see the letter as it "
            "will be sent."
        )
        recipient = _first_complainant(base)
    if letter.kind == "report":
        recipient = None
    return letter_data(letter, base, recipient, event, extra), recipient, note


def preview(key: str, body: str, complaint_id: int, today: date | None = None) -> Preview:
    """``body`` (a template of ``key``) filled with the case's data, as drafting would fill
    it; ``TemplateProblem`` when it does not render. Reads only: nothing is saved."""
    letter = LETTERS[key]
    data, recipient, note = preview_data(letter, complaint_id, today)
    text = render(body, data)
    complaint = data.get("complaint") or {}
    page = Page(
        title=letter.title,
        body=text,
        kind=letter.kind,
        recipient=recipient.name if recipient else "",
        address=recipient.address if recipient else "",
        dated=data.get("today", ""),
        reference=complaint.get("reference", ""),
        copies=tuple(copies_for(data, recipient)) if recipient else (),
        large_print=bool(complaint.get("large_print")),
        council=data.get("council") or {},
    )
    return Preview(text=text, page=page, note=note)


def save_version(
    key: str,
    *,
    body: str,
    note: str,
    by: User,
    based_on: int,
    complaint_id: int | None,
) -> LetterTemplate:
    """Save ``body`` as the next version of ``key``'s template, in one transaction, if it
    renders for the case the editor previewed (``complaint_id``) and no one saved another
    version since the editor opened it (``based_on``, the version they started from)."""
    if not may_change_templates(by):
        raise TemplateRefused("Only the Complaints Manager can change the text of letters.")
    if key not in LETTERS:
        raise TemplateRefused("There is no such letter.")
    if not body.strip():
        raise TemplateRefused("Enter the text of the letter.", "body")
    if len(note) > NOTE_LENGTH:
        raise TemplateRefused(f"The note must be {NOTE_LENGTH} characters or fewer.", "note")
    if complaint_id is None:
        raise TemplateRefused(
            "Enter the reference of a case to preview the letter with before saving it.", "case"
        )
    try:
        preview(key, body, complaint_id)
    except TemplateProblem as problem:
        raise TemplateRefused(
            f"The letter could not be filled in for the case you previewed. {problem}", "body"
        ) from None
    with transaction.atomic():
        # The text in use, stored as a version if Heard's own text was not yet: the history
        # then starts from what letters were drafted from before this change.
        current = current_template(key)
        if current.version != based_on:
            raise TemplateRefused(
                f"Someone saved version {current.version} of this letter since you opened it. "
                "Your text is below: copy what you need, then open the letter's template again.",
                "body",
            )
        if current.body == body:
            raise TemplateRefused(
                f"This is the text of version {current.version}, in use now: there is no "
                "change to save.",
                "body",
            )
        try:
            with transaction.atomic():
                return LetterTemplate.objects.create(
                    key=key,
                    version=current.version + 1,
                    body=body,
                    note=note.strip(),
                    saved_by=by,
                )
        except IntegrityError:
            # Another editor's save took the same number a moment before ours.
            raise TemplateRefused(
                "Someone saved a new version of this letter at the same moment. Your text is "
                "below: copy what you need, then open the letter's template again.",
                "body",
            ) from None
