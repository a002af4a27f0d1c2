"""Reports assembled from the case's records and the narrative their writers type: drafted
again from the latest of both until the step that makes them final freezes them (decision 038,
``documents.narratives``).

The Investigating Officer's case is built by the real actions to the point where the report
is written: the statement agreed, records received, an interview whose notes were agreed,
a finding on each point and a recommendation. The panel's is built to the panel having met.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from heard.audit.models import CaseEvent, TextVersion
from heard.complaints.models import Complaint
from heard.complaints.models.choices import AttendeeCapacity
from heard.decisions import actions as decisions
from heard.decisions import stage3
from heard.documents.formats import to_docx, to_pdf
from heard.documents.models import Document, ReportNarrative
from heard.documents.narratives import (
    can_write_narrative,
    current_report,
    narrative_parts,
    save_narrative,
)
from heard.documents.sending import DocumentRefused, edit, page_for
from heard.investigations import actions as investigations
from heard.investigations.models import Room
from tests.complaints.helpers import (
    REPORT_FINAL_ON,
    fact_checked,
    ip_reported,
    record_findings,
    refused,
    statement_agreed,
)
from tests.complaints.stage3_helpers import (
    REPORT_SENT_ON,
    add_recommendations,
    circulation,
    panel_met,
)
from tests.documents.checks import assert_accessible_pdf, assert_word, read_docx
from tests.personas import Personas
from tests.shared import OneCaseForTheClass

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 10, 14)
IO_TITLE = "Investigating Officer's report"
REPORTS = ("io_report", "ip_report", "panel_report")

INTRODUCTION = (
    "I was appointed on 29 September 2025.\n\nI met:\n\n- the complainant\n- the social worker"
)
ANALYSIS = "The contact policy says **two days' notice** must be given. It was not."


def investigated(p: Personas) -> Complaint:
    """Statement agreed (two points); records asked for and received; an interview held and
    its notes agreed; records asked for from a second team, not yet received; a finding on
    each point and one recommendation: ready for the fact-check."""
    complaint = statement_agreed(p)
    received = investigations.request_records(
        complaint,
        by=p.officer,
        requested_from="Children in Care team",
        description="Contact records, May to August 2025",
        requested_on=date(2025, 10, 8),
        due_on=date(2025, 10, 13),
    )
    investigations.receive_records(
        complaint, by=p.officer, request=received, received_on=date(2025, 10, 9)
    )
    investigations.request_records(
        complaint,
        by=p.officer,
        requested_from="Legal services",
        description="Advice on the contact order",
        requested_on=date(2025, 10, 8),
        due_on=date(2025, 10, 20),
    )
    start = datetime(2025, 10, 9, 10, 0, tzinfo=LONDON)
    interview = investigations.book_interview(
        complaint,
        by=p.officer,
        interviewee="Jo Social Worker",
        room=Room.objects.create(name="Meeting Room 4"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        attendees="The Investigating Officer and the Independent Person",
    )
    investigations.record_interview_notes(
        complaint, by=p.io, interview=interview, notes="Contact was cancelled by text message."
    )
    investigations.agree_interview_notes(
        complaint, by=p.io, interview=interview, agreed_on=date(2025, 10, 10)
    )
    record_findings(complaint, p)
    decisions.add_recommendation(complaint, by=p.io, text="Apologise and review contact")
    return complaint


def part(complaint: Complaint, report: str, key: str) -> int:
    """The revision of ``key`` a form would send back."""
    return next(p.revision for p in narrative_parts(complaint, report) if p.key == key)


def finalise(complaint: Complaint, p: Personas) -> Document:
    fact_checked(complaint, p)
    decisions.finalise_report(complaint, by=p.io, final_on=REPORT_FINAL_ON)
    return Document.objects.get(complaint=complaint, key="io_report")


class TestTheInvestigatingOfficersReport(OneCaseForTheClass):
    build = staticmethod(investigated)

    def test_the_form_has_an_introduction_evidence_and_analysis_per_point_and_a_conclusion(
        self, complaint: Complaint
    ) -> None:
        parts = narrative_parts(complaint, "io_report")
        assert [p.key for p in parts] == [
            "introduction",
            "point:1:evidence",
            "point:1:analysis",
            "point:2:evidence",
            "point:2:analysis",
            "conclusion",
        ]
        assert [p.label for p in parts][1:3] == ["Point 1: evidence", "Point 1: analysis"]
        assert all(p.text == "" and p.revision == 0 and p.hint for p in parts)

    def test_the_draft_is_assembled_from_the_case(self, complaint: Complaint) -> None:
        draft = current_report(complaint, "io_report", TODAY)
        assert (draft.state, draft.recipient, draft.title) == ("draft", "", IO_TITLE)
        body = draft.body
        for words in (
            complaint.reference,
            "**Statement of Complaint agreed:** 8 October 2025",
            "1. Contact was cancelled without notice\n   What the complainant wants: Reinstate",
            "- Source 1: records from Children in Care team (Contact records, May to August "
            "2025), received on 9 October 2025",
            "- Source 2: interview with Jo Social Worker on 9 October 2025 at 10:00am; the "
            "notes were agreed on 10 October 2025",
            "- from Legal services (Advice on the contact order), asked for on 8 October 2025",
            "## Point 2\n\n**The complaint:** No one returned my calls",
            "**Upheld**\n\nThe records show it",
            "1. Apologise and review contact",
            "*The Investigating Officer has not written the introduction yet.*",
            "**Status:** draft, made on 14 October 2025",
        ):
            assert words in body
        # Asked again, the same draft: nothing is written when nothing changed.
        again = current_report(complaint, "io_report", TODAY)
        assert (again.pk, again.revision) == (draft.pk, draft.revision)

    def test_the_io_writes_the_narrative_and_the_draft_follows_it(
        self, p: Personas, complaint: Complaint
    ) -> None:
        draft = current_report(complaint, "io_report", TODAY)
        save_narrative(complaint, "io_report", "introduction", INTRODUCTION, 0, p.io)
        saved = save_narrative(complaint, "io_report", "point:1:analysis", ANALYSIS, 0, p.io)
        assert (saved.revision, saved.updated_by) == (1, p.io)
        event = CaseEvent.objects.filter(name="document.narrative_saved").last()
        assert event is not None
        assert (event.by, event.acting_as) == (p.io, "appointed:investigating_officer")
        assert event.details["part"] == "point:1:analysis"
        # So does a change to the case's records.
        decisions.add_recommendation(complaint, by=p.io, text="Train staff on the policy")

        again = current_report(complaint, "io_report", TODAY)
        assert again.pk == draft.pk
        assert again.revision == draft.revision + 1
        assert Document.objects.filter(complaint=complaint, key="io_report").count() == 1
        # The IO's paragraphs, list and emphasis reach the report as typed.
        assert INTRODUCTION in again.body
        assert "### Analysis\n\n" + ANALYSIS in again.body
        assert "2. Train staff on the policy" in again.body
        assert again.data["narrative"]["introduction"] == INTRODUCTION
        assert again.data["points"][0]["analysis"] == ANALYSIS
        assert again.data["points"][1]["analysis"] == ""

    def test_staff_change_a_report_through_its_narrative_not_by_editing_the_draft(
        self, p: Personas, complaint: Complaint
    ) -> None:
        """Its draft is made again from the case: an edit to it would be written over."""
        draft = current_report(complaint, "io_report", TODAY)
        with refused(complaint, "changed through its narrative", exception=DocumentRefused):
            edit(draft, body="Edited by hand.", revision=draft.revision, by=p.officer)

    def test_a_save_from_an_older_revision_is_refused_and_changes_nothing(
        self, p: Personas, complaint: Complaint
    ) -> None:
        save_narrative(complaint, "io_report", "introduction", "First words.", 0, p.io)
        current_report(complaint, "io_report", TODAY)
        with refused(complaint, "Someone else saved this part", exception=DocumentRefused):
            save_narrative(complaint, "io_report", "introduction", "Other words.", 0, p.officer)
        # From the revision saved, it is saved, and the first words are kept.
        save_narrative(complaint, "io_report", "introduction", "Better words.", 1, p.io)
        assert part(complaint, "io_report", "introduction") == 2
        kept = TextVersion.objects.get(complaint_id=complaint.pk)
        assert (kept.before, kept.after, kept.by) == ("First words.", "Better words.", p.io)
        assert kept.label == f"{IO_TITLE}: Introduction: text"

    @pytest.mark.parametrize("who", ["ip", "other_io", "outsider", "adjudicator"])
    def test_no_one_else_may_write_the_investigating_officers_narrative(
        self, p: Personas, complaint: Complaint, who: str
    ) -> None:
        person = getattr(p, who)
        assert not can_write_narrative(person, complaint, "io_report")
        with refused(complaint, "You cannot write the", exception=DocumentRefused):
            save_narrative(complaint, "io_report", "introduction", "Not mine.", 0, person)

    def test_complaints_staff_may_write_it_and_a_part_must_be_the_reports(
        self, p: Personas, complaint: Complaint
    ) -> None:
        assert can_write_narrative(p.io, complaint, "io_report")
        assert can_write_narrative(p.officer, complaint, "io_report")
        save_narrative(complaint, "io_report", "conclusion", "Typed up from email.", 0, p.officer)
        assert ReportNarrative.objects.get(part="conclusion").updated_by == p.officer
        with refused(complaint, "has no such part", exception=DocumentRefused):
            save_narrative(complaint, "io_report", "point:3:analysis", "No point 3.", 0, p.io)
        with refused(complaint, "There is no such report", exception=DocumentRefused):
            save_narrative(complaint, "acknowledgement", "introduction", "A letter.", 0, p.io)

    def test_making_the_report_final_freezes_it(self, p: Personas, complaint: Complaint) -> None:
        save_narrative(complaint, "io_report", "introduction", INTRODUCTION, 0, p.io)
        draft = current_report(complaint, "io_report", TODAY)
        final = finalise(complaint, p)
        assert final.pk == draft.pk  # the draft, made one last time, is what became final
        assert (final.state, final.sent_on, final.sent_by) == ("final", REPORT_FINAL_ON, p.io)
        assert "**Report final:** 20 October 2025" in final.body
        assert INTRODUCTION in final.body
        assert "Not written yet" not in final.body and "has not written" not in final.body
        assert "## Conclusion" not in final.body  # never written: no empty section
        # The step's own event is the record that the report was made final: it stays the
        # case's latest, with no second event after it.
        latest = CaseEvent.objects.filter(complaint_id=complaint.pk).latest("id")
        assert latest.name == "complaint.finalise_report"
        assert not can_write_narrative(p.io, complaint, "io_report")
        with refused(complaint, "is final and can no longer be changed", exception=DocumentRefused):
            save_narrative(complaint, "io_report", "introduction", "Too late.", 1, p.io)

        # The case moves on; the final report does not.
        ip_reported(complaint, p)
        assert current_report(complaint, "io_report", date(2025, 11, 1)) == final
        kept = Document.objects.get(pk=final.pk)
        assert (kept.body, kept.data, kept.revision) == (final.body, final.data, final.revision)

    def test_the_independent_persons_report_is_frozen_when_submitted(
        self, p: Personas, complaint: Complaint
    ) -> None:
        finalise(complaint, p)
        assert [x.key for x in narrative_parts(complaint, "ip_report")] == [
            "introduction",
            "investigation",
            "conclusion",
        ]
        save_narrative(
            complaint, "ip_report", "investigation", "I sat in on every interview.", 0, p.ip
        )
        with refused(complaint, "You cannot write the", exception=DocumentRefused):
            save_narrative(complaint, "ip_report", "conclusion", "Not mine.", 0, p.io)
        ip_reported(complaint, p)
        final = Document.objects.get(complaint=complaint, key="ip_report")
        assert (final.state, final.sent_on, final.sent_by) == ("final", date(2025, 10, 22), p.ip)
        for words in (
            "**Report submitted:** 22 October 2025",
            "## Point 1",
            "**The Investigating Officer's finding:** Upheld",
            "The Independent Person agrees with this finding.",
            "The Independent Person considers that the investigation was fair and complete.",
            "I sat in on every interview.",
        ):
            assert words in final.body

    def test_the_pdf_and_word_file_have_each_point_as_a_heading(
        self, p: Personas, complaint: Complaint
    ) -> None:
        save_narrative(complaint, "io_report", "introduction", INTRODUCTION, 0, p.io)
        save_narrative(complaint, "io_report", "point:1:analysis", ANALYSIS, 0, p.io)
        page = page_for(finalise(complaint, p))
        says = [
            complaint.reference,
            "Point 1",
            "Point 2",
            "two days' notice",
            "the social worker",
            "Source 2: interview with Jo Social Worker",
        ]
        pdf = assert_accessible_pdf(to_pdf(page), title=IO_TITLE, says=says)
        assert {"H2", "H3", "L", "LI"} <= set(pdf["tags"])
        assert "DRAFT" not in pdf["text"]
        word = assert_word(to_docx(page), title=IO_TITLE, says=says)
        headings = word["headings"]
        for heading in [(2, "Point 1"), (2, "Point 2"), (3, "Analysis"), (3, "Finding")]:
            assert heading in headings
        assert headings.index((2, "Point 1")) < headings.index((2, "Point 2"))
        assert "two days' notice" in word["paragraphs"][word["paragraphs"].index("Analysis") + 1]


def panel_met_with_attendee(p: Personas) -> Complaint:
    complaint = panel_met(p)
    stage3.record_attendee(
        complaint, by=p.officer, name="Sam Rivers", capacity=AttendeeCapacity.COMPLAINANT
    )
    return complaint


class TestTheReviewPanelsReport(OneCaseForTheClass):
    build = staticmethod(panel_met_with_attendee)

    def test_each_stage2_report_was_made_final_by_its_step(self, complaint: Complaint) -> None:
        reports = Document.objects.filter(complaint=complaint, key__in=REPORTS)
        assert sorted((d.key, d.state) for d in reports) == [
            ("io_report", "final"),
            ("ip_report", "final"),
        ]

    def test_the_chair_writes_the_consideration_and_sending_the_report_freezes_it(
        self, p: Personas, complaint: Complaint
    ) -> None:
        with refused(complaint, "You cannot write the", exception=DocumentRefused):
            save_narrative(complaint, "panel_report", "consideration", "Not mine.", 0, p.member)
        consideration = "The panel found that contact matters most to Alex.\n\n- Restore it"
        save_narrative(complaint, "panel_report", "consideration", consideration, 0, p.chair)
        draft = current_report(complaint, "panel_report", REPORT_SENT_ON)
        assert "*The panel's summary of what it heard is added" in draft.body
        add_recommendations(complaint, p)
        stage3.issue_panel_report(
            complaint,
            by=p.chair,
            summary_of_representations="The complainant and the council both spoke.",
            sent_on=REPORT_SENT_ON,
            circulation=circulation(complaint),
        )
        final = Document.objects.get(complaint=complaint, key="panel_report")
        assert (final.pk, final.state, final.sent_by) == (draft.pk, "final", p.chair)
        for words in (
            "**Report sent:** 18 May 2026",
            "**The panel met:** 12 May 2026, Committee Room 2, County Hall",
            "- Sam Rivers (Complainant)",
            "The complainant and the council both spoke.",
            "- Head of Service, Children in Care (",
            consideration,
            "1. Restore weekly contact\n2. Pay £250 for the distress",
            "by 9 June 2026",
        ):
            assert words in final.body
        word = read_docx(to_docx(page_for(final)))
        assert [h for h in word["headings"] if h[0] == 2] == [
            (2, "About this report"),
            (2, "Who attended"),
            (2, "Summary of the representations"),
            (2, "The panel's consideration"),
            (2, "Recommendations"),
            (2, "Who receives this report"),
            (2, "What happens next"),
        ]
