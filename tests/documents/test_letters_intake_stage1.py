"""The letters of intake and Stage 1 (domain.md rules 3, 5, 6, 7, 9 and 10).

Each case is built by the real actions, so each letter is the one the step itself drafted: its
recipients and copies are checked, and its PDF and Word files are made once and read back for
the facts the letter must state. Where a letter is owed only sometimes (a "no" to sufficient
interest, a refusal), a case where it is not owed shows it is not drafted.
"""

from __future__ import annotations

from datetime import date

import pytest

from heard.audit.models import CaseEvent
from heard.complaints.actions import intake, stage1
from heard.complaints.models import Complainant, Complaint, Stage1
from heard.complaints.models.choices import Proceedings, Relationship, Route
from heard.decisions import tracking
from heard.documents.catalogue import LETTERS
from heard.documents.formats import to_docx, to_pdf
from heard.documents.models import Document
from heard.documents.sandbox import render
from heard.documents.sending import page_for
from tests.documents.checks import assert_accessible_pdf, assert_word
from tests.personas import Personas, create_complaint, create_stage1_complaint
from tests.shared import OneCaseForTheClass

pytestmark = pytest.mark.django_db

ADVOCATE_COPY = "Priya Shah, NYAS (advocate)"
OMBUDSMAN = ["Local Government and Social Care Ombudsman", "www.lgo.org.uk", "0300 061 0614"]


def documents(complaint: Complaint, key: str) -> list[Document]:
    return list(Document.objects.filter(complaint=complaint, key=key).order_by("pk"))


def only(complaint: Complaint, key: str) -> Document:
    found = documents(complaint, key)
    assert len(found) == 1, f"expected one {key} letter, found {len(found)}"
    return found[0]


def assert_files_say(document: Document, says: list[str]) -> None:
    """Make the PDF and the Word file once each, and read both back."""
    page = page_for(document)
    assert_accessible_pdf(to_pdf(page), title=document.title, says=says)
    assert_word(to_docx(page), title=document.title, says=says)


def _appoint_advocate(complaint: Complaint, p: Personas, on: date) -> None:
    intake.record_advocacy(
        complaint,
        by=p.officer,
        offered_on=on,
        response="accepted",
        advocate_name="Priya Shah",
        advocate_organisation="NYAS",
        advocate_contact="0800 111 2222",
    )


# -- Intake: received Monday 2 March 2026 about events from June 2024 -----------------------


def build_intake(p: Personas) -> Complaint:
    """Two people with no automatic right to complain; an advocate appointed; "yes" to one
    and "no" to the other; the late complaint considered; part of it deferred for a court."""
    complaint = intake.record_complaint(
        by=p.officer,
        received_on=date(2026, 3, 2),
        channel="letter",
        summary="Contact with Riley was stopped without warning.",
        complainants=[
            intake.NewComplainant(
                name="Jo Hill",
                relationship=Relationship.OTHER,
                address="1 Elm Road\nDemoton DT2 2BB",
                email="jo@example.org",
            ),
            intake.NewComplainant(name="Chris Hill", relationship=Relationship.OTHER),
        ],
        children=[intake.NewChild(name="Riley Hill")],
        earliest_event_on=date(2024, 6, 1),
    )
    _appoint_advocate(complaint, p, date(2026, 3, 3))
    jo, chris = complaint.complainants.order_by("pk")
    decision = {
        "by": p.manager,
        "decided_on": date(2026, 3, 4),
        "child_views_sought": True,
        "child_views_considered": True,
        "child_notified": True,
    }
    intake.record_sufficient_interest(complaint, complainant=chris, has_interest=True, **decision)
    intake.record_sufficient_interest(
        complaint,
        complainant=jo,
        has_interest=False,
        letter_sent_on=date(2026, 3, 5),
        **decision,
    )
    intake.decide_out_of_time(
        complaint,
        by=p.manager,
        decision="accepted",
        why_not_earlier="Jo was abroad caring for a relative until January 2026.",
        fair_consideration="The contact records and the social worker are still available.",
        on=date(2026, 3, 6),
    )
    intake.record_deferral(
        complaint,
        by=p.officer,
        proceedings=Proceedings.COURT,
        proceedings_detail="Care proceedings, Family Court case ZW26C00042",
        parts_affected="The complaint about the contact schedule",
        reason="The court is deciding contact, and an investigation now would cut across it.",
        notice_sent_on=date(2026, 3, 9),
        review_on=date(2026, 6, 1),
    )
    return complaint


class TestIntakeLetters(OneCaseForTheClass):
    build = staticmethod(build_intake)

    def test_a_no_to_sufficient_interest_is_written_to_that_person_only(
        self, complaint: Complaint
    ) -> None:
        letter = only(complaint, "sufficient_interest_refused")
        assert (letter.recipient, letter.recipient_role) == ("Jo Hill", "complainant")
        assert letter.address == "1 Elm Road\nDemoton DT2 2BB"
        assert letter.copies == [ADVOCATE_COPY]
        assert_files_say(
            letter,
            [
                "Dear Jo Hill,",
                "On 4 March 2026 we decided that you do not have a sufficient interest in "
                "Riley Hill's welfare to use this procedure.",
                "We asked for Riley Hill's views and took them into account.",
                "We have told Riley Hill about our decision.",
                "We will look at our decision again.",
                *OMBUDSMAN,
                f"Copy to: {ADVOCATE_COPY}",
            ],
        )

    def test_a_yes_to_sufficient_interest_drafts_no_letter(self, complaint: Complaint) -> None:
        jo, chris = Complainant.objects.filter(complaint=complaint).order_by("pk")
        yes, no = CaseEvent.objects.filter(
            complaint_id=complaint.pk, name="complaint.record_sufficient_interest"
        ).order_by("pk")
        assert yes.details == {"complainant": chris.pk, "has_interest": True}
        assert no.details == {"complainant": jo.pk, "has_interest": False}
        assert not Document.objects.filter(made_by_event=yes.pk)
        assert [d.recipient for d in Document.objects.filter(made_by_event=no.pk)] == ["Jo Hill"]

    def test_the_advocate_is_confirmed_to_each_complainant(self, complaint: Complaint) -> None:
        letters = documents(complaint, "advocacy_offer")
        assert [d.recipient for d in letters] == ["Jo Hill", "Chris Hill"]
        assert all(d.copies == [ADVOCATE_COPY] for d in letters)
        assert_files_say(
            letters[0],
            [
                "This letter confirms who the advocate is.",
                "The advocate for this complaint is Priya Shah from NYAS. You can contact them on "
                "0800 111 2222.",
                "An advocate is someone who is on Riley Hill's side.",
                "An advocate is free.",
                "If you want a different advocate, or you no longer want one, just tell us.",
            ],
        )

    def test_a_late_complaint_considered_gives_both_reasons(self, complaint: Complaint) -> None:
        letter = only(complaint, "out_of_time_considered")
        assert (letter.recipient, letter.copies) == ("Chris Hill", [ADVOCATE_COPY])
        assert_files_say(
            letter,
            [
                "Your complaint is about things that go back to 1 June 2024.",
                "On 6 March 2026 we decided that we will look into your complaint.",
                "Jo was abroad caring for a relative until January 2026.",
                "The contact records and the social worker are still available.",
            ],
        )
        assert not documents(complaint, "out_of_time_refused")

    def test_a_deferral_names_the_proceedings_the_parts_and_the_review(
        self, complaint: Complaint
    ) -> None:
        letter = only(complaint, "deferral_notice")
        assert (letter.recipient, letter.copies) == ("Chris Hill", [ADVOCATE_COPY])
        assert_files_say(
            letter,
            [
                "Court proceedings: Care proceedings, Family Court case ZW26C00042",
                "We have put these parts of your complaint on hold until the proceedings are over:",
                "The complaint about the contact schedule",
                "The court is deciding contact, and an investigation now would cut across it.",
                "We will look at this again on 1 June 2026",
            ],
        )
        assert "Ombudsman" not in letter.body

    def test_after_a_no_that_person_gets_no_more_letters(self, complaint: Complaint) -> None:
        keys = Document.objects.filter(complaint=complaint, recipient="Jo Hill").values_list(
            "key", flat=True
        )
        # The advocate was confirmed before the decision; nothing is written to Jo after it.
        assert sorted(keys) == ["advocacy_offer", "sufficient_interest_refused"]


# -- A complaint refused as out of time, part of it first excluded -------------------------


def build_refused(p: Personas) -> Complaint:
    complaint = create_complaint(
        p.officer, received_on=date(2026, 3, 2), earliest_event_on=date(2023, 6, 1)
    )
    intake.record_advocacy(
        complaint, by=p.officer, offered_on=date(2026, 3, 3), response="declined"
    )
    intake.record_deferral(
        complaint,
        by=p.officer,
        proceedings=Proceedings.CRIMINAL,
        proceedings_detail="Police investigation, crime number 26/1234",
        parts_affected="What happened at the contact centre in May 2023",
        reason="The police are still interviewing witnesses.",
        notice_sent_on=date(2026, 3, 4),
        review_on=date(2026, 9, 1),
        excluded=True,
    )
    intake.decide_out_of_time(
        complaint,
        by=p.manager,
        decision="refused",
        why_not_earlier="No reason was given for the delay of almost three years.",
        fair_consideration="The staff involved have left and the records are incomplete.",
        on=date(2026, 3, 6),
    )
    return complaint


class TestRefusedLetters(OneCaseForTheClass):
    build = staticmethod(build_refused)

    def test_the_refusal_gives_both_reasons_and_the_ombudsman(self, complaint: Complaint) -> None:
        letter = only(complaint, "out_of_time_refused")
        assert (letter.recipient, letter.copies) == ("Sam Rivers", [])
        assert_files_say(
            letter,
            [
                "Your complaint is about things that go back to 1 June 2023, more than 12 "
                "months before we received it.",
                "On 6 March 2026 we decided that we cannot look into your complaint",
                "No reason was given for the delay of almost three years.",
                "The staff involved have left and the records are incomplete.",
                "so you can contact the Ombudsman now.",
                *OMBUDSMAN,
            ],
        )
        assert not documents(complaint, "out_of_time_considered")

    def test_an_exclusion_says_so_and_how_to_challenge_it(self, complaint: Complaint) -> None:
        letter = only(complaint, "deferral_notice")
        assert_files_say(
            letter,
            [
                "Police or criminal investigation: Police investigation, crime number 26/1234",
                "We will not look into these parts of your complaint",
                "What happened at the contact centre in May 2023",
                "The police are still interviewing witnesses.",
                "We will look at this again on 1 September 2026",
                *OMBUDSMAN,
            ],
        )

    def test_no_advocacy_or_stage1_letters_without_their_steps(self, complaint: Complaint) -> None:
        keys = set(Document.objects.filter(complaint=complaint).values_list("key", flat=True))
        assert keys == {"advocacy_offer", "deferral_notice", "out_of_time_refused"}

    def test_a_declined_offer_says_they_can_change_their_mind(self, complaint: Complaint) -> None:
        letter = only(complaint, "advocacy_offer")
        assert (letter.recipient, letter.copies) == ("Sam Rivers", [])
        assert "You told us that you do not want an advocate for now." in letter.body
        assert "Alex Rivers's side" in letter.body

    @pytest.mark.parametrize(
        ("answer", "says"),
        [
            ({"response": "awaiting"}, "If you would like an advocate, just tell us"),
            ({"young_person": True}, "An advocate is someone who is on your side."),
        ],
    )
    def test_the_offer_words_each_answer_and_reader(
        self, complaint: Complaint, answer: dict[str, object], says: str
    ) -> None:
        """The same shipped text, with the answer a different case would have recorded."""
        data = only(complaint, "advocacy_offer").data
        data["advocacy"] = {**data["advocacy"], **answer}
        assert says in render(LETTERS["advocacy_offer"].shipped_body, data)


# -- Stage 1: received Friday 19 December 2025, due Wednesday 7 January 2026 ----------------


def build_stage1(p: Personas) -> Complaint:
    """An advocate, an extension to the 20-day limit, an agreed action, a resolved response."""
    complaint = create_stage1_complaint(p.officer, received_on=date(2025, 12, 19))
    _appoint_advocate(complaint, p, date(2025, 12, 22))
    stage1.extend_stage1(
        complaint,
        by=p.officer,
        reason="advocate",
        detail="The advocate can meet Alex on 12 January.",
        new_due_on=date(2026, 1, 21),
        letter_sent_on=date(2026, 1, 5),
        on=date(2026, 1, 5),
    )
    tracking.agree_stage1_action(
        complaint,
        by=p.officer,
        text="Restore weekly contact",
        owner="Team manager, Children in Care",
        due_on=date(2026, 2, 2),
    )
    stage1.record_stage1_response(
        complaint,
        by=p.officer,
        sent_on=date(2026, 1, 20),
        resolved=True,
        summary="Contact was cancelled because no supervisor was booked. That was our mistake.",
        terms_of_resolution="Weekly contact restarts on 2 February, with a named supervisor.",
    )
    return complaint


class TestStage1Letters(OneCaseForTheClass):
    build = staticmethod(build_stage1)

    def test_the_extension_gives_the_reason_and_the_new_date(self, complaint: Complaint) -> None:
        letter = only(complaint, "stage1_extension")
        assert (letter.recipient, letter.copies) == ("Sam Rivers", [ADVOCATE_COPY])
        assert_files_say(
            letter,
            [
                "We told you that we aimed to reply by 7 January 2026.",
                "We are arranging an advocate to help with your complaint",
                "The advocate can meet Alex on 12 January.",
                "We will now reply by 21 January 2026. This is the longest this stage of the "
                "complaints procedure can take.",
                "you can ask for your complaint to go to Stage 2",
            ],
        )

    def test_the_response_says_how_and_by_when_to_ask_for_stage2(
        self, complaint: Complaint
    ) -> None:
        # 20 working days after Tuesday 20 January 2026 (rule 14).
        assert Stage1.objects.get(complaint=complaint).stage2_request_by == date(2026, 2, 17)
        letter = only(complaint, "stage1_response")
        assert (letter.recipient, letter.copies) == ("Sam Rivers", [ADVOCATE_COPY])
        assert_files_say(
            letter,
            [
                "Contact was cancelled because no supervisor was booked. That was our mistake.",
                "These are the terms we agreed:",
                "Weekly contact restarts on 2 February, with a named supervisor.",
                "Restore weekly contact: Team manager, Children in Care will do this by "
                "2 February 2026",
                "Please ask by 17 February 2026.",
                "phone us on 01234 567890",
                "email us at complaints.team@example.org",
                "write to us at the address at the top of this letter",
                "You do not need to fill in a form.",
                "an Independent Person, who does not work for the council",
                "large print, Braille, audio, easy read or another language",
                *OMBUDSMAN,
                f"Copy to: {ADVOCATE_COPY}",
            ],
        )


def build_unresolved(p: Personas) -> Complaint:
    complaint = create_complaint(p.officer, received_on=date(2025, 8, 29))
    intake.classify(
        complaint,
        by=p.officer,
        route=Route.CORPORATE,
        reason="About school transport",
        specified_function="",
    )
    stage1.start_stage1(complaint, by=p.officer)
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2025, 9, 12), resolved=False, summary="Not upheld"
    )
    return complaint


class TestUnresolvedResponse(OneCaseForTheClass):
    build = staticmethod(build_unresolved)

    def test_no_terms_no_advocate_copy_and_the_stage2_date(self, complaint: Complaint) -> None:
        letter = only(complaint, "stage1_response")
        assert (letter.recipient, letter.copies) == ("Sam Rivers", [])
        assert "Not upheld" in letter.body
        assert "Please ask by 10 October 2025." in letter.body
        assert "What we have agreed" not in letter.body
        assert "What we will do" not in letter.body
        # A corporate complaint has no Independent Person at Stage 2 (decision 11).
        assert "Independent Person" not in letter.body
        assert not documents(complaint, "stage1_extension")


def test_every_letter_here_names_its_rule() -> None:
    rules = {
        key: LETTERS[key].rule.split(":")[0]
        for key in (
            "sufficient_interest_refused",
            "out_of_time_considered",
            "out_of_time_refused",
            "deferral_notice",
            "advocacy_offer",
            "stage1_extension",
            "stage1_response",
        )
    }
    assert rules == {
        "sufficient_interest_refused": "Rule 3",
        "out_of_time_considered": "Rule 5",
        "out_of_time_refused": "Rule 5",
        "deferral_notice": "Rule 6",
        "advocacy_offer": "Rule 7",
        "stage1_extension": "Rule 9",
        "stage1_response": "Rule 10",
    }
