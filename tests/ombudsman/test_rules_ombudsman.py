"""Domain rule 39 (docs/domain.md section 9) and section 6: the Ombudsman.

Any remedy the Ombudsman orders (apology, payment, completing a stage, service improvement) is
tracked as an action with the Ombudsman's deadline. The complainant can go to the Ombudsman at
any point, so an enquiry can be recorded whatever the complaint's status, even closed or
archived, and recording one on an archived complaint brings it back out of the archive.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from heard.complaints.actions import intake
from heard.complaints.models import Complaint
from heard.complaints.models.choices import Status
from heard.decisions import actions as decisions
from heard.decisions import tracking
from heard.decisions.models import Action
from heard.ombudsman import actions as ombudsman
from heard.ombudsman.models import OmbudsmanCase, Remedy
from tests.complaints.helpers import (
    adjudicated,
    last_event,
    not_allowed,
    refused,
    stage2_investigating,
)
from tests.personas import (
    Personas,
    create_complaint,
    create_personas,
    create_stage1_complaint,
)

pytestmark = pytest.mark.django_db

RECEIVED_ON = date(2026, 1, 12)
REPLY_DUE_ON = date(2026, 2, 9)
COMPLY_BY = date(2026, 4, 10)
# The Ombudsman cannot write about a complaint before the council received it (decision 019).
COMPLAINT_RECEIVED_ON = date(2025, 12, 1)


@pytest.fixture
def p() -> Personas:
    return create_personas()


def enquiry(
    complaint: Complaint, p: Personas, reference: str = "25 012 345", **changes: object
) -> OmbudsmanCase:
    answers: dict[str, object] = {
        "reference": reference,
        "kind": OmbudsmanCase.Kind.INVESTIGATION,
        "received_on": RECEIVED_ON,
        "reply_due_on": REPLY_DUE_ON,
        **changes,
    }
    return ombudsman.record_ombudsman_case(complaint, by=p.officer, **answers)  # type: ignore[arg-type]


def remedy(complaint: Complaint, p: Personas, case: OmbudsmanCase, **changes: object) -> Remedy:
    answers: dict[str, object] = {
        "kind": Remedy.Kind.APOLOGY,
        "description": "Apologise in writing for the delay at Stage 2",
        "compliance_due_on": COMPLY_BY,
        "owner": "Head of Service, Children in Care",
        **changes,
    }
    return ombudsman.add_remedy(complaint, by=p.officer, case=case, **answers)  # type: ignore[arg-type]


def closed(p: Personas) -> Complaint:
    complaint = create_stage1_complaint(p.manager, received_on=COMPLAINT_RECEIVED_ON)
    intake.close(complaint, by=p.manager, reason="Withdrawn by the complainant")
    return complaint


def stage2_complete(p: Personas) -> Complaint:
    complaint = adjudicated(p)
    decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=date(2025, 10, 24))
    return complaint


def archived(p: Personas) -> Complaint:
    """Stage 2 complete, its one action done and signed off, and archived."""
    complaint = stage2_complete(p)
    action = tracking.complete_action(
        complaint,
        by=p.officer,
        action=Action.objects.get(complaint=complaint),
        evidence="Letter sent",
        completed_on=date(2025, 11, 10),
    )
    tracking.sign_off_action(complaint, by=p.manager, action=action)
    tracking.archive(complaint, by=p.manager)
    assert complaint.archived_on is not None
    return complaint


# -- the enquiry or investigation, in any status ---------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda p: create_complaint(p.officer, received_on=COMPLAINT_RECEIVED_ON),
        lambda p: create_stage1_complaint(p.manager, received_on=COMPLAINT_RECEIVED_ON),
        stage2_investigating,
        stage2_complete,
        closed,
    ],
    ids=["intake", "stage1_open", "stage2_investigation", "stage2_complete", "closed"],
)
def test_rule_39_an_ombudsman_case_can_be_recorded_in_any_status(p: Personas, build) -> None:  # type: ignore[no-untyped-def]
    complaint = build(p)
    status = complaint.status
    case = enquiry(complaint, p, replied_on=date(2026, 2, 2))
    complaint.refresh_from_db()
    assert complaint.status == status  # it records, it does not move the complaint on
    assert (case.reference, case.kind, case.received_on, case.reply_due_on, case.replied_on) == (
        "25 012 345",
        "investigation",
        RECEIVED_ON,
        REPLY_DUE_ON,
        date(2026, 2, 2),
    )
    assert case.recorded_by == p.officer
    event = last_event(complaint)
    assert event.name == "complaint.record_ombudsman_case"
    assert event.summary == (
        "Ombudsman investigation 25 012 345 received on Monday 12 January 2026; reply due "
        "Monday 9 February 2026"
    )


def test_rule_39_an_ombudsman_case_brings_an_archived_complaint_back(p: Personas) -> None:
    complaint = archived(p)
    assert complaint.status == Status.STAGE2_COMPLETE
    enquiry(complaint, p)
    complaint.refresh_from_db()
    assert complaint.archived_on is None
    assert last_event(complaint).details["unarchived"] is True


def test_rule_39_an_ombudsman_reference_is_recorded_once(p: Personas) -> None:
    first = create_stage1_complaint(p.manager, received_on=COMPLAINT_RECEIVED_ON)
    enquiry(first, p, reference="25 012 345")
    second = create_stage1_complaint(p.manager, received_on=COMPLAINT_RECEIVED_ON)
    message = f"Ombudsman case 25 012 345 is already recorded, on complaint {first.reference}."
    with refused(second, message):
        enquiry(second, p, reference="  25  012 345 ")
    with refused(first, message):
        enquiry(first, p, reference="25 012 345")
    with refused(first, "Enter the Ombudsman's reference."):
        enquiry(first, p, reference="   ")


def test_rule_39_an_ombudsman_case_has_possible_dates(p: Personas) -> None:
    complaint = create_stage1_complaint(p.manager, received_on=COMPLAINT_RECEIVED_ON)
    with refused(complaint, "The reply cannot be due before the Ombudsman wrote"):
        enquiry(complaint, p, reply_due_on=RECEIVED_ON - timedelta(days=1))
    with refused(complaint, "cannot be in the future"):
        enquiry(complaint, p, received_on=timezone.localdate() + timedelta(days=1))
    with refused(complaint, "The council cannot have replied before it heard"):
        enquiry(complaint, p, replied_on=RECEIVED_ON - timedelta(days=1))
    with refused(complaint, "Choose whether it is an enquiry or an investigation."):
        enquiry(complaint, p, kind="complaint")


def test_rule_39_only_complaints_staff_record_the_ombudsman(p: Personas) -> None:
    complaint = stage2_investigating(p)
    with not_allowed(complaint):
        ombudsman.record_ombudsman_case(
            complaint,
            by=p.io,
            reference="25 012 345",
            kind="enquiry",
            received_on=RECEIVED_ON,
            reply_due_on=REPLY_DUE_ON,
        )


# -- the decision, as it happens ------------------------------------------------------------


def test_rule_39_the_reply_and_decisions_are_recorded_as_they_happen(p: Personas) -> None:
    complaint = closed(p)
    case = enquiry(complaint, p)
    ombudsman.record_ombudsman_decision(
        complaint, by=p.officer, case=case, replied_on=date(2026, 2, 6)
    )
    ombudsman.record_ombudsman_decision(
        complaint, by=p.officer, case=case, draft_decision_on=date(2026, 3, 2)
    )
    ombudsman.record_ombudsman_decision(
        complaint,
        by=p.officer,
        case=case,
        final_decision_on=date(2026, 3, 30),
        fault_found=True,
        summary="Delay at Stage 2 was fault.",
    )
    case.refresh_from_db()
    assert case.replied_on == date(2026, 2, 6)  # kept from the first time
    assert case.draft_decision_on == date(2026, 3, 2)
    assert case.final_decision_on == date(2026, 3, 30)
    assert case.fault_found is True
    assert case.decision_summary == "Delay at Stage 2 was fault."
    assert last_event(complaint).summary == (
        "Ombudsman case 25 012 345: final decision Monday 30 March 2026; fault found"
    )


def test_rule_39_a_decision_needs_possible_dates_and_a_finding(p: Personas) -> None:
    complaint = create_stage1_complaint(p.manager, received_on=COMPLAINT_RECEIVED_ON)
    case = enquiry(complaint, p)
    with refused(complaint, "Enter at least one date, or the Ombudsman's decision."):
        ombudsman.record_ombudsman_decision(complaint, by=p.officer, case=case)
    ombudsman.record_ombudsman_decision(
        complaint, by=p.officer, case=case, draft_decision_on=date(2026, 3, 2)
    )
    with refused(complaint, "The final decision cannot come before the draft decision"):
        ombudsman.record_ombudsman_decision(
            complaint,
            by=p.officer,
            case=case,
            final_decision_on=date(2026, 3, 1),
            fault_found=False,
        )
    with refused(complaint, "Say whether the Ombudsman found fault."):
        ombudsman.record_ombudsman_decision(
            complaint, by=p.officer, case=case, final_decision_on=date(2026, 3, 30)
        )
    with refused(complaint, "cannot be before the Ombudsman first wrote"):
        ombudsman.record_ombudsman_decision(
            complaint, by=p.officer, case=case, replied_on=date(2026, 1, 1)
        )
    other = create_stage1_complaint(p.manager, received_on=COMPLAINT_RECEIVED_ON)
    with refused(complaint, "That Ombudsman case is not on this complaint."):
        ombudsman.record_ombudsman_decision(
            complaint, by=p.officer, case=enquiry(other, p, "25 099 999"), replied_on=RECEIVED_ON
        )


# -- remedies are tracked as actions --------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "amount"),
    [
        (Remedy.Kind.APOLOGY, None),
        (Remedy.Kind.PAYMENT, Decimal("250.00")),
        (Remedy.Kind.COMPLETE_STAGE, None),
        (Remedy.Kind.SERVICE_IMPROVEMENT, None),
        (Remedy.Kind.OTHER, None),
    ],
)
def test_rule_39_each_remedy_becomes_an_action_due_on_the_ombudsmans_date(
    p: Personas, kind: str, amount: Decimal | None
) -> None:
    complaint = closed(p)
    case = enquiry(complaint, p)
    made = remedy(complaint, p, case, kind=kind, amount=amount, description="Do what was asked")
    action = made.action
    assert (made.kind, made.amount, made.compliance_due_on, made.case) == (
        kind,
        amount,
        COMPLY_BY,
        case,
    )
    assert action.complaint == complaint and action.recommendation is None
    assert (action.description, action.owner, action.due_on, action.state) == (
        "Do what was asked",
        "Head of Service, Children in Care",
        COMPLY_BY,
        Action.State.OPEN,
    )
    assert last_event(complaint).details["action"] == action.pk
    # Tracked like any action: it blocks archiving until it is done and signed off.
    with refused(complaint, "cannot be archived: 1 agreed action is not yet signed off"):
        tracking.archive(complaint, by=p.manager)
    assert tracking.is_overdue(action, COMPLY_BY + timedelta(days=1))


def test_rule_39_a_payment_needs_an_amount_above_nothing(p: Personas) -> None:
    complaint = closed(p)
    case = enquiry(complaint, p)
    with refused(complaint, "Enter the amount the Ombudsman asked the council to pay."):
        remedy(complaint, p, case, kind=Remedy.Kind.PAYMENT, amount=None)
    with refused(complaint, "The amount must be more than £0."):
        remedy(complaint, p, case, kind=Remedy.Kind.PAYMENT, amount=Decimal("0"))
    with refused(complaint, "Enter the amount in pounds and pence"):
        remedy(complaint, p, case, kind=Remedy.Kind.PAYMENT, amount=Decimal("10.005"))
    paid = remedy(complaint, p, case, kind=Remedy.Kind.PAYMENT, amount=Decimal("500"))
    assert paid.amount == Decimal("500")
    assert "Payment of £500.00" in last_event(complaint).summary


def test_rule_39_an_amount_given_with_another_remedy_is_dropped(p: Personas) -> None:
    complaint = closed(p)
    made = remedy(complaint, p, enquiry(complaint, p), amount=Decimal("100"))
    made.refresh_from_db()
    assert made.kind == Remedy.Kind.APOLOGY and made.amount is None


def test_rule_39_a_remedy_needs_what_who_and_a_possible_date(p: Personas) -> None:
    complaint = closed(p)
    case = enquiry(complaint, p)
    with refused(complaint, "Describe the remedy."):
        remedy(complaint, p, case, description=" ")
    with refused(complaint, "Enter who will make sure it is done."):
        remedy(complaint, p, case, owner="")
    with refused(complaint, "Choose what the Ombudsman asked the council to do."):
        remedy(complaint, p, case, kind="refund")
    with refused(complaint, "cannot be before it first wrote"):
        remedy(complaint, p, case, compliance_due_on=RECEIVED_ON - timedelta(days=1))
    other = closed(p)
    with refused(complaint, "That Ombudsman case is not on this complaint."):
        remedy(complaint, p, enquiry(other, p, "25 099 999"))
    with not_allowed(complaint):
        ombudsman.add_remedy(
            complaint,
            by=p.outsider,
            case=case,
            kind="apology",
            description="Apologise",
            compliance_due_on=COMPLY_BY,
            owner="Head of Service",
        )


def test_rule_39_evidence_sent_to_the_ombudsman_is_recorded_after_the_remedy_is_done(
    p: Personas,
) -> None:
    complaint = closed(p)
    made = remedy(complaint, p, enquiry(complaint, p))
    with refused(complaint, "Record the remedy's action as done first"):
        ombudsman.record_remedy_evidence(
            complaint, by=p.officer, remedy=made, evidence_sent_on=date(2026, 4, 1)
        )
    tracking.complete_action(
        complaint,
        by=p.officer,
        action=made.action,
        evidence="Apology letter sent 30 March",
        completed_on=date(2026, 3, 30),
    )
    with refused(complaint, "The evidence cannot have been sent before the remedy was done"):
        ombudsman.record_remedy_evidence(
            complaint, by=p.officer, remedy=made, evidence_sent_on=date(2026, 3, 29)
        )
    with refused(complaint, "cannot be in the future"):
        ombudsman.record_remedy_evidence(
            complaint,
            by=p.officer,
            remedy=made,
            evidence_sent_on=timezone.localdate() + timedelta(days=1),
        )
    ombudsman.record_remedy_evidence(
        complaint, by=p.officer, remedy=made, evidence_sent_on=date(2026, 4, 1)
    )
    made.refresh_from_db()
    assert made.evidence_sent_on == date(2026, 4, 1)
    assert last_event(complaint).summary == (
        "Evidence of the apology remedy sent to the Ombudsman on Wednesday 1 April 2026 "
        "(25 012 345)"
    )


def test_rule_39_a_remedy_on_an_archived_complaint_brings_it_back_and_blocks_archiving(
    p: Personas,
) -> None:
    complaint = archived(p)
    case = enquiry(complaint, p)
    remedy(complaint, p, case)
    complaint.refresh_from_db()
    assert complaint.archived_on is None
    with refused(complaint, "cannot be archived: 1 agreed action is not yet signed off"):
        tracking.archive(complaint, by=p.manager)
