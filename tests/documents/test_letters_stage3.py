"""Stage 3 letters (domain.md rules 30 to 37, and 42), drafted by the real steps on the worked
example of ``tests/complaints/stage3_helpers.py``.

Three cases, each built once for its class:
- on time from the request to the council's response, with no advocate;
- refused, with a senior manager's sign-off;
- a late request from a complainant with an advocate, then every deadline missed: the meeting
  set late (and moved), before the panel was named, the report sent late, and the response
  late (each test of the response records it itself, in its own savepoint).
Each letter's PDF and Word files are rendered once, in the test that reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

from heard.audit.models import CaseEvent
from heard.complaints.actions import intake
from heard.complaints.actions import stage1 as stage1_actions
from heard.complaints.models import Complaint
from heard.complaints.models.choices import SubmissionSource
from heard.decisions import stage3
from heard.documents.case_data import case_data, read_case
from heard.documents.catalogue import LETTERS
from heard.documents.drafting import letter_data
from heard.documents.formats import to_docx, to_pdf
from heard.documents.models import Document
from heard.documents.sandbox import render
from heard.documents.sending import page_for
from tests.complaints.stage3_helpers import (
    RESPONSE_SENT_ON,
    add_recommendations,
    appoint_panel,
    circulation,
    decisions_on_panel_recommendations,
    schedule,
    stage3_accepted,
    stage3_requested,
    stage3_responded,
    submit,
)
from tests.documents.checks import assert_accessible_pdf, assert_word
from tests.personas import Personas
from tests.shared import OneCaseForTheClass

pytestmark = pytest.mark.django_db

OMBUDSMAN = ["Local Government and Social Care Ombudsman", "www.lgo.org.uk", "0300 061 0614"]


def drafts(complaint: Complaint, key: str) -> list[Document]:
    return list(Document.objects.filter(complaint_id=complaint.pk, key=key).order_by("id"))


def one(complaint: Complaint, key: str, recipient: str = "Sam Rivers") -> Document:
    found = [d for d in drafts(complaint, key) if d.recipient == recipient]
    assert len(found) == 1, f"{len(found)} drafts of {key} to {recipient}"
    return found[0]


def files(document: Document) -> tuple[bytes, bytes]:
    page = page_for(document)
    return to_pdf(page), to_docx(page)


def says(document: Document, *words: str) -> None:
    for text in words:
        assert text in document.body, f"{document.key} to {document.recipient} lacks {text!r}"


# -- on time, no advocate ----------------------------------------------------------------------


class TestOnTimeFromRequestToResponse(OneCaseForTheClass):
    build = staticmethod(stage3_responded)

    def test_the_acknowledgement_says_what_a_panel_is_and_when_it_meets(
        self, complaint: Complaint
    ) -> None:
        letter = one(complaint, "stage3_acknowledgement")
        assert letter.copies == [] and letter.recipient_role == "complainant"
        says(
            letter,
            "We received your request on 30 March 2026",
            "three people who are independent of the council. One of them chairs",
            "The panel must meet by 14 May 2026",
            "You can bring your advocate and one other person",
            "You can choose who speaks for you",
            "send the panel a written statement",
            "large print, Braille",
            "an advocate can help you",
        )
        assert "still accepted your request" not in letter.body  # the request was on time
        pdf, docx = files(letter)
        title = "Your request for a review panel"
        assert_accessible_pdf(
            pdf,
            title=title,
            says=["Dear Sam Rivers", "must meet by 14 May 2026", complaint.reference],
        )
        word = assert_word(docx, title=title, says=["The panel must meet by 14 May 2026"])
        assert (2, "What a review panel is") in word["headings"]
        assert (2, "Coming to the meeting") in word["headings"]

    def test_the_complainant_is_told_the_date_the_place_and_the_panel(
        self, complaint: Complaint
    ) -> None:
        letter = one(complaint, "panel_invitation")
        says(
            letter,
            "Date: 12 May 2026",
            "Place: Committee Room 2, County Hall",
            "Any weekday in May except Mondays.",  # the availability recorded (rule 32)
            "Chair Tester, who chairs the meeting",
            "- Member Tester",
            "- Member2 Tester",
            "Ip Tester, the Independent Person from Stage 2",
            "within 5 working days of the meeting",
            "your advocate and one other person",
        )
        assert "has moved" not in letter.body
        pdf, _ = files(letter)
        assert_accessible_pdf(
            pdf,
            title="Your review panel meeting",
            says=["12 May 2026", "Committee Room 2, County Hall", "Member2 Tester"],
        )

    def test_the_panel_and_the_stage2_ip_are_each_told(self, complaint: Complaint) -> None:
        notices = drafts(complaint, "panel_meeting_notice")
        assert [(n.recipient, n.recipient_role) for n in notices] == [
            ("Chair Tester", "panel chair"),
            ("Member Tester", "panel member"),
            ("Member2 Tester", "panel member"),
            ("Ip Tester", "independent person"),
        ]
        chair, member, _, ip = notices
        for notice in notices:
            says(notice, "Date: 12 May 2026", "Chair: Chair Tester", "Panel member: Member Tester")
            assert notice.copies == []
        says(chair, "agreeing to chair", "As chair, please send it to us")
        says(member, "agreeing to sit on the review panel", "earlier dealings")
        assert "As chair" not in member.body
        says(ip, "you cannot sit on the panel", "make a submission to the panel")
        says(ip, "the council must consider its recommendations together with you")

    def test_each_person_on_the_circulation_list_gets_a_covering_letter(
        self, complaint: Complaint
    ) -> None:
        letters = drafts(complaint, "panel_report_covering")
        assert [(d.recipient, d.recipient_role) for d in letters] == [
            ("Director of Children's Services", "council"),
            ("Sam Rivers", "complainant"),
            ("Ip Tester", "independent person"),
        ]
        council, complainant, ip = letters
        for letter in letters:
            says(letter, "1. Restore weekly contact", "9 June 2026")
            says(letter, "2. Pay £250 for the distress")
        says(council, "together with Ip Tester, the Stage 2 Independent Person")
        says(council, "must give its reasons")
        says(complainant, "I enclose its report", "We will write to you with the council")
        says(ip, "together with you before it responds")

    def test_the_response_decides_each_recommendation_and_ends_the_procedure(
        self, complaint: Complaint
    ) -> None:
        letter = one(complaint, "stage3_response")
        says(
            letter,
            "sent us its report on 18 May 2026",
            "together with Ip Tester, the Independent Person from Stage 2",
            "The panel recommended: Restore weekly contact",
            "We accept this recommendation.",
            "Contact is in the child's interest.",
            "What we will do: Reinstate weekly contact",
            "Who is responsible: Team manager, Children in Care",
            "To be done by: 30 June 2026",
            "We do not accept this recommendation.",
            "The Stage 2 apology was a sufficient remedy.",
            "The Independent Person joined the meeting on 2 June 2026.",
            "end of the council's complaints procedure",
            *OMBUDSMAN,
        )
        assert "sorry it is late" not in letter.body
        pdf, docx = files(letter)
        title = "Our response to the review panel"
        assert_accessible_pdf(
            pdf, title=title, says=["We do not accept this recommendation.", *OMBUDSMAN]
        )
        word = assert_word(docx, title=title, says=["To be done by: 30 June 2026"])
        headings = word["headings"]
        assert (3, "Recommendation 1") in headings and (3, "Recommendation 2") in headings
        assert (2, "How the Independent Person took part") in headings

    def test_the_delay_letter_can_be_previewed_on_a_case_that_was_on_time(
        self, complaint: Complaint
    ) -> None:
        """The template editor fills a letter from the case's latest step that drafts it, late
        or not: the deadline and the date come from the case, with no reason, not an error."""
        letter = LETTERS["stage3_delay"]
        event = CaseEvent.objects.get(complaint_id=complaint.pk, name="complaint.respond_to_panel")
        case = read_case(complaint.pk)
        base = case_data(case, RESPONSE_SENT_ON)
        assert letter.more_data is not None and letter.when is not None
        assert not letter.when(base, event)  # never drafted
        extra = letter.more_data(case, event, base)
        recipient = letter.to(base, event)[0]
        text = render(letter.shipped_body, letter_data(letter, base, recipient, event, extra))
        assert "response to the panel's report by 9 June 2026" in text

    def test_no_refusal_and_no_delay_letter_when_nothing_is_late(
        self, complaint: Complaint
    ) -> None:
        assert drafts(complaint, "stage3_refusal") == []
        assert drafts(complaint, "stage3_delay") == []


# -- refused ---------------------------------------------------------------------------------------


def refused(p: Personas) -> Complaint:
    complaint = stage3_requested(p)
    stage3.refuse_stage3(
        complaint,
        by=p.manager,
        reasons="The panel could add nothing: the council has already done all it asked.",
        signed_off_by=p.senior,
        letter_sent_on=date(2026, 4, 2),
        on=date(2026, 4, 2),
    )
    return complaint


class TestARefusedRequest(OneCaseForTheClass):
    build = staticmethod(refused)

    def test_the_refusal_gives_reasons_sign_off_and_the_ombudsman(
        self, complaint: Complaint
    ) -> None:
        letter = one(complaint, "stage3_refusal")
        says(
            letter,
            "We received your request for a review panel on 30 March 2026",
            "The panel could add nothing: the council has already done all it asked.",
            "Senior Tester, a senior manager, agreed this decision.",
            "our procedure has ended, so you can contact them now",
            *OMBUDSMAN,
        )
        pdf, docx = files(letter)
        title = "We are not arranging a review panel"
        assert_accessible_pdf(
            pdf, title=title, says=["Senior Tester, a senior manager", *OMBUDSMAN]
        )
        word = assert_word(docx, title=title, says=["the council has already done all it asked"])
        assert (2, "Why we decided this") in word["headings"]

    def test_a_refused_request_is_not_acknowledged_as_accepted(self, complaint: Complaint) -> None:
        assert drafts(complaint, "stage3_acknowledgement") == []
        assert drafts(complaint, "panel_invitation") == []


# -- late, with an advocate ------------------------------------------------------------------------

LATE_REQUEST = date(2026, 4, 20)  # after 14 April 2026: the panel must meet by 3 June 2026
FIRST_DATE = date(2026, 6, 8)
MEETING = date(2026, 6, 9)  # the report is due by 16 June 2026
REPORT_SENT = date(2026, 6, 18)  # the response is due by 9 July 2026
RESPONSE_SENT = date(2026, 7, 13)
ADVOCATE = "Asha Noor, Voices (advocate)"


@contextmanager
def advocate_at_intake() -> Iterator[None]:
    """Asha Noor of Voices is the complainant's advocate, recorded (rule 7) just before Stage 1
    starts, where the shared builders start it."""
    real = stage1_actions.start_stage1

    def start(complaint: Complaint, **kwargs: Any) -> Any:
        intake.record_advocacy(
            complaint,
            by=kwargs["by"],
            offered_on=complaint.received_on,
            response="accepted",
            advocate_name="Asha Noor",
            advocate_organisation="Voices",
            advocate_contact="asha.noor@voices.example",
        )
        return real(complaint, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stage1_actions, "start_stage1", start)
        yield


def late_throughout(p: Personas) -> Complaint:
    """A late request accepted with reasons; the meeting set late before the panel was named,
    then moved; the panel met on the moved date; its report sent late. Not yet responded."""
    with advocate_at_intake():
        complaint = stage3_accepted(p, requested_on=LATE_REQUEST, accepted_on=date(2026, 4, 21))
    schedule(
        complaint,
        p,
        FIRST_DATE,
        late_reason="No independent chair was free sooner.",
        letter_sent_on=date(2026, 5, 1),
    )
    appoint_panel(complaint, p)
    schedule(
        complaint,
        p,
        MEETING,
        late_reason="The chair cannot sit on 8 June, so the meeting has moved a day.",
        letter_sent_on=date(2026, 5, 5),
    )
    submit(complaint, p, SubmissionSource.COUNCIL, "Head of Service, Children in Care", MEETING)
    stage3.hold_panel(complaint, by=p.officer, met_on=MEETING)
    add_recommendations(complaint, p)
    stage3.issue_panel_report(
        complaint,
        by=p.chair,
        summary_of_representations="The complainant and the council both spoke.",
        sent_on=REPORT_SENT,
        circulation=circulation(complaint),
        late_reason="The chair was away after the meeting.",
        letter_sent_on=date(2026, 6, 17),
    )
    return complaint


def respond_late(complaint: Complaint, p: Personas, letter_sent_on: date) -> None:
    stage3.respond_to_panel(
        complaint,
        by=p.manager,
        ip_participation="Ip Tester met the Director on 7 July 2026.",
        recommendations=decisions_on_panel_recommendations(),
        ombudsman_information_given=True,
        response_sent_on=RESPONSE_SENT,
        late_reason="We waited for legal advice on the payment.",
        letter_sent_on=letter_sent_on,
    )


class TestLateThroughoutWithAnAdvocate(OneCaseForTheClass):
    build = staticmethod(late_throughout)

    def test_a_late_request_is_acknowledged_as_accepted_with_the_reasons(
        self, complaint: Complaint
    ) -> None:
        letter = one(complaint, "stage3_acknowledgement")
        assert letter.copies == [ADVOCATE]  # rule 7
        says(
            letter,
            "We received your request on 20 April 2026",
            "You asked after 14 April 2026",
            "We have still accepted your request",
            "The complainant was in hospital.",
            "The panel must meet by 3 June 2026",
            "Asha Noor of Voices is your advocate",
        )
        pdf, _ = files(letter)
        assert_accessible_pdf(
            pdf,
            title="Your request for a review panel",
            says=["The complainant was in hospital.", f"Copy to: {ADVOCATE}"],
        )

    def test_a_meeting_set_before_the_panel_is_named_and_then_moved(
        self, complaint: Complaint
    ) -> None:
        first, moved = drafts(complaint, "panel_invitation")
        assert first.copies == moved.copies == [ADVOCATE]
        says(first, "Date: 8 June 2026", "We will tell you their names")
        assert "has moved" not in first.body
        says(moved, "It was going to be on 8 June 2026", "Date: 9 June 2026")
        says(moved, "Chair Tester, who chairs the meeting", "copy of this letter to your advocate")
        # When the date was set only the Stage 2 IP could be told; each panel member was told
        # as they were appointed; all four when it moved.
        notices = [
            (n.recipient, "has moved" in n.body) for n in drafts(complaint, "panel_meeting_notice")
        ]
        assert notices == [
            ("Ip Tester", False),
            ("Chair Tester", False),
            ("Member Tester", False),
            ("Member2 Tester", False),
            ("Chair Tester", True),
            ("Member Tester", True),
            ("Member2 Tester", True),
            ("Ip Tester", True),
        ]
        appointed_late = drafts(complaint, "panel_meeting_notice")[1]
        says(appointed_late, "Date: 8 June 2026", "agreeing to chair")

    def test_each_missed_deadline_has_its_letter_with_reason_and_new_date(
        self, complaint: Complaint
    ) -> None:
        # Two for the meeting (set late, then moved), none when the panel met on the date
        # already explained, one for the report.
        set_late, moved, report = drafts(complaint, "stage3_delay")
        for letter in (set_late, moved, report):
            assert letter.copies == [ADVOCATE] and letter.recipient == "Sam Rivers"
        says(
            set_late,
            "The panel should have met by 3 June 2026",
            "It will now meet on 8 June 2026.",
            "No independent chair was free sooner.",
        )
        says(moved, "It will now meet on 9 June 2026.", "The chair cannot sit on 8 June")
        says(
            report,
            "should have sent its report by 16 June 2026",
            "It sent the report on 18 June 2026.",
            "The chair was away after the meeting.",
            "with its response by 9 July 2026",
        )
        pdf, docx = files(report)
        title = "Stage 3 of your complaint is running late"
        assert_accessible_pdf(
            pdf, title=title, says=["16 June 2026", "18 June 2026", f"Copy to: {ADVOCATE}"]
        )
        word = assert_word(docx, title=title, says=["The chair was away after the meeting."])
        assert [h for level, h in word["headings"] if level == 2] == [
            "What is late",
            "Why",
            "What happens next",
        ]

    def test_the_advocate_gets_the_report_in_their_own_right(self, complaint: Complaint) -> None:
        letters = {d.recipient_role: d for d in drafts(complaint, "panel_report_covering")}
        assert set(letters) == {"council", "complainant", "advocate", "independent person"}
        advocate = letters["advocate"]
        assert (advocate.recipient, advocate.email, advocate.copies) == (
            "Asha Noor",
            "asha.noor@voices.example",
            [],
        )
        says(
            advocate, "which you are helping Sam Rivers with", "the complainant, with a copy to you"
        )
        assert letters["complainant"].copies == [ADVOCATE]
        says(letters["complainant"], "Your advocate, Asha Noor, also receives the report.")

    def test_a_late_response_after_its_delay_letter(
        self, complaint: Complaint, p: Personas
    ) -> None:
        respond_late(complaint, p, letter_sent_on=date(2026, 7, 10))
        delay = drafts(complaint, "stage3_delay")[-1]
        says(
            delay,
            "We should have sent you our response to the panel's report by 9 July 2026",
            "We are sending it on 13 July 2026.",
            "We waited for legal advice on the payment.",
        )
        response = one(complaint, "stage3_response")
        assert response.copies == [ADVOCATE]
        says(response, "by 9 July 2026. We are sorry it is late", "legal advice on the payment")
        says(response, "Ip Tester met the Director on 7 July 2026.", *OMBUDSMAN)

    def test_a_late_response_that_is_its_own_delay_letter(
        self, complaint: Complaint, p: Personas
    ) -> None:
        """The letter about the delay is the response (the same date): it says why itself."""
        respond_late(complaint, p, letter_sent_on=RESPONSE_SENT)
        assert len(drafts(complaint, "stage3_delay")) == 3  # the meeting's two, the report's
        says(one(complaint, "stage3_response"), "We are sorry it is late")
