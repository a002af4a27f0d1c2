"""The letters of Stage 2's start (domain.md rules 14 to 24): each drafted by the real step, to
the right person, with the advocate copied on a complainant's letters, and not drafted when the
case does not call for it; each rendered once as a PDF and a Word file that say the facts.

Three cases, each built once for its class by the real actions:
- a late request, with an advocate, accepted, both investigators appointed (the Investigating
  Officer later replaced), a copy of the complaint sent, and two versions of the Statement, the
  first of them sent;
- a request refused with a senior manager's sign-off;
- a request on time, consent to access records on file before the Statement, one answered and
  two unanswered contact attempts, an adjudicator appointed, closed for non-engagement.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from heard.complaints.actions import appointments, intake, stage1, stage2
from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole, Route, SpecifiedFunction
from heard.documents.catalogue import LETTERS
from heard.documents.formats import to_docx, to_pdf
from heard.documents.models import Document
from heard.documents.sandbox import render
from heard.documents.sending import page_for, send
from heard.investigations import actions as investigations
from tests.complaints.helpers import (
    FIRST_CONTACT_ON,
    RECEIVED_ON,
    STAGE1_RESPONSE_ON,
    stage2_investigating,
    stage2_requested,
)
from tests.complaints.stage3_helpers import today_is
from tests.documents.checks import assert_accessible_pdf, assert_word
from tests.personas import Personas, create_complaint
from tests.shared import OneCaseForTheClass

pytestmark = pytest.mark.django_db

ADVOCATE = "Priya Shah, Voice Advocacy (advocate)"
LATE_REASONS = "Ms Rivers was in hospital when the Stage 1 reply arrived"
# Stage 2 could be asked for until Friday 10 October 2025 (Stage 1 answered 12 September).
LATE_REQUEST_ON = date(2025, 10, 20)
LATE_ACCEPTED_ON = date(2025, 10, 21)
LATE_FIRST_CONTACT_ON = date(2025, 10, 23)  # so the Statement is due Thursday 6 November 2025
COPY_PART = "Point 1: the cancelled contact visits"


def _points(*texts: tuple[str, str]) -> list[stage2.PointInput]:
    return [stage2.PointInput(text, outcome) for text, outcome in texts]


def late_request_with_an_advocate(p: Personas) -> Complaint:
    complaint = create_complaint(p.officer, received_on=RECEIVED_ON)
    intake.record_advocacy(
        complaint,
        by=p.officer,
        offered_on=RECEIVED_ON,
        response="accepted",
        advocate_name="Priya Shah",
        advocate_organisation="Voice Advocacy",
    )
    intake.classify(
        complaint,
        by=p.officer,
        route=Route.STATUTORY,
        reason="Parent of a looked-after child",
        specified_function=SpecifiedFunction.PART_3,
    )
    stage1.start_stage1(complaint, by=p.officer)
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=STAGE1_RESPONSE_ON, resolved=False, summary="Not upheld"
    )
    stage2.request_stage2(
        complaint,
        by=p.officer,
        requested_on=LATE_REQUEST_ON,
        channel="phone",
        late_reasons=LATE_REASONS,
    )
    stage2.accept_stage2(complaint, by=p.manager, accepted_on=LATE_ACCEPTED_ON)
    for person, role in (
        (p.io, AppointmentRole.INVESTIGATING_OFFICER),
        (p.ip, AppointmentRole.INDEPENDENT_PERSON),
    ):
        appointments.appoint(
            complaint,
            by=p.manager,
            person=person,
            role=role,
            conflict_declaration="None",
            attested_not_council=True,
            attested_not_spouse=True,
            on=LATE_ACCEPTED_ON,
        )
    stage2.send_copy(
        complaint,
        by=p.officer,
        recipient="Jo Marsh, Team Manager",
        part=COPY_PART,
        sent_on=LATE_ACCEPTED_ON,
        method="email",
    )
    stage2.start_investigation(complaint, by=p.manager, on=LATE_ACCEPTED_ON)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=LATE_FIRST_CONTACT_ON)
    # Saving the Statement is dated the day it is saved: the worked example's days.
    with today_is(date(2025, 10, 24)):
        stage2.save_statement(
            complaint,
            by=p.io,
            based_on_version=0,
            points=_points(("Contact was cancelled without notice", "Reinstate contact")),
        )
        first = Document.objects.get(complaint=complaint, key="stage2_statement")
        send(first, on=date(2025, 10, 24), how="post", to="2 Mill Lane", by=p.officer, revision=1)
    with today_is(date(2025, 10, 27)):
        stage2.save_statement(
            complaint,
            by=p.io,
            based_on_version=1,
            points=_points(
                ("Contact was cancelled without notice", "Reinstate contact"),
                ("No one returned my calls", "An apology"),
            ),
        )
    # The Investigating Officer is replaced: the letter goes to the one the step appointed.
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.other_io,
        role=AppointmentRole.INVESTIGATING_OFFICER,
        conflict_declaration="None",
        on=date(2025, 10, 27),
    )
    return complaint


def refused(p: Personas) -> Complaint:
    complaint = stage2_requested(p)
    stage2.refuse_stage2(
        complaint,
        by=p.manager,
        reasons="The complaint is already before the family court",
        signed_off_by=p.senior,
        letter_sent_on=date(2025, 10, 1),
        on=date(2025, 10, 1),
    )
    return complaint


def closed_for_non_engagement(p: Personas) -> Complaint:
    complaint = stage2_investigating(p)
    investigations.record_consent(
        complaint,
        by=p.officer,
        signed_on=date(2025, 9, 30),
        signed_by="Sam Rivers",
        scope="Children's social care records about Alex Rivers",
    )
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    stage2.save_statement(
        complaint,
        by=p.io,
        based_on_version=0,
        points=_points(("Contact was cancelled without notice", "Reinstate contact")),
    )
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.adjudicator,
        role=AppointmentRole.ADJUDICATOR,
        conflict_declaration="None",
        on=date(2025, 10, 2),
    )
    for made_on, method, outcome in (
        (date(2025, 10, 2), "phone", "answered"),
        (date(2025, 10, 6), "phone", "unanswered"),
        (date(2025, 10, 13), "letter", "unanswered"),
    ):
        investigations.record_contact_attempt(
            complaint, by=p.io, made_on=made_on, method=method, outcome=outcome
        )
    stage2.close_for_non_engagement(
        complaint,
        by=p.manager,
        reasons="No reply to two letters or to our calls",
        letter_sent_on=date(2025, 10, 28),
        on=date(2025, 10, 28),
    )
    return complaint


def drafts(complaint: Complaint, key: str) -> list[Document]:
    return list(Document.objects.filter(complaint=complaint, key=key).order_by("id"))


def the_draft(complaint: Complaint, key: str) -> Document:
    (document,) = drafts(complaint, key)
    return document


def rendered(document: Document, says: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The letter's PDF and Word file, each made once and checked to say ``says``."""
    page = page_for(document)
    pdf = assert_accessible_pdf(to_pdf(page), title=document.title, says=says)
    word = assert_word(to_docx(page), title=document.title, says=says)
    return pdf, word


class TestALateRequestAcceptedWithAnAdvocate(OneCaseForTheClass):
    build = staticmethod(late_request_with_an_advocate)

    def test_each_letter_goes_to_its_own_people(self, complaint: Complaint) -> None:
        to = {
            key: [(d.recipient, d.recipient_role, d.copies) for d in drafts(complaint, key)]
            for key in (
                "stage2_acknowledgement",
                "stage2_io_appointment",
                "stage2_ip_appointment",
                "stage2_complaint_copy",
                "stage2_statement",
                "stage2_records_consent",
            )
        }
        complainant = ("Sam Rivers", "complainant", [ADVOCATE])
        assert to == {
            "stage2_acknowledgement": [complainant],
            # One each time someone is appointed, to that person, never to the complainant.
            "stage2_io_appointment": [
                ("Io Tester", "investigating officer", []),
                ("Other Io Tester", "investigating officer", []),
            ],
            "stage2_ip_appointment": [("Ip Tester", "independent person", [])],
            "stage2_complaint_copy": [("Jo Marsh, Team Manager", "person involved", [])],
            # A letter for each version of the Statement; the form only with the first.
            "stage2_statement": [complainant, complainant],
            "stage2_records_consent": [complainant],
        }

    def test_no_refusal_and_no_engagement_letters(self, complaint: Complaint) -> None:
        keys = set(Document.objects.filter(complaint=complaint).values_list("key", flat=True))
        assert not keys & {
            "stage2_refusal",
            "stage2_engagement_first",
            "stage2_engagement_second",
            "stage2_non_engagement_closure",
        }

    def test_the_acknowledgement_says_the_request_was_late_and_why(
        self, complaint: Complaint
    ) -> None:
        letter = the_draft(complaint, "stage2_acknowledgement")
        pdf, word = rendered(
            letter,
            says=[
                "We received your request for Stage 2 of the complaints procedure on "
                "20 October 2025",
                "which for your complaint was 10 October 2025",
                LATE_REASONS,
                "An Independent Person will work with them",
                "within 10 working days of their first contact with you",
                # 25 working days from the request, and 65 at the latest.
                "We aim to send you our answer by 24 November 2025",
                "Stage 2 will not go beyond 22 January 2026",
                "Priya Shah of Voice Advocacy is your advocate",
                "large print, Braille, audio, easy read",
                f"Copy to: {ADVOCATE}",
            ],
        )
        assert (2, "Your request came after the usual date") in word["headings"]
        assert "H2" in pdf["tags"]

    def test_the_investigating_officer_is_told_the_task_and_the_terms(
        self, complaint: Complaint
    ) -> None:
        first, replacement = drafts(complaint, "stage2_io_appointment")
        assert "Appointed: 27 October 2025" in replacement.body
        _, word = rendered(
            first,
            says=[
                f"Our reference: {complaint.reference}",
                "Appointed: 21 October 2025",
                "within 10 working days of your first contact with them",
                "The council must send the complainant its answer by 24 November 2025",
                "Your contact is Manager Tester, Complaints Manager",
                "Everything you see and hear in this investigation is confidential",
                "Your access to this complaint in Heard ends when your work on it ends",
                "record your time and fees for 90 days",
            ],
        )
        assert [h for level, h in word["headings"] if level == 2] == [
            "The complaint",
            "What we are asking you to do",
            "Timescales",
            "Who to contact",
            "Confidentiality",
            "When your work ends",
        ]
        assert "Priya Shah" not in first.body  # nothing of the complainant's correspondence

    def test_the_independent_person_is_told_the_task_and_the_terms(
        self, complaint: Complaint
    ) -> None:
        rendered(
            the_draft(complaint, "stage2_ip_appointment"),
            says=[
                f"Our reference: {complaint.reference}",
                "Io Tester is the Investigating Officer",
                "say whether you think the investigation was fair and complete",
                "Even with an extension, Stage 2 cannot go beyond 22 January 2026",
                "Your contact is Manager Tester, Complaints Manager",
                "Everything you see and hear in this investigation is confidential",
                "If the complainant asks for Stage 3, your access comes back for that",
            ],
        )

    def test_the_person_involved_is_told_what_is_enclosed_and_why(
        self, complaint: Complaint
    ) -> None:
        rendered(
            the_draft(complaint, "stage2_complaint_copy"),
            says=[
                "Dear Jo Marsh, Team Manager,",
                f"Enclosed: {COPY_PART}",
                "to each person involved",
                "It does not mean that anyone has decided you did something wrong",
                "Io Tester is the Investigating Officer",
            ],
        )

    def test_the_second_statement_replaces_the_first_sent(self, complaint: Complaint) -> None:
        first, second = drafts(complaint, "stage2_statement")
        assert "version 1" in first.body and "Point 2" not in first.body
        assert "Thank you for going through your complaint with us on 23 October 2025" in (
            first.body
        )
        _, word = rendered(
            second,
            says=[
                "We wrote to you on 24 October 2025 with your Statement of Complaint",
                "Your Statement of Complaint (version 2)",
                "Contact was cancelled without notice",
                "What you would like to happen: Reinstate contact",
                "No one returned my calls",
                "What you would like to happen: An apology",
                # 10 working days from first contact (rule 21).
                "Please reply by 6 November 2025",
                "We still need the Consent to Access Records form",
                f"Copy to: {ADVOCATE}",
            ],
        )
        assert (3, "Point 2") in word["headings"]
        assert (2, "I agree with my Statement of Complaint") in word["headings"]

    def test_the_consent_form_has_its_scope_and_a_place_to_sign(self, complaint: Complaint) -> None:
        _, word = rendered(
            the_draft(complaint, "stage2_records_consent"),
            says=[
                "the Investigating Officer, Io Tester, and the Independent Person, Ip Tester",
                "send it back to us by 6 November 2025",
                "the records Demo Borough Council holds about Alex Rivers and your family",
                "the points in your Statement of Complaint",
                "Their access to the records ends when the investigation ends",
                "Your signature",
                f"Copy to: {ADVOCATE}",
            ],
        )
        assert "Whose records these are (Alex Rivers)" in word["text"]
        assert "Date" in word["text"]

    @pytest.mark.parametrize(
        ("key", "says"),
        [
            ("stage2_acknowledgement", "within 25 working days of the day you agree"),
            ("stage2_io_appointment", "start when the Statement of Complaint is agreed"),
            ("stage2_ip_appointment", "start when the Statement of Complaint is agreed"),
        ],
    )
    def test_a_council_counting_from_the_statement_still_gives_the_request_limit(
        self, complaint: Complaint, key: str, says: str
    ) -> None:
        """Decision 3: with the clock started by the agreed Statement there is no due date
        yet, and the letter gives the Ombudsman's 65 working days from the request instead."""
        data = drafts(complaint, key)[0].data
        data["clock"]["from_statement"] = True
        data["stage2"] |= {"due_on": "", "cap_on": ""}
        text = render(LETTERS[key].shipped_body, data)
        assert says in text
        assert "by 22 January 2026" in text
        assert "24 November 2025" not in text


class TestARefusal(OneCaseForTheClass):
    build = staticmethod(refused)

    def test_only_the_refusal_is_drafted(self, complaint: Complaint) -> None:
        stage2_letters = [
            (d.key, d.recipient, d.copies)
            for d in Document.objects.filter(complaint=complaint, key__startswith="stage2_")
        ]
        assert stage2_letters == [("stage2_refusal", "Sam Rivers", [])]

    def test_the_refusal_gives_the_reasons_the_sign_off_and_the_ombudsman(
        self, complaint: Complaint
    ) -> None:
        rendered(
            the_draft(complaint, "stage2_refusal"),
            says=[
                "We received your request for Stage 2 of the complaints procedure on "
                "26 September 2025",
                "The complaint is already before the family court",
                "A senior manager, Senior Tester, has looked at your request",
                "Local Government and Social Care Ombudsman",
                "www.lgo.org.uk",
                "0300 061 0614",
                "The Ombudsman usually expects a council to finish its own complaints "
                "procedure first",
            ],
        )


class TestClosedForNonEngagement(OneCaseForTheClass):
    build = staticmethod(closed_for_non_engagement)

    def test_conditional_letters_follow_the_case(self, complaint: Complaint) -> None:
        count = {
            key: len(drafts(complaint, key))
            for key in (
                "stage2_acknowledgement",
                "stage2_io_appointment",
                "stage2_ip_appointment",
                "stage2_statement",
                "stage2_records_consent",
                "stage2_complaint_copy",
                "stage2_engagement_first",
                "stage2_engagement_second",
                "stage2_non_engagement_closure",
            )
        }
        assert count == {
            "stage2_acknowledgement": 1,
            # The adjudicator's appointment drafts neither investigator's letter.
            "stage2_io_appointment": 1,
            "stage2_ip_appointment": 1,
            "stage2_statement": 1,
            "stage2_records_consent": 0,  # consent was on file before the Statement
            "stage2_complaint_copy": 0,
            # The answered attempt needs no letter; each unanswered one has its own.
            "stage2_engagement_first": 1,
            "stage2_engagement_second": 1,
            "stage2_non_engagement_closure": 1,
        }

    def test_an_on_time_request_has_no_late_paragraph(self, complaint: Complaint) -> None:
        letter = the_draft(complaint, "stage2_acknowledgement")
        assert letter.copies == []
        assert "usual date" not in letter.body
        assert "We aim to send you our answer by 31 October 2025" in letter.body
        statement = the_draft(complaint, "stage2_statement")
        assert "Consent to Access Records" not in statement.body

    def test_the_first_letter_asks_for_a_reply_by_a_date(self, complaint: Complaint) -> None:
        letter = the_draft(complaint, "stage2_engagement_first")
        assert letter.recipient == "Sam Rivers"
        rendered(
            letter,
            says=[
                "We tried to contact you by phone on 6 October 2025",
                "Please contact us by 20 October 2025",
                "Io Tester, the Investigating Officer",
            ],
        )

    def test_the_second_letter_says_what_happens_without_a_reply(
        self, complaint: Complaint
    ) -> None:
        _, word = rendered(
            the_draft(complaint, "stage2_engagement_second"),
            says=[
                "We tried again by letter on 13 October 2025",
                "If we have not heard from you by 27 October 2025, the Complaints Manager "
                "will look at your complaint again and may decide to close the investigation",
                "unless there are exceptional reasons",
            ],
        )
        assert (2, "What happens if we do not hear from you") in word["headings"]

    def test_the_closure_gives_reasons_the_way_back_and_the_ombudsman(
        self, complaint: Complaint
    ) -> None:
        _, word = rendered(
            the_draft(complaint, "stage2_non_engagement_closure"),
            says=[
                "The Complaints Manager made this decision on 28 October 2025",
                "No reply to two letters or to our calls",
                "6 October 2025, phone: no reply or did not attend",
                "13 October 2025, letter: no reply or did not attend",
                "We can reopen the investigation only if there are exceptional reasons",
                "Local Government and Social Care Ombudsman",
                "www.lgo.org.uk",
                "0300 061 0614",
            ],
        )
        assert [h for level, h in word["headings"] if level == 2] == [
            "Why we closed it",
            "If you want the investigation reopened",
            "The Ombudsman",
            "Help with your complaint",
        ]
