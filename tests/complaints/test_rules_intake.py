"""Domain rules 1 to 7 and 12 (docs/domain.md section 9): intake and eligibility.

Each test shows the allowed path working and the refused path raising ``Refused`` (or
``NotAllowed``) with a message an officer can act on, leaving the case as it was.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from heard.audit.models import CaseEvent
from heard.complaints.actions import intake, stage1
from heard.complaints.models import Complainant, Complaint, Deferral, Stage1
from heard.complaints.models.choices import (
    ENTITLED_IN_OWN_RIGHT,
    Proceedings,
    Relationship,
    Route,
    SpecifiedFunction,
    Status,
)
from heard.complaints.transitions import NotAllowed, Refused
from heard.people.models import User
from heard.timescales.rules import rule
from tests.complaints.helpers import last_event, not_allowed, refused, running
from tests.personas import Personas, create_complaint, create_personas

pytestmark = pytest.mark.django_db

FRI_19_DEC_2025 = date(2025, 12, 19)


@pytest.fixture
def p() -> Personas:
    return create_personas()


def _classify_statutory(complaint: Complaint, by: User) -> None:
    intake.classify(
        complaint,
        by=by,
        route=Route.STATUTORY,
        reason="Parent of a looked-after child, about Part 3 services",
        specified_function=SpecifiedFunction.PART_3,
    )


def _complainant(complaint: Complaint) -> Complainant:
    return complaint.complainants.get()


# Rule 1: classify every contact, with reason and officer, before any Stage 1 clock.


def test_rule_01_no_stage1_clock_before_classification(p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    assert running(complaint) == {"Acknowledgement": date(2025, 12, 23)}  # no Stage 1 clock
    assert not Stage1.objects.filter(complaint=complaint).exists()

    with refused(complaint, "Record which procedure the complaint follows, and why"):
        stage1.start_stage1(complaint, by=p.officer)

    _classify_statutory(complaint, p.officer)
    started = stage1.start_stage1(complaint, by=p.officer)
    assert started.due_on == date(2026, 1, 7)
    assert complaint.status == Status.STAGE1_OPEN


def test_rule_01_classification_records_route_reason_and_officer(p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    intake.classify(complaint, by=p.officer, route=Route.CORPORATE, reason="About parking permits")

    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.route == Route.CORPORATE
    assert complaint.route_reason == "About parking permits"
    assert complaint.route_decided_by == p.officer
    assert complaint.route_decided_on == timezone.localdate()
    event = last_event(complaint)
    assert event.name == "complaint.classify"
    assert event.by == p.officer
    assert event.details["route"] == Route.CORPORATE
    assert event.details["reason"] == "About parking permits"


def test_rule_01_classification_needs_a_reason(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    with refused(complaint, "Say why this procedure applies"):
        intake.classify(complaint, by=p.officer, route=Route.CORPORATE, reason="   ")


def test_rule_01_classification_is_one_of_the_three_routes(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    with refused(complaint, "Choose which procedure applies"):
        intake.classify(complaint, by=p.officer, route="informal", reason="Seems minor")


def test_rule_01_only_complaints_staff_classify(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    with not_allowed(complaint):
        intake.classify(complaint, by=p.outsider, route=Route.CORPORATE, reason="Because")


def test_rule_01_another_procedure_is_handed_over_not_started(p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    intake.classify(
        complaint, by=p.officer, route=Route.OTHER, reason="A child protection conference matter"
    )
    with refused(complaint, "belongs to another procedure: hand it over"):
        stage1.start_stage1(complaint, by=p.officer)

    intake.hand_over(complaint, by=p.officer)
    assert complaint.status == Status.HANDLED_ELSEWHERE
    assert complaint.due_on is None


def test_rule_01_only_other_procedure_complaints_are_handed_over(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    _classify_statutory(complaint, p.officer)
    with refused(complaint, "Only a complaint classified under another procedure"):
        intake.hand_over(complaint, by=p.officer)


# Rule 2: statutory only for an eligible complainant, with a specified function.


def test_rule_02_statutory_needs_an_eligible_complainant(p: Personas) -> None:
    complaint = create_complaint(p.officer, relationship=Relationship.OTHER)
    _classify_statutory(complaint, p.officer)
    with refused(complaint, "Sam Rivers is not in a category entitled to complain"):
        stage1.start_stage1(complaint, by=p.officer)

    intake.record_sufficient_interest(
        complaint,
        by=p.officer,
        complainant=_complainant(complaint),
        decided_on=date(2026, 3, 4),
        has_interest=True,
        child_views_sought=True,
        child_views_considered=True,
        child_notified=True,
    )
    stage1.start_stage1(complaint, by=p.officer)
    assert complaint.status == Status.STAGE1_OPEN


def test_rule_02_no_sufficient_interest_keeps_the_statutory_route_closed(p: Personas) -> None:
    complaint = create_complaint(p.officer, relationship=Relationship.OTHER)
    _classify_statutory(complaint, p.officer)
    intake.record_sufficient_interest(
        complaint,
        by=p.officer,
        complainant=_complainant(complaint),
        decided_on=date(2026, 3, 4),
        has_interest=False,
        child_views_sought=True,
        child_views_considered=True,
        child_notified=False,
        letter_sent_on=date(2026, 3, 5),
    )
    with refused(complaint, "record a 'sufficient interest' decision first"):
        stage1.start_stage1(complaint, by=p.officer)


def test_rule_02_statutory_needs_a_specified_function(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    with refused(complaint, "Say which Children Act function the complaint is about"):
        intake.classify(complaint, by=p.officer, route=Route.STATUTORY, reason="Parent")
    with refused(complaint, "Choose a Children Act function from the list"):
        intake.classify(
            complaint,
            by=p.officer,
            route=Route.STATUTORY,
            reason="Parent",
            specified_function="housing",
        )

    _classify_statutory(complaint, p.officer)
    assert Complaint.objects.get(pk=complaint.pk).specified_function == SpecifiedFunction.PART_3


def test_rule_02_corporate_needs_no_specified_function(p: Personas) -> None:
    complaint = create_complaint(p.officer, relationship=Relationship.OTHER)
    intake.classify(complaint, by=p.officer, route=Route.CORPORATE, reason="Council tax")
    stage1.start_stage1(complaint, by=p.officer)
    assert complaint.status == Status.STAGE1_OPEN


# Rule 3: the 'sufficient interest' decision and its letter.


def test_rule_03_sufficient_interest_decision_stores_each_fact(p: Personas) -> None:
    complaint = create_complaint(p.officer, relationship=Relationship.OTHER)
    intake.record_sufficient_interest(
        complaint,
        by=p.manager,
        complainant=_complainant(complaint),
        decided_on=date(2026, 3, 4),
        has_interest=True,
        child_views_sought=True,
        child_views_considered=False,
        child_notified=True,
    )
    person = _complainant(complaint)
    assert person.sufficient_interest is True
    assert person.sufficient_interest_decided_on == date(2026, 3, 4)
    assert person.sufficient_interest_child_views_sought is True
    assert person.sufficient_interest_child_views_considered is False
    assert person.sufficient_interest_child_notified is True
    assert person.sufficient_interest_decided_by == p.manager
    assert last_event(complaint).details == {"complainant": person.pk, "has_interest": True}


def test_rule_03_a_no_decision_needs_its_letter(p: Personas) -> None:
    complaint = create_complaint(p.officer, relationship=Relationship.OTHER)
    decision: dict[str, Any] = {
        "by": p.officer,
        "complainant": _complainant(complaint),
        "decided_on": date(2026, 3, 4),
        "has_interest": False,
        "child_views_sought": False,
        "child_views_considered": False,
        "child_notified": False,
    }
    with refused(complaint, "A 'no' decision must be sent to the person"):
        intake.record_sufficient_interest(complaint, **decision)

    intake.record_sufficient_interest(
        complaint,
        **decision,
        letter_sent_on=date(2026, 3, 5),
    )
    person = _complainant(complaint)
    assert person.sufficient_interest is False
    assert person.sufficient_interest_letter_on == date(2026, 3, 5)


def test_rule_03_decision_is_about_a_complainant_on_this_complaint(p: Personas) -> None:
    complaint = create_complaint(p.officer, relationship=Relationship.OTHER)
    elsewhere = create_complaint(p.officer, relationship=Relationship.OTHER)
    with refused(complaint, "That person is not a complainant on this complaint"):
        intake.record_sufficient_interest(
            complaint,
            by=p.officer,
            complainant=_complainant(elsewhere),
            decided_on=date(2026, 3, 4),
            has_interest=True,
            child_views_sought=True,
            child_views_considered=True,
            child_notified=True,
        )


# Rule 4: the child's consent is never a precondition for someone entitled in their own right.


@pytest.mark.parametrize("relationship", sorted(ENTITLED_IN_OWN_RIGHT))
def test_rule_04_entitled_complainant_is_never_blocked_for_child_consent(
    p: Personas, relationship: str
) -> None:
    complaint = create_complaint(p.officer, relationship=relationship)
    Complainant.objects.filter(complaint=complaint).update(
        child_views="Alex does not want this complaint made", child_agrees=False
    )
    _classify_statutory(complaint, p.officer)
    # A child or care leaver complaining is offered an advocate first (rule 7), never asked
    # for anyone's consent.
    intake.record_advocacy(
        complaint, by=p.officer, offered_on=date(2026, 3, 3), response="declined"
    )
    stage1.start_stage1(complaint, by=p.officer)
    assert complaint.status == Status.STAGE1_OPEN


def test_rule_04_entitled_complainant_needs_no_interest_decision(p: Personas) -> None:
    complaint = create_complaint(p.officer, relationship=Relationship.FOSTER_CARER)
    with refused(complaint, "is entitled to complain in their own right: no decision is needed"):
        intake.record_sufficient_interest(
            complaint,
            by=p.officer,
            complainant=_complainant(complaint),
            decided_on=date(2026, 3, 4),
            has_interest=False,
            child_views_sought=True,
            child_views_considered=True,
            child_notified=True,
            letter_sent_on=date(2026, 3, 5),
        )


# Rule 5: more than 12 months old needs a recorded decision covering both questions.


def test_rule_05_twelve_months_to_the_day_is_in_time(p: Personas) -> None:
    complaint = create_complaint(
        p.officer, received_on=FRI_19_DEC_2025, earliest_event_on=date(2024, 12, 19)
    )
    with refused(complaint, "within the 12-month time limit: no decision is needed"):
        intake.decide_out_of_time(
            complaint,
            by=p.officer,
            decision="accepted",
            why_not_earlier="x",
            fair_consideration="y",
        )
    _classify_statutory(complaint, p.officer)
    stage1.start_stage1(complaint, by=p.officer)
    assert complaint.status == Status.STAGE1_OPEN


def test_rule_05_out_of_time_needs_a_decision_before_stage1(p: Personas) -> None:
    complaint = create_complaint(
        p.officer, received_on=FRI_19_DEC_2025, earliest_event_on=date(2024, 12, 18)
    )
    assert CaseEvent.objects.get(complaint_id=complaint.pk).details == {
        "out_of_time": True,
        "handler": "Officer Tester",
    }
    _classify_statutory(complaint, p.officer)
    with refused(complaint, "about events more than 12 months ago: record a decision first"):
        stage1.start_stage1(complaint, by=p.officer)

    intake.decide_out_of_time(
        complaint,
        by=p.manager,
        decision="accepted",
        why_not_earlier="The complainant was in hospital for most of 2025.",
        fair_consideration="The records and the social worker are still available.",
    )
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.out_of_time_decided_by == p.manager
    assert complaint.out_of_time_decided_on == timezone.localdate()
    stage1.start_stage1(complaint, by=p.officer)
    assert complaint.status == Status.STAGE1_OPEN


@pytest.mark.parametrize("decision", ["accepted", "refused"])
@pytest.mark.parametrize(
    ("why", "fair", "message"),
    [
        ("", "Records survive", "Say why the complaint was not made earlier"),
        ("In hospital", " ", "Say whether it can still be considered fairly and effectively"),
    ],
)
def test_rule_05_decision_needs_both_reasons_whichever_way_it_goes(
    p: Personas, decision: str, why: str, fair: str, message: str
) -> None:
    complaint = create_complaint(
        p.officer, received_on=FRI_19_DEC_2025, earliest_event_on=date(2023, 6, 1)
    )
    with refused(complaint, message):
        intake.decide_out_of_time(
            complaint, by=p.officer, decision=decision, why_not_earlier=why, fair_consideration=fair
        )
    intake.decide_out_of_time(
        complaint,
        by=p.officer,
        decision=decision,
        why_not_earlier="In hospital",
        fair_consideration="Records survive",
    )
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.out_of_time_decision, stored.out_of_time_why_not_earlier) == (
        decision,
        "In hospital",
    )
    assert stored.out_of_time_fair_consideration == "Records survive"


def test_rule_05_decision_is_consider_or_refuse(p: Personas) -> None:
    complaint = create_complaint(p.officer, earliest_event_on=date(2023, 6, 1))
    with refused(complaint, "Decide whether to consider the complaint or refuse it"):
        intake.decide_out_of_time(
            complaint, by=p.officer, decision="maybe", why_not_earlier="x", fair_consideration="y"
        )


def test_rule_05_refused_as_out_of_time_never_starts_stage1(p: Personas) -> None:
    complaint = create_complaint(
        p.officer, received_on=FRI_19_DEC_2025, earliest_event_on=date(2023, 6, 1)
    )
    _classify_statutory(complaint, p.officer)
    intake.decide_out_of_time(
        complaint,
        by=p.manager,
        decision="refused",
        why_not_earlier="No reason given.",
        fair_consideration="The staff involved have left and the records are incomplete.",
    )
    # The refusal ends the complaint (issue 8): Stage 1 is not even on offer any more.
    with refused(complaint, "while the complaint is 'refused: made more than 12 months later'"):
        stage1.start_stage1(complaint, by=p.officer)


# Rule 6: deferral or exclusion because of proceedings.


def _deferral(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "proceedings": Proceedings.COURT,
        "proceedings_detail": "Care proceedings, Family Court case ZW25C00123",
        "parts_affected": "The complaint about the contact schedule",
        "reason": "The court is deciding contact; a complaint investigation would cut across it",
        "notice_sent_on": date(2026, 3, 5),
        "review_on": date(2026, 6, 1),
    }
    return fields | overrides


def test_rule_06_deferral_names_proceedings_parts_notice_and_review(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    deferral = intake.record_deferral(complaint, by=p.officer, **_deferral())

    stored = Deferral.objects.get(pk=deferral.pk)
    assert stored.proceedings == Proceedings.COURT
    assert stored.proceedings_detail == "Care proceedings, Family Court case ZW25C00123"
    assert stored.parts_affected == "The complaint about the contact schedule"
    assert stored.notice_sent_on == date(2026, 3, 5)
    assert stored.review_on == date(2026, 6, 1)
    assert stored.decided_by == p.officer
    assert "review on Monday 1 June 2026" in last_event(complaint).summary


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"proceedings": ""}, "Choose the kind of proceedings"),
        ({"proceedings_detail": " "}, "This must be filled in."),
        ({"parts_affected": ""}, "This must be filled in."),
        ({"reason": ""}, "This must be filled in."),
        ({"review_on": date(2026, 3, 5)}, "The review date must be after the notice was sent"),
    ],
)
def test_rule_06_deferral_without_each_part_is_refused(
    p: Personas, overrides: dict[str, Any], message: str
) -> None:
    complaint = create_complaint(p.officer)
    with refused(complaint, message):
        intake.record_deferral(complaint, by=p.officer, **_deferral(**overrides))


def test_rule_06_a_deferral_ends_once(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    deferral = intake.record_deferral(complaint, by=p.officer, **_deferral())
    intake.end_deferral(complaint, by=p.officer, deferral=deferral, ended_on=date(2026, 5, 20))
    deferral.refresh_from_db()
    assert deferral.ended_on == date(2026, 5, 20)
    with refused(complaint, "That deferral is not open on this complaint"):
        intake.end_deferral(complaint, by=p.officer, deferral=deferral, ended_on=date(2026, 5, 21))


# Rule 7: advocacy offered, when, the answer, and the advocate.


def test_rule_07_advocacy_offer_response_and_advocate_are_recorded(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    intake.record_advocacy(
        complaint,
        by=p.officer,
        offered_on=date(2026, 3, 3),
        response="accepted",
        advocate_name="Jordan Lee",
        advocate_organisation="Coram Voice",
        advocate_contact="jordan.lee@example.org",
    )
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.advocacy_offered_on == date(2026, 3, 3)
    assert stored.advocacy_response == "accepted"
    assert (stored.advocate_name, stored.advocate_organisation) == ("Jordan Lee", "Coram Voice")
    assert stored.advocate_contact == "jordan.lee@example.org"
    assert last_event(complaint).name == "complaint.record_advocacy"


def test_rule_07_an_accepted_offer_needs_the_advocate(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    with refused(complaint, "Give the advocate's name"):
        intake.record_advocacy(
            complaint, by=p.officer, offered_on=date(2026, 3, 3), response="accepted"
        )
    intake.record_advocacy(
        complaint, by=p.officer, offered_on=date(2026, 3, 3), response="awaiting"
    )
    assert Complaint.objects.get(pk=complaint.pk).advocacy_response == "awaiting"


def test_rule_07_the_response_and_date_must_be_real(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    with refused(complaint, "Choose the response to the offer of an advocate"):
        intake.record_advocacy(complaint, by=p.officer, offered_on=date(2026, 3, 3), response="")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with refused(complaint, "The date offered cannot be in the future"):
        intake.record_advocacy(complaint, by=p.officer, offered_on=tomorrow, response="declined")


@pytest.mark.parametrize(
    ("relationship", "looked_after"),
    [(Relationship.PARENT, True), (Relationship.CHILD, False), (Relationship.CARE_LEAVER, False)],
    ids=["about-a-looked-after-child", "from-a-child", "from-a-care-leaver"],
)
def test_rule_07_stage1_waits_for_the_advocacy_offer_when_a_child_is_involved(
    p: Personas, relationship: str, looked_after: bool
) -> None:
    complaint = create_complaint(p.officer, relationship=relationship, looked_after=looked_after)
    _classify_statutory(complaint, p.officer)
    with refused(complaint, "record the offer of an advocate first"):
        stage1.start_stage1(complaint, by=p.officer)
    intake.record_advocacy(
        complaint, by=p.officer, offered_on=date(2026, 3, 3), response="declined"
    )
    stage1.start_stage1(complaint, by=p.officer)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.STAGE1_OPEN


def test_rule_07_no_advocacy_offer_is_required_for_an_adult_about_a_child_in_need(
    p: Personas,
) -> None:
    complaint = create_complaint(p.officer, looked_after=False)
    _classify_statutory(complaint, p.officer)
    stage1.start_stage1(complaint, by=p.officer)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.STAGE1_OPEN


# Rule 12: the acknowledgement is a local target, reported apart from statutory timescales.


def test_rule_12_acknowledgement_target_defaults_to_2_working_days(p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    assert complaint.acknowledgement_due_on == date(2025, 12, 23)
    # The local target is not a statutory timescale; the lists show it under its own name
    # (decision 018), so it is never mistaken for a statutory date.
    assert rule("acknowledgement").statutory is False
    assert (complaint.due_on, complaint.due_label) == (date(2025, 12, 23), "Acknowledgement")


def test_rule_12_acknowledgement_target_is_a_local_setting(
    p: Personas, settings: SettingsWrapper
) -> None:
    settings.ACKNOWLEDGEMENT_WORKING_DAYS = 5
    complaint = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    assert complaint.acknowledgement_due_on == date(2025, 12, 30)  # over Christmas


def test_rule_12_acknowledgement_is_reported_against_the_target(p: Personas) -> None:
    on_time = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    intake.acknowledge(on_time, by=p.officer, acknowledged_on=date(2025, 12, 23))
    assert last_event(on_time).details == {"late": False}
    assert Complaint.objects.get(pk=on_time.pk).acknowledged_on == date(2025, 12, 23)

    late = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    intake.acknowledge(late, by=p.officer, acknowledged_on=date(2025, 12, 24))
    assert last_event(late).details == {"late": True}
    assert "(after the local target)" in last_event(late).summary


def test_rule_12_acknowledgement_date_must_be_possible(p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    with refused(complaint, "The acknowledgement cannot be before the complaint was received"):
        intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2025, 12, 18))
    with refused(complaint, "The date cannot be in the future"):
        intake.acknowledge(
            complaint, by=p.officer, acknowledged_on=timezone.localdate() + timedelta(days=1)
        )
    with not_allowed(complaint):
        intake.acknowledge(complaint, by=p.responder, acknowledged_on=date(2025, 12, 22))


# Rule 1 starts with the contact itself: recorded by complaints staff, dated up to today.


def test_rule_01_contacts_are_recorded_by_complaints_staff_up_to_today(p: Personas) -> None:
    def record(received_on: date, people: list[intake.NewComplainant], by: User) -> None:
        intake.record_complaint(
            by=by,
            received_on=received_on,
            channel="phone",
            summary="A complaint",
            complainants=people,
            children=[],
        )

    sam = [intake.NewComplainant(name="Sam Rivers", relationship=Relationship.PARENT)]
    with pytest.raises(Refused, match="The date received cannot be in the future"):
        record(timezone.localdate() + timedelta(days=1), sam, p.officer)
    with pytest.raises(Refused, match="Add at least one complainant"):
        record(FRI_19_DEC_2025, [], p.officer)
    with pytest.raises(NotAllowed, match="Only the complaints team records new complaints"):
        record(FRI_19_DEC_2025, sam, p.responder)
    assert not Complaint.objects.exists()
    assert not CaseEvent.objects.exists()

    record(FRI_19_DEC_2025, sam, p.officer)
    assert Complaint.objects.get().reference == f"C-2025-{Complaint.objects.get().pk:05d}"
