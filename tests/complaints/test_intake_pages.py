"""The intake step pages, through the Django test client (domain.md rules 1 to 7).

For each step: a valid answer changes the case and writes its event; a bad answer, whether
the form or the action refuses it, shows the message beside the box and in the error summary,
answers 200 and changes nothing; someone who can see the case but may not take the step gets
403, and someone with no role on it 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from heard.complaints.actions import intake, stage1
from heard.complaints.models import Complaint, Deferral
from heard.complaints.models.choices import Relationship, Route, Status
from tests.complaints.helpers import running
from tests.complaints.step_pages import (
    day,
    forbidden,
    get_step,
    hidden,
    page_text,
    submit_ok,
    submit_refused,
)
from tests.personas import Personas, create_complaint, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 3, 2)  # Monday: Stage 1 due Monday 16 March, at the latest 30 March 2026


@pytest.fixture
def p() -> Personas:
    return create_personas()


@pytest.fixture
def new(p: Personas) -> Complaint:
    """Recorded, not yet classified."""
    return create_complaint(p.officer, received_on=RECEIVED)


@pytest.fixture
def at_stage1(p: Personas) -> Complaint:
    """In Stage 1 with a responder: someone who sees the case but may not take intake steps."""
    complaint = create_stage1_complaint(p.officer, received_on=RECEIVED)
    stage1.assign_responder(complaint, by=p.officer, responder=p.responder)
    return complaint


def reload(complaint: Complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


# -- classify -----------------------------------------------------------------------------


def test_classify(client: Client, p: Personas, new: Complaint) -> None:
    page = get_step(client, p.officer, new, "classify")
    assert page.status_code == 200
    assert "Which procedure applies?" in page_text(page)
    event = submit_ok(
        client,
        p.officer,
        new,
        "classify",
        {
            "route": Route.STATUTORY,
            "specified_function": "part3",
            "reason": "Parent of a child in care",
        },
    )
    assert event.summary == "Classified: Statutory (Children Act 1989)"
    c = reload(new)
    assert (c.route, c.specified_function, c.route_reason, c.route_decided_by_id) == (
        Route.STATUTORY,
        "part3",
        "Parent of a child in care",
        p.officer.pk,
    )
    again = get_step(client, p.officer, new, "classify").content.decode()
    assert 'value="statutory_children_act" checked' in again  # the decision can be revisited


def test_classify_refusals(client: Client, p: Personas, new: Complaint) -> None:
    submit_refused(
        client,
        p.officer,
        new,
        "classify",
        {"reason": "x"},
        "Select which procedure applies",
        beside="id_route",
    )
    submit_refused(
        client,
        p.officer,
        new,
        "classify",
        {"route": Route.CORPORATE},
        "Enter why this procedure applies",
        beside="id_reason",
    )
    # The action's rule: a statutory complaint names the Children Act function.
    submit_refused(
        client,
        p.officer,
        new,
        "classify",
        {"route": Route.STATUTORY, "reason": "Parent"},
        "Say which Children Act function the complaint is about.",
        beside="id_specified_function",
    )


def test_intake_steps_are_forbidden_to_a_stage1_responder(
    client: Client, p: Personas, at_stage1: Complaint
) -> None:
    forbidden(client, p.responder, at_stage1, "record_deferral", {})
    forbidden(client, p.responder, at_stage1, "acknowledge", {})
    forbidden(client, p.responder, at_stage1, "update_parties", {})


def test_intake_steps_are_hidden_from_people_with_no_role(
    client: Client, p: Personas, new: Complaint
) -> None:
    for user in (p.other_io, p.outsider, p.responder):
        hidden(client, user, new, "classify", {"route": Route.CORPORATE, "reason": "x"})


def test_a_step_not_open_in_this_status_is_forbidden(
    client: Client, p: Personas, at_stage1: Complaint
) -> None:
    forbidden(client, p.officer, at_stage1, "classify", {"route": Route.CORPORATE, "reason": "x"})


# -- sufficient interest ------------------------------------------------------------------


def _with_other_complainant(p: Personas) -> tuple[Complaint, Any]:
    complaint = create_complaint(p.officer, received_on=RECEIVED, relationship=Relationship.OTHER)
    return complaint, complaint.complainants.get()


def _interest(person: Any, **changes: Any) -> dict[str, Any]:
    answers = {
        "complainant": person.pk,
        **day("decided_on", date(2026, 3, 4)),
        "has_interest": "yes",
        "child_views_sought": "yes",
        "child_views_considered": "yes",
        "child_notified": "no",
    }
    answers.update(changes)
    return answers


def test_record_sufficient_interest(client: Client, p: Personas) -> None:
    complaint, person = _with_other_complainant(p)
    page = page_text(get_step(client, p.officer, complaint, "record_sufficient_interest"))
    assert "Sam Rivers" in page
    submit_ok(client, p.officer, complaint, "record_sufficient_interest", _interest(person))
    person.refresh_from_db()
    assert person.sufficient_interest is True
    assert person.sufficient_interest_decided_on == date(2026, 3, 4)
    assert person.sufficient_interest_child_notified is False
    assert person.is_eligible


def test_sufficient_interest_refusals(client: Client, p: Personas) -> None:
    complaint, person = _with_other_complainant(p)
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_sufficient_interest",
        _interest(person, has_interest="no"),
        "A 'no' decision must be sent to the person: record when the letter was sent.",
        beside="id_letter_sent_on",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_sufficient_interest",
        _interest(person, has_interest=""),
        "Select yes if they have a sufficient interest",
        beside="id_has_interest",
    )
    parent = create_complaint(p.officer, received_on=RECEIVED)
    submit_refused(
        client,
        p.officer,
        parent,
        "record_sufficient_interest",
        _interest(parent.complainants.get()),
        "Select the person the decision is about",
        beside="id_complainant",
    )


# -- out of time --------------------------------------------------------------------------


def test_decide_out_of_time(client: Client, p: Personas) -> None:
    old = create_complaint(p.officer, received_on=RECEIVED, earliest_event_on=date(2024, 11, 1))
    page = page_text(get_step(client, p.officer, old, "decide_out_of_time"))
    assert "Earliest matter complained about Friday 1 November 2024" in page
    assert "More than 12 months before receipt Yes" in page
    submit_ok(
        client,
        p.officer,
        old,
        "decide_out_of_time",
        {
            "decision": "accepted",
            "why_not_earlier": "In hospital for most of 2025",
            "fair_consideration": "The records are complete",
        },
    )
    c = reload(old)
    assert c.out_of_time_decision == "accepted"
    assert c.out_of_time_why_not_earlier == "In hospital for most of 2025"


def test_out_of_time_refusals(client: Client, p: Personas) -> None:
    old = create_complaint(p.officer, received_on=RECEIVED, earliest_event_on=date(2024, 11, 1))
    submit_refused(
        client,
        p.officer,
        old,
        "decide_out_of_time",
        {"decision": "refused", "why_not_earlier": "No reason given"},
        "Enter whether it can still be considered fairly and effectively",
        beside="id_fair_consideration",
    )
    recent = create_complaint(p.officer, received_on=RECEIVED, earliest_event_on=date(2026, 1, 5))
    submit_refused(
        client,
        p.officer,
        recent,
        "decide_out_of_time",
        {"decision": "refused", "why_not_earlier": "x", "fair_consideration": "y"},
        "This complaint is within the 12-month time limit: no decision is needed.",
    )


# -- advocacy -----------------------------------------------------------------------------


def test_record_advocacy(client: Client, p: Personas, new: Complaint) -> None:
    submit_ok(
        client,
        p.officer,
        new,
        "record_advocacy",
        {
            **day("offered_on", date(2026, 3, 3)),
            "response": "accepted",
            "advocate_name": "Jo Advocate",
            "advocate_organisation": "NYAS",
            "advocate_contact": "jo@example.org",
        },
    )
    c = reload(new)
    assert (c.advocacy_offered_on, c.advocacy_response, c.advocate_name) == (
        date(2026, 3, 3),
        "accepted",
        "Jo Advocate",
    )


def test_advocacy_refusals(client: Client, p: Personas, new: Complaint) -> None:
    submit_refused(
        client,
        p.officer,
        new,
        "record_advocacy",
        {**day("offered_on", date(2026, 3, 3)), "response": "accepted"},
        "Give the advocate's name, or choose 'awaiting reply'.",
        beside="id_advocate_name",
    )
    submit_refused(
        client,
        p.officer,
        new,
        "record_advocacy",
        {**day("offered_on", date(2026, 3, 3))},
        "Select the response to the offer",
        beside="id_response",
    )
    submit_refused(
        client,
        p.officer,
        new,
        "record_advocacy",
        {
            "offered_on_day": "31",
            "offered_on_month": "2",
            "offered_on_year": "2026",
            "response": "declined",
        },
        "The date an advocate was offered must be a real date",
        beside="id_offered_on",
    )


# -- deferral -----------------------------------------------------------------------------


def _deferral(**changes: Any) -> dict[str, Any]:
    answers = {
        "proceedings": "court",
        "proceedings_detail": "Family Court, case ZW26C00123",
        "parts_affected": "The decision to reduce contact",
        "reason": "The court is deciding contact; our view could prejudice it",
        **day("notice_sent_on", date(2026, 3, 5)),
        **day("review_on", date(2026, 6, 5)),
    }
    answers.update(changes)
    return answers


def test_record_and_end_a_deferral(client: Client, p: Personas, at_stage1: Complaint) -> None:
    event = submit_ok(client, p.officer, at_stage1, "record_deferral", _deferral())
    assert "Deferred because of Family Court, case ZW26C00123" in event.summary
    deferral = Deferral.objects.get(complaint=at_stage1)
    assert (deferral.review_on, deferral.excluded, deferral.decided_by_id) == (
        date(2026, 6, 5),
        False,
        p.officer.pk,
    )
    page = page_text(get_step(client, p.officer, at_stage1, "end_deferral"))
    assert "Deferred: Family Court, case ZW26C00123 (review on Friday 5 June 2026)" in page
    submit_ok(
        client,
        p.officer,
        at_stage1,
        "end_deferral",
        {"deferral": deferral.pk, **day("ended_on", date(2026, 5, 1))},
    )
    deferral.refresh_from_db()
    assert deferral.ended_on == date(2026, 5, 1)
    submit_refused(
        client,
        p.officer,
        at_stage1,
        "end_deferral",
        {"deferral": deferral.pk, **day("ended_on", date(2026, 5, 1))},
        "Select the deferral that has ended",
        beside="id_deferral",
    )


def test_deferral_refusals(client: Client, p: Personas, at_stage1: Complaint) -> None:
    submit_refused(
        client,
        p.officer,
        at_stage1,
        "record_deferral",
        _deferral(**day("review_on", date(2026, 3, 5))),
        "The review date must be after the notice was sent.",
        beside="id_review_on",
    )
    submit_refused(
        client,
        p.officer,
        at_stage1,
        "record_deferral",
        _deferral(proceedings_detail=""),
        "Enter which proceedings",
        beside="id_proceedings_detail",
    )


# -- acknowledgement ----------------------------------------------------------------------


def test_acknowledge(client: Client, p: Personas, new: Complaint) -> None:
    page = page_text(get_step(client, p.officer, new, "acknowledge"))
    assert "Local target for acknowledgement Wednesday 4 March 2026" in page
    event = submit_ok(
        client, p.officer, new, "acknowledge", day("acknowledged_on", date(2026, 3, 5))
    )
    assert event.summary == "Acknowledged on Thursday 5 March 2026 (after the local target)"
    assert reload(new).acknowledged_on == date(2026, 3, 5)


def test_acknowledge_refusals(client: Client, p: Personas, new: Complaint) -> None:
    submit_refused(
        client,
        p.officer,
        new,
        "acknowledge",
        day("acknowledged_on", date(2026, 3, 1)),
        "The acknowledgement cannot be before the complaint was received.",
        beside="id_acknowledged_on",
    )
    submit_refused(
        client,
        p.officer,
        new,
        "acknowledge",
        {},
        "Enter the date the acknowledgement was sent",
        beside="id_acknowledged_on",
    )


# -- starting Stage 1, handing over, closing ----------------------------------------------


def test_start_stage1_shows_the_dates_it_will_set(
    client: Client, p: Personas, new: Complaint
) -> None:
    intake.classify(new, by=p.officer, route=Route.CORPORATE, reason="About school transport")
    page = get_step(client, p.officer, new, "start_stage1")
    words = page_text(page)
    assert "Response due (10 working days) Monday 16 March 2026" in words
    assert "Latest date with an extension (20 working days) Monday 30 March 2026" in words
    assert ">Start Stage 1</button>" in page.content.decode()
    submit_ok(client, p.officer, new, "start_stage1", {})
    c = reload(new)
    assert c.status == Status.STAGE1_OPEN
    assert running(c) == {
        "Acknowledgement": date(2026, 3, 4),
        "Stage 1 response": date(2026, 3, 16),
    }
    assert c.stage1.due_on == date(2026, 3, 16)


def test_start_stage1_before_classification_is_refused(
    client: Client, p: Personas, new: Complaint
) -> None:
    message = "Record which procedure the complaint follows, and why, before starting Stage 1."
    assert message in page_text(get_step(client, p.officer, new, "start_stage1"))  # warned
    submit_refused(client, p.officer, new, "start_stage1", {}, message)


def test_hand_over(client: Client, p: Personas, new: Complaint) -> None:
    submit_refused(
        client,
        p.officer,
        new,
        "hand_over",
        {},
        "Only a complaint classified under another procedure can be handed over.",
    )
    intake.classify(new, by=p.officer, route=Route.OTHER, reason="A safeguarding concern")
    assert "A safeguarding concern" in page_text(get_step(client, p.officer, new, "hand_over"))
    submit_ok(client, p.officer, new, "hand_over", {})
    c = reload(new)
    assert c.status == Status.HANDLED_ELSEWHERE and c.closed_on == timezone.localdate()


def test_close(client: Client, p: Personas, new: Complaint) -> None:
    forbidden(client, p.officer, new, "close", {"reason": "Withdrawn"})  # the Manager decides
    submit_refused(
        client,
        p.manager,
        new,
        "close",
        {"reason": "  "},
        "Enter why the complaint is being closed",
        beside="id_reason",
    )
    event = submit_ok(client, p.manager, new, "close", {"reason": "Withdrawn in writing"})
    assert event.details == {"reason": "Withdrawn in writing"}
    assert reload(new).status == Status.CLOSED


# -- adding a complainant or a child ------------------------------------------------------


def test_add_a_complainant(client: Client, p: Personas, new: Complaint) -> None:
    page = page_text(get_step(client, p.officer, new, "update_parties"))
    assert "If you are adding a complainant" in page and "If you are adding a child" in page
    event = submit_ok(
        client,
        p.officer,
        new,
        "update_parties",
        {
            "which": "complainant",
            "name": "Lee Rivers",
            "relationship": "parental_responsibility",
            "email": "lee@example.org",
        },
    )
    assert event.summary == (
        "Complainant added: Lee Rivers (Other person with parental responsibility)"
    )
    assert list(new.complainants.values_list("name", "relationship", "email")) == [
        ("Sam Rivers", "parent", ""),
        ("Lee Rivers", "parental_responsibility", "lee@example.org"),
    ]


def test_add_a_child(client: Client, p: Personas, at_stage1: Complaint) -> None:
    event = submit_ok(
        client,
        p.officer,
        at_stage1,
        "update_parties",
        {
            "which": "child",
            "child_name": "Jay Rivers",
            **day("date_of_birth", date(2015, 2, 1)),
            "care_leaver": "",
            "looked_after": "on",
        },
    )
    assert event.summary == "Child added: Jay Rivers"
    jay = at_stage1.children.get(name="Jay Rivers")
    assert (jay.date_of_birth, jay.looked_after, jay.care_leaver) == (date(2015, 2, 1), True, False)


def test_adding_parties_refusals(client: Client, p: Personas, new: Complaint) -> None:
    submit_refused(
        client,
        p.officer,
        new,
        "update_parties",
        {"name": "Lee"},
        "Select whether you are adding a complainant or a child",
        beside="id_which",
    )
    submit_refused(
        client,
        p.officer,
        new,
        "update_parties",
        {"which": "complainant", "relationship": "parent"},
        "Enter the complainant's full name",
        beside="id_name",
    )
    submit_refused(
        client,
        p.officer,
        new,
        "update_parties",
        {"which": "complainant", "name": "Lee Rivers"},
        "Select the complainant's relationship to the child",
        beside="id_relationship",
    )
    submit_refused(
        client,
        p.officer,
        new,
        "update_parties",
        {"which": "child"},
        "Enter the child's full name",
        beside="id_child_name",
    )
    next_year = timezone.localdate().year + 1
    submit_refused(
        client,
        p.officer,
        new,
        "update_parties",
        {"which": "child", "child_name": "Jay", **day("date_of_birth", date(next_year, 1, 1))},
        "The date of birth must be in the past.",
        beside="id_date_of_birth",
    )
