"""The page where the Investigating Officer writes their report's narrative, and the draft
report made again from it (issue 10: "The IO writes the narrative parts in Heard")."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from heard.complaints.models import Complaint
from heard.documents.models import Document, ReportNarrative
from heard.documents.narratives import narrative_parts
from tests.complaints.helpers import statement_agreed
from tests.personas import Personas
from tests.shared import OneCaseForTheClass

pytestmark = pytest.mark.django_db

INTRODUCTION = "I was appointed to look into this complaint.\n\nI read:\n\n- the contact records"


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def form(complaint: Complaint, **texts: str) -> dict[str, str]:
    """The form as the page sends it: every part's text and revision, with ``texts`` typed."""
    data = {}
    for part in narrative_parts(complaint, "io_report"):
        name = part.key.replace(":", "-")
        data[f"text-{name}"] = texts.get(name.replace("-", "_"), part.text)
        data[f"revision-{name}"] = str(part.revision)
    return data


class TestWritingTheReport(OneCaseForTheClass):
    build = staticmethod(statement_agreed)

    def url(self, complaint: Complaint) -> str:
        return reverse("documents:write_report", args=[complaint.pk, "io_report"])

    def test_the_case_page_offers_the_investigating_officer_their_report(
        self, p: Personas, complaint: Complaint
    ) -> None:
        page = client_for(p.io).get(reverse("complaints:detail", args=[complaint.pk]))
        assert self.url(complaint) in page.content.decode()
        ip_page = client_for(p.ip).get(reverse("complaints:detail", args=[complaint.pk]))
        assert self.url(complaint) not in ip_page.content.decode()

    def test_saving_shows_the_draft_report_made_from_it(
        self, p: Personas, complaint: Complaint
    ) -> None:
        client = client_for(p.io)
        assert "Point 1" in client.get(self.url(complaint)).content.decode()
        saved = client.post(self.url(complaint), form(complaint, introduction=INTRODUCTION))
        report = Document.objects.get(complaint=complaint, key="io_report")
        assert saved.status_code == 302
        assert saved["Location"] == reverse("documents:document", args=[complaint.pk, report.pk])
        assert report.state == "draft" and "I read:" in report.body
        shown = client.get(saved["Location"]).content.decode()
        assert "I was appointed to look into this complaint." in shown
        pdf = client.get(reverse("documents:pdf", args=[complaint.pk, report.pk]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    def test_a_part_saved_by_someone_else_meanwhile_keeps_the_typed_text(
        self, p: Personas, complaint: Complaint
    ) -> None:
        opened = form(complaint, introduction="My first go.")
        client_for(p.io).post(self.url(complaint), form(complaint, introduction="Theirs."))
        refused = client_for(p.io).post(self.url(complaint), opened)
        assert refused.status_code == 400
        body = refused.content.decode()
        assert "My first go." in body and "There is a problem" in body
        assert ReportNarrative.objects.get(part="introduction").text == "Theirs."

    @pytest.mark.parametrize(
        "hostile",
        [
            {"revision-introduction": "not a number"},
            {"revision-introduction": "-1"},
            {"revision-introduction": "99999999999999999999"},
            {"text-introduction": "x" * 60_000},
            {"text-introduction": "\x00<script>alert(1)</script>"},
        ],
    )
    def test_hostile_input_is_refused_or_kept_as_text_and_never_a_server_error(
        self, p: Personas, complaint: Complaint, hostile: dict[str, str]
    ) -> None:
        answer = client_for(p.io).post(self.url(complaint), {**form(complaint), **hostile})
        assert answer.status_code in (302, 400)
        if answer.status_code == 302:  # saved: typed markup is shown as text, never run
            assert "<script>" not in client_for(p.io).get(answer["Location"]).content.decode()
        else:
            assert not ReportNarrative.objects.exists()

    def test_only_its_writer_and_complaints_staff_may_open_it(
        self, p: Personas, complaint: Complaint
    ) -> None:
        for person in (p.ip, p.outsider, p.adjudicator):
            assert client_for(person).get(self.url(complaint)).status_code == 404
        assert client_for(p.officer).get(self.url(complaint)).status_code == 200
        wrong = reverse("documents:write_report", args=[complaint.pk, "acknowledgement"])
        assert client_for(p.io).get(wrong).status_code == 404
