"""Letters are drafted by the steps that need them, inside the step's transaction, and a sent
letter's files are made after commit by the worker (decision 038)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from heard.audit.models import CaseEvent
from heard.audit.subscribers import SUBSCRIBERS, subscribe
from heard.complaints.actions import intake, stage2
from heard.complaints.transitions import Refused
from heard.documents.drafting import current_template
from heard.documents.models import Document, DocumentFile, LetterTemplate
from heard.documents.sending import DocumentRefused, edit, send
from tests.complaints.helpers import FIRST_CONTACT_ON, stage2_investigating
from tests.documents.checks import assert_accessible_pdf, assert_word
from tests.personas import create_complaint, create_personas

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 3, 2)


def test_the_step_drafts_its_letter_in_its_own_transaction() -> None:
    p = create_personas()
    complaint = create_complaint(p.officer, received_on=RECEIVED)
    assert not Document.objects.exists()
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2026, 3, 3))
    letter = Document.objects.get()
    event = CaseEvent.objects.get(complaint_id=complaint.pk, name="complaint.acknowledge")
    assert (letter.key, letter.state, letter.recipient) == (
        "acknowledgement",
        "draft",
        "Sam Rivers",
    )
    assert letter.made_by_event == event.pk
    assert letter.template == current_template("acknowledgement")
    assert letter.data["complaint"]["reference"] == complaint.reference
    assert "2 March 2026" in letter.body  # the date it was received, in words


def test_a_refused_step_drafts_nothing() -> None:
    p = create_personas()
    complaint = create_complaint(p.officer, received_on=RECEIVED)
    with pytest.raises(Refused):
        intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2026, 3, 1))
    assert not Document.objects.exists()


def test_a_failing_subscriber_undoes_the_step_and_its_letter() -> None:
    """What a subscriber writes commits with the step or not at all."""
    p = create_personas()
    complaint = create_complaint(p.officer, received_on=RECEIVED)

    def fails(event: CaseEvent) -> None:
        raise RuntimeError("the letter could not be written")

    subscribe("complaint.acknowledge", fails)
    try:
        with pytest.raises(RuntimeError):
            intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2026, 3, 3))
    finally:
        SUBSCRIBERS["complaint.acknowledge"].remove(fails)
    complaint.refresh_from_db()
    assert complaint.acknowledged_on is None
    assert not Document.objects.exists()
    assert not CaseEvent.objects.filter(name="complaint.acknowledge").exists()


def test_a_template_broken_by_an_edit_never_reaches_the_complainant() -> None:
    """An administrator's version that fails on this case: the shipped text is used instead."""
    p = create_personas()
    shipped = current_template("acknowledgement")
    LetterTemplate.objects.create(
        key="acknowledgement",
        version=shipped.version + 1,
        body="{{ no_such_thing }}",
        saved_by=p.manager,
    )
    complaint = create_complaint(p.officer, received_on=RECEIVED)
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2026, 3, 3))
    letter = Document.objects.get()
    assert letter.template == shipped
    assert "no_such_thing" not in letter.body and "Dear Sam Rivers" in letter.body


@pytest.mark.django_db(transaction=True)
def test_sending_freezes_the_letter_and_the_worker_keeps_its_files() -> None:
    """Committed for real (the worker uses its own transactions and closes connections), so
    the files are queued by ``on_commit`` and made by ``heard worker --batch``."""
    p = create_personas()
    complaint = create_complaint(p.officer, received_on=RECEIVED)
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2026, 3, 3))
    letter = Document.objects.get()
    with pytest.raises(DocumentRefused):  # before the acknowledgement it is for
        send(letter, on=date(2026, 3, 2), how="post", to="", by=p.officer, revision=1)
    send(
        letter,
        on=date(2026, 3, 4),
        how="post",
        to="1 High Street",
        by=p.officer,
        revision=letter.revision,
    )
    letter.refresh_from_db()
    assert (letter.state, letter.sent_how, letter.sent_to) == ("sent", "post", "1 High Street")
    assert not DocumentFile.objects.exists()  # queued, not yet made
    call_command("worker", batch=True, startup_delay=False, stdout=io.StringIO(), verbosity=0)
    files = {f.format: bytes(f.content) for f in DocumentFile.objects.filter(document=letter)}
    assert set(files) == {"pdf", "docx"}
    title = "We have received your complaint"
    pdf = assert_accessible_pdf(
        files["pdf"], title=title, says=["Dear Sam Rivers", complaint.reference]
    )
    assert "DRAFT" not in pdf["text"]
    assert_word(files["docx"], title=title, says=["Dear Sam Rivers", "What happens next"])


def test_a_letter_with_a_gap_left_for_the_team_cannot_be_sent() -> None:
    p = create_personas()
    complaint = create_complaint(p.officer, received_on=RECEIVED)
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2026, 3, 3))
    letter = Document.objects.get()
    gap = letter.body + "\nWe will reply by **[Complaints team: write the new date here.]**\n"
    letter = edit(letter, body=gap, revision=letter.revision, by=p.officer)
    with pytest.raises(DocumentRefused, match="Fill in the gaps"):
        send(letter, on=date(2026, 3, 4), how="post", to="", by=p.officer, revision=letter.revision)
    letter.refresh_from_db()
    assert letter.state == "draft" and letter.sent_on is None


def test_a_statement_saved_again_replaces_the_unsent_untouched_draft_only() -> None:
    """Each saved version of the Statement drafts its letter; an earlier draft nobody edited
    or sent says what no longer holds and goes; one a person edited is kept."""
    p = create_personas()
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)

    def save(version: int, text: str) -> None:
        point = stage2.PointInput(text, "An apology", "statutory")
        stage2.save_statement(complaint, by=p.io, based_on_version=version, points=[point])

    def statements() -> list[Document]:
        return list(Document.objects.filter(key="stage2_statement").order_by("id"))

    save(0, "First wording")
    save(1, "Second wording")
    [only] = statements()
    assert "Second wording" in only.body
    edit(only, body=only.body + "\nChecked by the team.\n", revision=only.revision, by=p.officer)
    save(2, "Third wording")
    kept, newest = statements()
    assert kept.pk == only.pk and kept.edited and "Third wording" in newest.body


def test_a_letter_posted_or_emailed_says_where_it_went() -> None:
    p = create_personas()
    complaint = create_complaint(p.officer, received_on=RECEIVED)
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2026, 3, 3))
    letter = Document.objects.get()
    assert not letter.address and not letter.email  # the complainant gave neither
    for how, message in (("post", "the address"), ("email", "the email address")):
        with pytest.raises(DocumentRefused, match=message):
            send(letter, on=date(2026, 3, 4), how=how, to=" ", by=p.officer, revision=1)
    letter.refresh_from_db()
    assert letter.state == "draft"
    sent = send(letter, on=date(2026, 3, 4), how="hand", to="", by=p.officer, revision=1)
    assert (sent.state, sent.sent_to) == ("sent", "")
