"""Letters from the end of Stage 2, drafted by the real steps on cases built by the real
actions: the interview notice and the request for records (to staff), the extension (rule 18),
the fact-check cover letter (rule 27), the adjudication letter (rule 28, whose sending
completes Stage 2: rule 29) and the delay letters ``heard tick`` drafts (rule 42).

The cases have two complainants and an advocate, so each letter to the complainants is
checked for one copy each, with the advocate copied (rule 7), and each letter to staff for
one copy to the person it is about, with no one copied.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, ClassVar
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from heard.audit.models import CaseEvent
from heard.complaints.actions import intake, stage2
from heard.complaints.models import Complaint
from heard.complaints.models.choices import Relationship, Status
from heard.decisions import actions as decisions
from heard.documents.catalogue import LETTERS
from heard.documents.delays import draft_delay_letters
from heard.documents.formats import to_docx, to_pdf
from heard.documents.models import Document
from heard.documents.sending import DocumentRefused, edit, page_for, send
from heard.investigations import actions as investigations
from heard.investigations.models import Room
from heard.people.models import User
from heard.timescales.dates import due
from tests.complaints import helpers
from tests.complaints.helpers import refused
from tests.documents.checks import assert_accessible_pdf, assert_word
from tests.personas import Personas, create_complaint, create_personas, create_stage1_complaint
from tests.shared import OneCaseForTheClass

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
ADVOCATE = "Jo Marsh, Coram Voice (advocate)"
COMPLAINANTS = ["Sam Rivers", "Jamie Rivers"]


def with_advocate_and_second_complainant(by: User, **kwargs: Any) -> Complaint:
    """``create_complaint``, then a second complainant and an advocate, by the real actions
    (both are recorded while the complaint is being recorded, as they would be)."""
    complaint = create_complaint(by, **kwargs)
    intake.add_complainant(
        complaint,
        by=by,
        person=intake.NewComplainant(
            name="Jamie Rivers", relationship=Relationship.PARENT, address="2 Mill Lane\nTaunton"
        ),
    )
    intake.record_advocacy(
        complaint,
        by=by,
        offered_on=complaint.received_on,
        response="accepted",
        advocate_name="Jo Marsh",
        advocate_organisation="Coram Voice",
    )
    return complaint


def built_with_advocate(build: Any, p: Personas) -> Complaint:
    """``build(p)`` from ``tests/complaints/helpers.py``, on a complaint with an advocate and
    two complainants."""
    with mock.patch.object(helpers, "create_complaint", with_advocate_and_second_complainant):
        complaint: Complaint = build(p)
    return complaint


def drafts(complaint: Complaint, key: str) -> list[Document]:
    return list(Document.objects.filter(complaint=complaint, key=key).order_by("id"))


def files_of(document: Document) -> tuple[bytes, bytes]:
    """The PDF and Word files of ``document``, made once."""
    page = page_for(document)
    return to_pdf(page), to_docx(page)


# --- The investigation: interview, records, extension, fact-check -----------------------------


def investigated(p: Personas) -> Complaint:
    """Statement agreed on 8 October 2025; an interview booked for Monday 13 October at 10am
    and the interviewee told on 9 October; records asked of a team manager on 9 October, due
    16 October; Stage 2 extended on 10 October from 31 October to 28 November 2025; findings
    recorded and the draft sent for fact-checking on 15 October."""
    complaint = built_with_advocate(helpers.statement_agreed, p)
    room = Room.objects.create(name="Room 2.14", location="County Hall, Market Street, Taunton")
    interview = investigations.book_interview(
        complaint,
        by=p.officer,
        interviewee="Pat Jones",
        interviewee_user=p.responder,
        room=room,
        starts_at=datetime(2025, 10, 13, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2025, 10, 13, 11, 30, tzinfo=LONDON),
        attendees="Io Tester (Investigating Officer) and Ip Tester (Independent Person)",
    )
    investigations.notify_interviewee(
        complaint,
        by=p.officer,
        interview=interview,
        notified_on=date(2025, 10, 9),
        what_is_expected="Bring your case notes of the contact visits cancelled in March 2025.",
    )
    investigations.request_records(
        complaint,
        by=p.officer,
        requested_from="Lee Brown",
        description="The contact records and case notes for March 2025",
        requested_on=date(2025, 10, 9),
        due_on=date(2025, 10, 16),
    )
    stage2.extend_stage2(
        complaint,
        by=p.manager,
        new_due_on=date(2025, 11, 28),
        reason="A social worker we must interview is away until 3 November.",
        letter_sent_on=date(2025, 10, 10),
        on=date(2025, 10, 10),
    )
    helpers.record_findings(complaint, p)
    helpers.fact_checked(complaint, p)
    return complaint


class TestInvestigationLetters(OneCaseForTheClass):
    build = staticmethod(investigated)
    KEYS: ClassVar[tuple[str, ...]] = (
        "interview_notice",
        "records_request",
        "stage2_extension",
        "fact_check_cover",
    )

    @pytest.fixture(scope="class")
    @classmethod
    def files(
        cls, built: tuple[Personas, Complaint], django_db_blocker: Any
    ) -> dict[str, tuple[bytes, bytes]]:
        """Each letter's first copy as PDF and Word, made once for the class."""
        with django_db_blocker.unblock():
            return {key: files_of(drafts(built[1], key)[0]) for key in cls.KEYS}

    def test_the_interviewee_is_told_when_where_who_and_what_is_expected(
        self, complaint: Complaint, p: Personas
    ) -> None:
        [notice] = drafts(complaint, "interview_notice")
        assert (notice.recipient, notice.recipient_role, notice.state) == (
            "Pat Jones",
            "staff",
            "draft",
        )
        assert notice.copies == []  # a letter to staff copies no advocate
        for words in (
            "Dear Pat Jones,",
            "Monday 13 October 2025",
            # 10am in London in October (BST), not the 9am the database keeps in UTC.
            "10:00am to 11:30am",
            "Room: Room 2.14",
            "Place: County Hall, Market Street, Taunton",
            "Io Tester (Investigating Officer) and Ip Tester (Independent Person)",
            "Bring your case notes of the contact visits cancelled in March 2025.",
            "a colleague or a trade union representative",
            "send them to you to check",
            complaint.reference,
        ):
            assert words in notice.body, words
        assert notice.data["recipient"]["interview"]["room"] == "Room 2.14"

    def test_the_records_holder_is_told_what_why_and_by_when(self, complaint: Complaint) -> None:
        [request] = drafts(complaint, "records_request")
        assert (request.recipient, request.recipient_role, request.copies) == (
            "Lee Brown",
            "staff",
            [],
        )
        for words in (
            "The contact records and case notes for March 2025",
            "## Why we need them",
            "Please send them by Thursday 16 October 2025.",
            "the investigators must see the records",
            "we must reply to the complainant by 31 October 2025",  # before the extension
        ):
            assert words in request.body, words
        assert "Alex Rivers" not in request.body  # staff are told no more than they need

    def test_the_extension_gives_the_reason_and_the_new_date_within_65_working_days(
        self, complaint: Complaint
    ) -> None:
        copies = drafts(complaint, "stage2_extension")
        assert [c.recipient for c in copies] == COMPLAINANTS
        assert all(c.copies == [ADVOCATE] for c in copies)
        body = copies[0].body
        for words in (
            "We aimed to send you our response by 31 October 2025",
            "A social worker we must interview is away until 3 November.",
            "We will now send you our response by 28 November 2025.",
            "up to 65 working days",
            "that is 30 December 2025",
            "your advocate, Jo Marsh of Coram Voice",
        ):
            assert words in body, words

    def test_the_fact_check_letter_asks_for_facts_not_findings_by_a_date(
        self, complaint: Complaint
    ) -> None:
        copies = drafts(complaint, "fact_check_cover")
        assert [c.recipient for c in copies] == COMPLAINANTS
        assert all(c.copies == [ADVOCATE] for c in copies)
        body = copies[0].body
        assert "We enclose a copy." in body
        assert "This is a check of the facts, not of the findings." in body
        # Sent Wednesday 15 October 2025: five working days on.
        assert "Please reply by Wednesday 22 October 2025." in body

    @pytest.mark.parametrize(
        ("key", "says"),
        [
            ("interview_notice", ["Dear Pat Jones", "When and where", "10:00am to 11:30am"]),
            ("records_request", ["Dear Lee Brown", "By when", "16 October 2025"]),
            ("stage2_extension", ["Dear Sam Rivers", "Our new date", "28 November 2025"]),
            ("fact_check_cover", ["Dear Sam Rivers", "When to reply", "22 October 2025"]),
        ],
    )
    def test_each_letter_is_an_accessible_pdf_and_a_word_document(
        self,
        files: dict[str, tuple[bytes, bytes]],
        complaint: Complaint,
        key: str,
        says: list[str],
    ) -> None:
        pdf, word = files[key]
        title = LETTERS[key].title
        found = assert_accessible_pdf(pdf, title=title, says=[*says, complaint.reference])
        assert "DRAFT: not yet sent" in found["text"]
        doc = assert_word(word, title=title, says=says)
        assert (2, says[1]) in doc["headings"]
        if key in ("stage2_extension", "fact_check_cover"):
            assert ADVOCATE in found["text"] and ADVOCATE in doc["text"]


# --- The adjudication letter ------------------------------------------------------------------


class TestAdjudicationLetter(OneCaseForTheClass):
    """Adjudicated on Thursday 23 October 2025: both findings upheld by the Investigating
    Officer, agreed by the Independent Person and accepted; one recommendation accepted, with
    an action owned by a team manager and due 14 November 2025."""

    build = staticmethod(lambda p: built_with_advocate(helpers.adjudicated, p))

    @pytest.fixture(scope="class")
    @classmethod
    def files(
        cls, built: tuple[Personas, Complaint], django_db_blocker: Any
    ) -> tuple[bytes, bytes]:
        with django_db_blocker.unblock():
            return files_of(drafts(built[1], "adjudication_letter")[0])

    @pytest.fixture
    def letters(self, complaint: Complaint) -> Iterator[list[Document]]:
        yield drafts(complaint, "adjudication_letter")

    def test_one_copy_for_each_complainant_with_the_advocate_copied(
        self, letters: list[Document]
    ) -> None:
        assert [d.recipient for d in letters] == COMPLAINANTS
        assert [d.address for d in letters] == ["", "2 Mill Lane\nTaunton"]
        assert all(d.copies == [ADVOCATE] and d.state == "draft" for d in letters)

    def test_the_adjudicator_may_read_it(self) -> None:
        letter = LETTERS["adjudication_letter"]
        assert "appointed:adjudicator" in letter.readers
        assert letter.completes == "send_adjudication_letter"

    def test_it_gives_a_decision_on_each_finding_with_reasons(
        self, letters: list[Document]
    ) -> None:
        body = letters[0].body
        assert "Adjudicator Tester, a senior manager," in body
        for number, said, wanted in (
            (1, "Contact was cancelled without notice", "Reinstate contact"),
            (2, "No one returned my calls", "An apology"),
        ):
            part = body.split(f"### Point {number}")[1].split("###")[0]
            assert f"What you said: {said}" in part
            assert f"What you would like to happen: {wanted}" in part
            assert "The Investigating Officer's finding: Upheld. The records show it" in part
            assert "The Independent Person agreed with this finding." in part
            assert "Our decision: we accept this finding. Agreed with the IO" in part

    def test_it_gives_each_action_with_its_owner_and_due_date(
        self, letters: list[Document]
    ) -> None:
        body = letters[0].body
        assert "Apologise and review contact" in body
        assert "We accept this recommendation. Agreed" in body
        assert "What we will do: Write to apologise" in body
        assert "Who is responsible: Team manager, Children in Care" in body
        assert "By when: 14 November 2025" in body

    def test_it_says_how_to_ask_for_stage3_and_gives_the_ombudsman(
        self, letters: list[Document]
    ) -> None:
        body = letters[0].body
        # The date is set only when the letter is sent, so the letter counts from its own date.
        assert "Please ask within 20 working days of the date at the top of this letter." in body
        assert "Local Government and Social Care Ombudsman" in body
        assert "www.lgo.org.uk" in body and "0300 061 0614" in body
        assert "including Stage 3, first" in body
        assert (
            "We enclose the Investigating Officer's report and the Independent Person's report."
            in body
        )

    def test_it_is_an_accessible_pdf_and_a_word_document(
        self, files: tuple[bytes, bytes], complaint: Complaint
    ) -> None:
        pdf, word = files
        title = "Our decision on your complaint"
        says = [
            "Dear Sam Rivers",
            "Our decision on each point of your complaint",
            "By when: 14 November 2025",
            "within 20 working days",
            "www.lgo.org.uk",
        ]
        found = assert_accessible_pdf(pdf, title=title, says=[*says, complaint.reference])
        assert ADVOCATE in found["text"]
        doc = assert_word(word, title=title, says=says)
        headings = doc["headings"]
        assert (2, "Our decision on each point of your complaint") in headings
        assert (3, "Point 1") in headings and (3, "Recommendation 1") in headings
        assert (2, "If you are not happy with our decision") in headings

    def test_sending_it_completes_stage2_and_freezes_it(
        self, complaint: Complaint, p: Personas, letters: list[Document]
    ) -> None:
        first, second = letters
        sent = send(first, on=date(2025, 10, 24), how="hand", to="", by=p.officer, revision=1)
        complaint.refresh_from_db()
        s2 = complaint.stage2
        assert complaint.status == Status.STAGE2_COMPLETE
        assert s2.adjudication_letter_sent_on == date(2025, 10, 24)
        assert s2.stage3_request_by == due(date(2025, 10, 24), "stage3_request")
        assert (sent.state, sent.sent_on) == ("sent", date(2025, 10, 24))
        with pytest.raises(DocumentRefused, match="can no longer be changed"):
            edit(sent, body="Something else", revision=sent.revision, by=p.officer)
        # The other complainant's copy goes later: Stage 2 stays completed on the first date.
        send(second, on=date(2025, 10, 27), how="email", to="", by=p.officer, revision=1)
        complaint.refresh_from_db()
        assert complaint.stage2.adjudication_letter_sent_on == date(2025, 10, 24)
        steps = CaseEvent.objects.filter(
            complaint_id=complaint.pk, name="complaint.send_adjudication_letter"
        )
        assert steps.count() == 1
        # The response is sent, so no delay letter is owed, however late the day.
        assert draft_delay_letters(date(2025, 12, 1)) == 0
        assert not drafts(complaint, "stage2_delay")

    @pytest.mark.parametrize(
        ("on", "message"),
        [
            (date(2099, 1, 1), "The date cannot be in the future."),
            (date(2025, 10, 22), "The date cannot be before the step the letter is for"),
        ],
    )
    def test_a_refused_send_changes_nothing(
        self, complaint: Complaint, p: Personas, letters: list[Document], on: date, message: str
    ) -> None:
        with refused(complaint, message, exception=DocumentRefused):
            send(letters[0], on=on, how="post", to="", by=p.officer, revision=1)
        complaint.refresh_from_db()
        assert complaint.stage2.adjudication_letter_sent_on is None

    def test_a_delay_letter_is_owed_while_the_letter_is_not_sent(
        self, complaint: Complaint
    ) -> None:
        """Adjudicated, but nothing sent by the Stage 2 due date (31 October 2025)."""
        assert draft_delay_letters(date(2025, 10, 27)) == 1
        assert [d.recipient for d in drafts(complaint, "stage2_delay")] == COMPLAINANTS


def test_a_finding_or_recommendation_not_accepted_is_said_with_its_reasons() -> None:
    """Point 2's finding and the recommendation are not accepted; no advocate on this case."""
    p = create_personas()
    complaint = helpers.report_final(p)
    helpers.ip_reported(complaint, p)
    helpers.appoint_adjudicator(complaint, p)
    decisions.adjudicate(
        complaint,
        by=p.adjudicator,
        findings=[
            decisions.FindingDecision(1, True, "The records bear it out."),
            decisions.FindingDecision(2, False, "The call log shows two calls were returned."),
        ],
        recommendations=[
            decisions.RecommendationDecision(1, False, "Contact was reviewed in September.")
        ],
        on=helpers.ADJUDICATED_ON,
    )
    [letter] = drafts(complaint, "adjudication_letter")
    assert letter.copies == []
    point2 = letter.body.split("### Point 2")[1].split("##")[0]
    assert (
        "Our decision: we do not accept this finding. "
        "The call log shows two calls were returned." in point2
    )
    assert "We do not accept this recommendation. Contact was reviewed in September." in letter.body
    assert "What we will do:" not in letter.body  # no action for a recommendation refused
    assert "an advocate can help you" in letter.body

    # --- Delay letters ----------------------------------------------------------------------------

    def test_recording_the_step_on_its_own_marks_the_drafts_as_sent(
        self, complaint: Complaint, p: Personas, letters: list[Document]
    ) -> None:
        """The letter's step recorded from its own form, not by sending from Heard: the
        drafts are marked as sent on the step's date, so the case tells one story."""
        decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=date(2025, 10, 24))
        marked = drafts(complaint, "adjudication_letter")
        assert [(d.state, d.sent_on, d.sent_by) for d in marked] == [
            ("sent", date(2025, 10, 24), p.adjudicator)
        ] * 2
        latest = CaseEvent.objects.filter(complaint_id=complaint.pk).latest("id")
        assert latest.name == "complaint.send_adjudication_letter"  # the step's own record


class TestDelayLetters(OneCaseForTheClass):
    """Stage 2 requested Friday 26 September 2025 and accepted: due Friday 31 October 2025,
    at the latest Tuesday 30 December 2025."""

    build = staticmethod(lambda p: built_with_advocate(helpers.stage2_accepted, p))

    def events(self, complaint: Complaint) -> list[dict[str, Any]]:
        return list(
            CaseEvent.objects.filter(complaint_id=complaint.pk, name="deadline.stage2_at_risk")
            .order_by("id")
            .values_list("details", flat=True)
        )

    def test_none_is_drafted_before_the_due_date_is_within_five_working_days(
        self, complaint: Complaint
    ) -> None:
        assert draft_delay_letters(date(2025, 10, 23)) == 0  # 31 October is six working days on
        assert not drafts(complaint, "stage2_delay")
        assert draft_delay_letters(date(2025, 10, 24)) == 1
        assert [d.recipient for d in drafts(complaint, "stage2_delay")] == COMPLAINANTS

    def test_the_draft_is_for_the_complaints_team_to_complete(self, complaint: Complaint) -> None:
        draft_delay_letters(date(2025, 10, 27))
        [event] = self.events(complaint)
        assert event == {
            "deadline": "stage2_response",
            "due_on": "2025-10-31",
            "passed": False,
            "cap_on": "2025-12-30",
        }
        for letter in drafts(complaint, "stage2_delay"):
            assert (letter.state, letter.copies) == ("draft", [ADVOCATE])
            assert "We aimed to send you our response by 31 October 2025." in letter.body
            assert "[Complaints team: write here why the response will be late" in letter.body
            assert "[Complaints team: write the new date here.]" in letter.body
            assert "that is 30 December 2025" in letter.body

    def test_each_due_date_gets_one_letter(self, complaint: Complaint, p: Personas) -> None:
        assert draft_delay_letters(date(2025, 10, 27)) == 1
        assert draft_delay_letters(date(2025, 10, 27)) == 0
        assert draft_delay_letters(date(2025, 11, 3)) == 0  # passed, but its letter is drafted
        assert len(drafts(complaint, "stage2_delay")) == 2
        # An extension moves the due date: the new date gets its own letter when it nears.
        stage2.extend_stage2(
            complaint,
            by=p.manager,
            new_due_on=date(2025, 11, 28),
            reason="The Investigating Officer is ill.",
            letter_sent_on=date(2025, 10, 28),
            on=date(2025, 10, 28),
        )
        assert draft_delay_letters(date(2025, 11, 20)) == 0
        assert draft_delay_letters(date(2025, 11, 21)) == 1
        assert draft_delay_letters(date(2025, 12, 1)) == 0
        assert [e["due_on"] for e in self.events(complaint)] == ["2025-10-31", "2025-11-28"]
        later = drafts(complaint, "stage2_delay")[2:]
        assert len(later) == 2
        assert all("by 28 November 2025." in d.body for d in later)

    def test_heard_tick_drafts_them(self, complaint: Complaint) -> None:
        out = io.StringIO()
        call_command("tick", stdout=out)
        assert "tick: delay letters drafted 1" in out.getvalue()
        [event] = self.events(complaint)
        assert event["passed"] is True  # today is after 31 October 2025
        assert all("and that date has passed" in d.body for d in drafts(complaint, "stage2_delay"))
        call_command("tick", stdout=out)
        assert len(self.events(complaint)) == 1


def test_a_stage1_delay_letter_when_the_stage1_response_is_near() -> None:
    """Received Monday 2 March 2026: the Stage 1 response is due Monday 16 March, and may be
    extended to Monday 30 March at the latest."""
    p = create_personas()
    complaint = create_stage1_complaint(p.manager)
    assert draft_delay_letters(date(2026, 3, 6)) == 0
    assert draft_delay_letters(date(2026, 3, 9)) == 1
    assert draft_delay_letters(date(2026, 3, 17)) == 0
    [letter] = drafts(complaint, "stage1_delay")
    assert (letter.recipient, letter.state) == ("Sam Rivers", "draft")
    for words in (
        "We aimed to reply by 16 March 2026.",
        "that is 30 March 2026",
        "[Complaints team: write the new date here.]",
        "ask for your complaint to go to Stage 2",
    ):
        assert words in letter.body, words
    assert_word(
        files_of(letter)[1],
        title=LETTERS["stage1_delay"].title,
        says=["Dear Sam Rivers", "Why it will be late", "16 March 2026"],
    )
