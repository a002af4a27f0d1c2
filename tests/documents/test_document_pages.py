"""The letter pages through the Django test client: the case page's "Letters and reports", one
document and its PDF and Word files, editing and sending a draft, who may open what, and the
template editor with its preview. Letters are drafted by the real steps (the acknowledgement
by ``intake.acknowledge``), and every form is also sent hostile answers: none gives a server
error, and one that is refused changes nothing.
"""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import AccessRecord, CaseEvent, TextVersion
from heard.complaints.actions import intake, stage1
from heard.complaints.models import Complaint
from heard.complaints.models.choices import Relationship
from heard.documents.access import readers_of
from heard.documents.catalogue import LETTERS, Letter
from heard.documents.models import Document, DocumentFile, LetterTemplate
from heard.documents.sending import COMPLETES
from heard.people.models import User
from tests.complaints.helpers import case_state, stage2_investigating
from tests.complaints.step_pages import as_user, error_beside, main_text, page_text, text
from tests.documents.checks import assert_accessible_pdf, assert_word
from tests.personas import Personas
from tests.shared import OneCaseForTheClass

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 11, 2)
ACKNOWLEDGED = date(2026, 11, 3)
TITLE = "We have received your complaint"


def acknowledged_case(p: Personas) -> Complaint:
    """A complaint from a parent with an advocate, acknowledged: the acknowledgement is
    drafted by the step, to Sam Rivers with a copy to the advocate."""
    complaint = intake.record_complaint(
        by=p.officer,
        received_on=RECEIVED,
        channel="email",
        summary="Contact with my son was cancelled without notice.",
        team="Children in Care team",
        complainants=[
            intake.NewComplainant(
                name="Sam Rivers",
                relationship=Relationship.PARENT,
                email="sam.rivers@example.org",
                address="1 Mill Lane\nRiverton\nRT1 2AB",
            )
        ],
        children=[intake.NewChild(name="Alex Rivers")],
    )
    intake.record_advocacy(
        complaint,
        by=p.officer,
        offered_on=RECEIVED,
        response="accepted",
        advocate_name="Jo Hart",
        advocate_organisation="Voices",
    )
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=ACKNOWLEDGED)
    return complaint


def acknowledgement(complaint: Complaint) -> Document:
    return Document.objects.filter(complaint=complaint, key="acknowledgement").latest("id")


def url(name: str, document: Document) -> str:
    return reverse(f"documents:{name}", args=[document.complaint_id, document.pk])


def detail(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


def letters_section(response: Any) -> str:
    """The words of the case page's "Letters and reports" section."""
    page = response.content.decode()
    start = page.index('<section id="letters"')
    return text(page[start : page.index("</section>", start)])


def textarea(response: Any, name: str) -> str:
    """What a textarea holds, as the browser shows it."""
    found = re.search(
        rf'<textarea[^>]*name="{name}"[^>]*>\n?(.*?)</textarea>', response.content.decode(), re.S
    )
    assert found, f"no textarea {name}"
    return html.unescape(found.group(1))


def edit_answers(document: Document, body: str, **more: str) -> dict[str, str]:
    return {"body": body, "revision": str(document.revision), **more}


def send_answers(document: Document, on: date, **more: str) -> dict[str, str]:
    return {
        "on_day": str(on.day),
        "on_month": str(on.month),
        "on_year": str(on.year),
        "how": "post",
        "to": "1 Mill Lane\nRiverton\nRT1 2AB",
        "revision": str(document.revision),
        **more,
    }


# -- a letter on the case ------------------------------------------------------------------


class TestTheAcknowledgement(OneCaseForTheClass):
    build = staticmethod(acknowledged_case)

    def test_the_case_page_lists_the_letter(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        section = letters_section(as_user(client, p.officer).get(detail(complaint)))
        assert f"{TITLE} to Sam Rivers" in section
        assert "Copy to Jo Hart, Voices (advocate)" in section
        assert "Draft" in section
        href = url("document", acknowledgement(complaint))
        assert (
            f'href="{href}"' in as_user(client, p.officer).get(detail(complaint)).content.decode()
        )

    def test_the_case_page_asks_the_same_however_many_letters(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        staff = as_user(client, p.officer)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert staff.get(detail(complaint)).status_code == 200
            return len(captured)

        few = queries()
        for _ in range(3):
            intake.acknowledge(complaint, by=p.officer, acknowledged_on=ACKNOWLEDGED)
        assert queries() == few
        assert letters_section(staff.get(detail(complaint))).count(f"{TITLE} to Sam Rivers") == 4

    def test_the_document_page_shows_the_letter_and_records_the_read(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        document = acknowledgement(complaint)
        response = as_user(client, p.officer).get(url("document", document))
        assert response.status_code == 200
        words = main_text(response)
        assert TITLE in words and "DRAFT: not yet sent" in words
        assert "Dear Sam Rivers," in words and "Thank you for contacting us." in words
        assert "1 Mill Lane Riverton RT1 2AB" in words  # the address, for the team
        assert "Copy to Jo Hart, Voices (advocate)" in words
        assert f"From version {document.template.version} of the letter's template" in words
        assert "by the step recorded as “Acknowledged on Tuesday 3 November 2026”" in words
        assert "Rule 12" in words
        # The letter's "## What happens next" sits under the box's title, as an H3.
        assert '<h3 class="govuk-heading-m">What happens next</h3>' in response.content.decode()
        assert AccessRecord.objects.filter(
            complaint_id=complaint.pk, by=p.officer, path=url("document", document)
        ).exists()

    def test_the_pdf_and_word_files_are_real_and_marked_draft(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        document = acknowledgement(complaint)
        staff = as_user(client, p.officer)
        pdf = staff.get(url("pdf", document))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert pdf["Content-Disposition"] == (
            f'attachment; filename="{complaint.reference}-acknowledgement.pdf"'
        )
        assert_accessible_pdf(
            pdf.content,
            title=TITLE,
            says=["DRAFT", "Sam Rivers", "1 Mill Lane", "Thank you for contacting us", "Jo Hart"],
        )
        word = staff.get(url("docx", document))
        assert word["Content-Disposition"] == (
            f'attachment; filename="{complaint.reference}-acknowledgement.docx"'
        )
        doc = assert_word(
            word.content, title=TITLE, says=["DRAFT", "Dear Sam Rivers,", complaint.reference]
        )
        assert (2, "What happens next") in doc["headings"]

    def test_an_edit_saves_the_text_and_keeps_the_old_one(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        document = acknowledgement(complaint)
        staff = as_user(client, p.officer)
        form = staff.get(url("edit", document))
        assert textarea(form, "body") == document.body
        assert 'Start a line with "## " for a heading' in page_text(form)
        new = document.body.replace("Thank you for contacting us.", "Thank you for writing.")
        response = staff.post(url("edit", document), edit_answers(document, new))
        assert response.status_code == 302 and response["Location"] == url("document", document)
        saved = Document.objects.get(pk=document.pk)
        assert (saved.body, saved.revision, saved.edited) == (new, document.revision + 1, True)
        kept = TextVersion.objects.get(complaint_id=complaint.pk, object_id=document.pk)
        assert (kept.before, kept.after, kept.by_id) == (document.body, new, p.officer.pk)
        assert "Thank you for writing." in main_text(staff.get(url("document", document)))

    def test_a_stale_edit_is_refused_and_keeps_the_typed_text(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        document = acknowledgement(complaint)
        staff = as_user(client, p.officer)
        first = document.body + "\nA first change."
        assert staff.post(url("edit", document), edit_answers(document, first)).status_code == 302
        mine = document.body + "\nMy own change, typed from the older copy."
        before = case_state(complaint.pk)
        response = staff.post(url("edit", document), edit_answers(document, mine))
        assert response.status_code == 200
        assert "Someone else saved this letter since you opened it" in error_beside(
            response, "id_body"
        )
        assert textarea(response, "body") == mine
        assert case_state(complaint.pk) == before
        assert Document.objects.get(pk=document.pk).body == first

    def test_sending_freezes_the_letter(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        document = acknowledgement(complaint)
        staff = as_user(client, p.officer)
        form = staff.get(url("send", document))
        assert textarea(form, "to") == document.address
        today = timezone.localdate()
        assert f'name="on_day" value="{today.day}"' in form.content.decode()
        response = staff.post(url("send", document), send_answers(document, today))
        assert response.status_code == 302
        sent = Document.objects.get(pk=document.pk)
        assert (sent.state, sent.sent_on, sent.sent_how, sent.sent_by) == (
            "sent",
            today,
            "post",
            p.officer,
        )
        page = main_text(staff.get(url("document", document)))
        on = f"{today:%-d %B %Y}"
        assert f"Sent on {on} by post" in page and "DRAFT" not in page
        assert "Change the text" not in page and "Record it as sent" not in page
        section = letters_section(staff.get(detail(complaint)))
        assert f"Sent on {on} by post" in section

        # Then the edit and the send are refused, saying why, and change nothing.
        before = case_state(complaint.pk)
        edit = staff.get(url("edit", document))
        assert "can no longer be changed" in page_text(edit) and "<textarea" not in (
            edit.content.decode()
        )
        assert staff.post(url("edit", sent), edit_answers(sent, "New text")).status_code == 200
        again = staff.get(url("send", document))
        assert f"This letter was already sent on {on} by post." in page_text(again)
        assert staff.post(url("send", sent), send_answers(sent, today)).status_code == 200
        assert case_state(complaint.pk) == before

        # The files the worker keeps are served byte for byte once they exist.
        DocumentFile.objects.create(
            document=sent, format="pdf", content=b"%PDF-kept", sha256="0" * 64
        )
        assert staff.get(url("pdf", sent)).content == b"%PDF-kept"

    def test_a_letter_whose_step_cannot_happen_yet_says_why_instead_of_the_form(
        self, client: Client, p: Personas, complaint: Complaint, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Sending a letter that completes a step records that step: while the step's rules
        refuse it (here, Stage 1 cannot start before the complaint is classified), the send
        page says so, and a post changes nothing."""
        document = acknowledgement(complaint)
        completing = dataclasses.replace(LETTERS["acknowledgement"], completes="start_stage1")
        monkeypatch.setitem(LETTERS, "acknowledgement", completing)
        monkeypatch.setitem(
            COMPLETES, "start_stage1", lambda case, by, on: stage1.start_stage1(case, by=by)
        )
        staff = as_user(client, p.officer)
        page = staff.get(url("send", document))
        words = main_text(page)
        assert "Sending this letter records a step (start stage 1) that cannot happen now" in (
            words
        )
        assert (
            "Record which procedure the complaint follows" in words
            and 'name="how"' not in page.content.decode()
        )
        assert "Record it as sent" not in main_text(staff.get(url("document", document)))
        before = case_state(complaint.pk)
        today = timezone.localdate()
        assert staff.post(url("send", document), send_answers(document, today)).status_code == 200
        assert case_state(complaint.pk) == before

        monkeypatch.setitem(
            LETTERS, "acknowledgement", dataclasses.replace(completing, completes="no_such_step")
        )
        assert "cannot record that step from here yet" in page_text(
            staff.get(url("send", document))
        )

    def test_a_date_in_the_future_is_refused_beside_the_date(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        document = acknowledgement(complaint)
        before = case_state(complaint.pk)
        tomorrow = date.fromordinal(timezone.localdate().toordinal() + 1)
        response = as_user(client, p.officer).post(
            url("send", document), send_answers(document, tomorrow)
        )
        assert response.status_code == 200
        assert "future" in error_beside(response, "id_on")
        assert case_state(complaint.pk) == before

    def test_hostile_answers_give_no_server_error_and_change_nothing(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        document = acknowledgement(complaint)
        staff = as_user(client, p.officer)
        today = timezone.localdate()
        good_edit = edit_answers(document, document.body + "\nChanged.")
        good_send = send_answers(document, today)
        hostile = ["", " ", "\x00", "a\x00b", "²", "٣", "-1", "9" * 20, "ü" * 401, "x" * 5000]
        tried = 0
        for name in ("body", "revision", "submission"):
            for value in [*hostile, "x" * 100_001]:
                tried += _post_hostile(staff, url("edit", document), {**good_edit, name: value})
        for name in ("on_day", "on_month", "on_year", "how", "to", "revision"):
            for value in [*hostile, "9999", "0000", "carrier pigeon"]:
                tried += _post_hostile(staff, url("send", document), {**good_send, name: value})
        assert tried > 100
        # Addresses that cannot be a case's or a document's: 404, never a server error.
        for pk, number in ((9 * 10**19, document.pk), (complaint.pk, 9 * 10**19)):
            hostile_url = f"/cases/{pk}/letters/{number}/"
            assert staff.get(hostile_url).status_code == 404
            assert staff.get(f"{hostile_url}letter.pdf").status_code == 404


def snapshot(complaint_id: int) -> tuple[Any, ...]:
    """What a letter's pages could change: the complaint, its documents and their files, its
    events, the texts kept of edits, and the templates (a quicker read than ``case_state``,
    for the many hostile requests)."""
    return (
        Complaint.objects.filter(pk=complaint_id).values().get(),
        list(Document.objects.filter(complaint_id=complaint_id).order_by("pk").values()),
        list(DocumentFile.objects.filter(document__complaint_id=complaint_id).values("pk")),
        list(CaseEvent.objects.filter(complaint_id=complaint_id).values_list("pk", flat=True)),
        list(TextVersion.objects.filter(complaint_id=complaint_id).values_list("pk", flat=True)),
        list(LetterTemplate.objects.order_by("pk").values()),
    )


def _post_hostile(client: Client, address: str, answers: dict[str, str]) -> int:
    """Post ``answers`` inside a savepoint rolled back after: no 5xx, and an answer not
    accepted (no redirect) leaves the case as it was."""
    complaint_id = int(address.split("/")[2])
    with transaction.atomic():
        before = snapshot(complaint_id)
        response = client.post(address, answers)
        assert response.status_code < 500, (address, answers)
        if response.status_code != 302:
            assert snapshot(complaint_id) == before, (address, answers)
        transaction.set_rollback(True)
    return 1


# -- who may open what ---------------------------------------------------------------------

FOR_INVESTIGATORS = "test_for_investigators"
TO_THE_IO = "test_to_the_io"


def investigation_with_letters(p: Personas) -> Complaint:
    """A Stage 2 investigation (IO and IP appointed), acknowledged, with two more documents:
    one whose catalogue entry names the Investigating Officer among its readers (registered
    by the tests that need it), and one addressed to the IO by their account's email."""
    complaint = stage2_investigating(p)
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2025, 9, 1))
    User.objects.filter(pk=p.io.pk).update(email="io@example.org")
    template = acknowledgement(complaint).template
    for key, title, recipient, email in (
        (FOR_INVESTIGATORS, "Notes for the investigators", "", ""),
        (TO_THE_IO, "Your appointment", "Io Tester", "IO@example.org"),
    ):
        Document.objects.create(
            complaint=complaint,
            key=key,
            title=title,
            recipient=recipient,
            recipient_role="investigating officer" if recipient else "",
            email=email,
            body=f"## {title}\n\nWhat the officer needs to know.",
            template=template,
        )
    return complaint


class TestWhoMayOpenALetter(OneCaseForTheClass):
    build = staticmethod(investigation_with_letters)

    @pytest.fixture(autouse=True)
    def _readers(self, monkeypatch: pytest.MonkeyPatch) -> None:
        letter = Letter(
            key=FOR_INVESTIGATORS,
            title="Notes for the investigators",
            rule="Test only",
            on=(),
            kind="report",
            readers=frozenset({"investigating_officer"}),
        )
        monkeypatch.setitem(LETTERS, FOR_INVESTIGATORS, letter)

    def _documents(self, complaint: Complaint) -> dict[str, Document]:
        return {
            d.key: d
            for d in Document.objects.filter(
                complaint=complaint, key__in=["acknowledgement", FOR_INVESTIGATORS, TO_THE_IO]
            )
        }

    def test_the_investigating_officer_opens_what_readers_and_the_address_allow(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        documents = self._documents(complaint)
        io = as_user(client, p.io)
        assert io.get(url("document", documents[FOR_INVESTIGATORS])).status_code == 200
        mine = io.get(url("document", documents[TO_THE_IO]))
        assert mine.status_code == 200 and "What the officer needs to know." in main_text(mine)
        for name in ("document", "pdf", "docx"):
            assert io.get(url(name, documents["acknowledgement"])).status_code == 404
        section = letters_section(io.get(detail(complaint)))
        assert "Notes for the investigators" in section and "Your appointment" in section
        assert TITLE not in section
        # A reader may open it, not change or send it.
        assert io.get(url("edit", documents[TO_THE_IO])).status_code == 403
        before = case_state(complaint.pk)
        answers = edit_answers(documents[TO_THE_IO], "Changed by the reader")
        assert io.post(url("edit", documents[TO_THE_IO]), answers).status_code == 403
        assert case_state(complaint.pk) == before

    def test_others_on_the_case_and_strangers_get_404(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        documents = self._documents(complaint)
        # The Independent Person sees the case, but is neither a reader nor the addressee.
        ip = as_user(client, p.ip)
        for document in documents.values():
            assert ip.get(url("document", document)).status_code == 404
        assert "No letters yet." in letters_section(ip.get(detail(complaint)))
        for stranger in (p.other_io, p.outsider, p.adjudicator):
            browser = as_user(client, stranger)
            for document in documents.values():
                for name in ("document", "pdf", "edit", "send"):
                    assert browser.get(url(name, document)).status_code == 404, (stranger, name)
        # A document of another case, asked for under this one's address: 404.
        other = acknowledged_case(p)
        wrong = reverse("documents:document", args=[complaint.pk, acknowledgement(other).pk])
        assert as_user(client, p.officer).get(wrong).status_code == 404

    def test_readers_may_be_named_either_way(self, monkeypatch: pytest.MonkeyPatch) -> None:
        letter = Letter(
            key="test_spelling",
            title="t",
            rule="t",
            on=(),
            readers=frozenset({"appointed:adjudicator", "panel_chair"}),
        )
        monkeypatch.setitem(LETTERS, "test_spelling", letter)
        assert readers_of("test_spelling") == {"adjudicator", "panel_chair"}
        assert readers_of("no_such_letter") == frozenset()


# -- the template editor -------------------------------------------------------------------


def template_url(name: str = "template", key: str = "acknowledgement") -> str:
    if name == "templates":
        return reverse("documents:templates")
    return reverse(f"documents:{name}", args=[key])


def template_answers(complaint: Complaint, body: str, action: str, **more: str) -> dict[str, str]:
    return {
        "body": body,
        "case": complaint.reference,
        "note": "Shorter opening",
        "based_on": str(
            LetterTemplate.objects.filter(key="acknowledgement").latest("version").version
        ),
        "action": action,
        **more,
    }


class TestTheTemplateEditor(OneCaseForTheClass):
    build = staticmethod(acknowledged_case)

    def test_the_list_is_the_complaints_managers(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        response = as_user(client, p.manager).get(template_url("templates"))
        assert response.status_code == 200
        assert TITLE in page_text(response) and "Rule 12" in page_text(response)
        assert as_user(client, p.officer).get(template_url("templates")).status_code == 403
        assert as_user(client, p.io).get(template_url("templates")).status_code == 404
        page = as_user(client, p.manager).get(template_url())
        assert textarea(page, "body") == LETTERS["acknowledgement"].shipped_body
        assert 'data-template-preview="' in page.content.decode()
        assert "heard/template_preview.js" in page.content.decode()

    def test_preview_fills_the_text_with_the_cases_details(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        versions = LetterTemplate.objects.count()
        body = "Dear {{ recipient.name }},\n\nWe received it on {{ complaint.received_on }}."
        manager = as_user(client, p.manager)
        response = manager.post(template_url(), template_answers(complaint, body, "preview"))
        assert response.status_code == 200
        words = main_text(response)
        assert "Dear Sam Rivers, We received it on 2 November 2026." in words
        assert "Copy to: Jo Hart, Voices (advocate)" in words
        assert textarea(response, "body") == body
        fragment = manager.post(
            template_url("template_preview"), {"body": body, "case": complaint.reference}
        )
        assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
        assert "We received it on 2 November 2026." in page_text(fragment)
        assert LetterTemplate.objects.count() == versions

    @pytest.mark.parametrize(
        ("body", "says"),
        [
            ("{{ complaint.objects.all() }}", "There is no 'objects' in the case data"),
            ("{{ ''.__class__.__mro__ }}", "reach outside the case data"),
            ("{{ complaint.reciever_on }}", "There is no 'reciever_on'"),
            ("{% for x in complaint %}", "Line 1"),
        ],
    )
    def test_a_template_error_is_shown_beside_the_text_and_nothing_is_saved(
        self, client: Client, p: Personas, complaint: Complaint, body: str, says: str
    ) -> None:
        versions = list(LetterTemplate.objects.values())
        manager = as_user(client, p.manager)
        for action in ("preview", "save"):
            response = manager.post(template_url(), template_answers(complaint, body, action))
            assert response.status_code == 200
            assert says in error_beside(response, "id_body"), action
            assert textarea(response, "body") == body
        fragment = manager.post(
            template_url("template_preview"), {"body": body, "case": complaint.reference}
        )
        assert fragment.status_code == 200 and says in page_text(fragment)
        assert list(LetterTemplate.objects.values()) == versions

    def test_saving_makes_a_version_that_the_next_letter_is_drafted_from(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        shipped = LetterTemplate.objects.get(key="acknowledgement")
        body = shipped.body.replace(
            "Thank you for contacting us.", "Thank you for telling us what went wrong."
        )
        manager = as_user(client, p.manager)
        response = manager.post(template_url(), template_answers(complaint, body, "save"))
        assert response.status_code == 302, page_text(response)[:3000]
        saved = LetterTemplate.objects.get(key="acknowledgement", version=shipped.version + 1)
        assert (saved.body, saved.saved_by, saved.note) == (body, p.manager, "Shorter opening")
        page = page_text(manager.get(template_url()))
        assert f"Version {saved.version} is in use" in page and "Shorter opening" in page
        old = manager.get(
            reverse("documents:template_version", args=["acknowledgement", shipped.version])
        )
        assert "Thank you for contacting us." in page_text(old)

        # The next acknowledgement is drafted from the new version.
        intake.acknowledge(complaint, by=p.officer, acknowledged_on=ACKNOWLEDGED)
        drafted = acknowledgement(complaint)
        assert drafted.template == saved
        assert "Thank you for telling us what went wrong." in drafted.body

        # Saved again from the page opened before that save: refused, the text kept.
        stale = template_answers(complaint, body + "\nMore.", "save", based_on=str(shipped.version))
        refused = manager.post(template_url(), stale)
        assert refused.status_code == 200
        assert "Someone saved version" in error_beside(refused, "id_body")
        assert textarea(refused, "body") == body + "\nMore."
        assert LetterTemplate.objects.filter(key="acknowledgement").count() == 2

    def test_hostile_answers_to_the_editor_give_no_server_error(
        self, client: Client, p: Personas, complaint: Complaint
    ) -> None:
        manager = as_user(client, p.manager)
        good = template_answers(complaint, "Dear {{ recipient.name }},", "save")
        hostile = ["", "\x00", "²", "٣", "9" * 20, "x" * 301, "' OR 1=1 --", "C-9999-99999"]
        bodies = [
            "{{ 1/0 }}",
            "{% include 'base.html' %}",
            "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
            "{{ complaint|attr('__class__') }}",
            "{{ range(10**9)|list|length }}",
            "{{",
            "{% raw %}",
        ]
        for name in ("body", "case", "note", "based_on", "action"):
            for value in [*hostile, *(bodies if name == "body" else [])]:
                with transaction.atomic():
                    versions = list(LetterTemplate.objects.values())
                    answers = {**good, name: value}
                    response = manager.post(template_url(), answers)
                    assert response.status_code < 500, answers
                    if response.status_code != 302:
                        assert list(LetterTemplate.objects.values()) == versions, answers
                    fragment = manager.post(template_url("template_preview"), answers)
                    assert fragment.status_code == 200, answers
                    transaction.set_rollback(True)
        for address in (
            reverse("documents:template", args=["no_such_letter"]),
            reverse("documents:template_version", args=["acknowledgement", 9 * 10**19]),
            reverse("documents:template_version", args=["acknowledgement", 999]),
        ):
            assert manager.get(address).status_code == 404
