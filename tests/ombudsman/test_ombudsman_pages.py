"""The Ombudsman step pages and the case page's Ombudsman section (domain.md rule 39).

For each step: a valid answer by complaints staff changes the case and writes its event; a
bad answer shows the message beside the box and in the error summary and changes nothing; the
Investigating Officer, who sees the case, gets 403; an Investigating Officer not appointed
gets 404.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from heard.decisions import tracking
from heard.ombudsman import actions as ombudsman
from heard.ombudsman.models import OmbudsmanCase, Remedy
from tests.complaints.helpers import stage2_investigating
from tests.complaints.step_pages import (
    as_user,
    day,
    forbidden,
    get_step,
    hidden,
    page_text,
    submit_ok,
    submit_refused,
)
from tests.ombudsman.test_rules_ombudsman import (
    COMPLY_BY,
    RECEIVED_ON,
    REPLY_DUE_ON,
    archived,
    closed,
    enquiry,
    remedy,
)
from tests.personas import Personas, create_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def _case_answers(**changes: Any) -> dict[str, Any]:
    return {
        "reference": "25 012 345",
        "kind": "enquiry",
        **day("received_on", RECEIVED_ON),
        **day("reply_due_on", REPLY_DUE_ON),
        **changes,
    }


def test_record_an_ombudsman_case(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    page = page_text(get_step(client, p.officer, complaint, "record_ombudsman_case"))
    assert "even after the complaint is closed or archived" in page

    submit_refused(
        client,
        p.officer,
        complaint,
        "record_ombudsman_case",
        _case_answers(**day("reply_due_on", RECEIVED_ON - timedelta(days=3))),
        "The reply cannot be due before the Ombudsman wrote, on Monday 12 January 2026.",
        beside="id_reply_due_on",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_ombudsman_case",
        _case_answers(kind=""),
        "Choose whether it is an enquiry or an investigation",
        beside="id_kind",
    )
    forbidden(client, p.io, complaint, "record_ombudsman_case", _case_answers())
    hidden(client, p.other_io, complaint, "record_ombudsman_case", _case_answers())

    submit_ok(client, p.officer, complaint, "record_ombudsman_case", _case_answers())
    case = OmbudsmanCase.objects.get(complaint=complaint)
    assert (case.reference, case.kind, case.received_on, case.reply_due_on) == (
        "25 012 345",
        "enquiry",
        RECEIVED_ON,
        REPLY_DUE_ON,
    )

    submit_refused(
        client,
        p.officer,
        complaint,
        "record_ombudsman_case",
        _case_answers(reference="25 012 345"),
        f"Ombudsman case 25 012 345 is already recorded, on complaint {complaint.reference}.",
        beside="id_reference",
    )


def test_recording_an_ombudsman_case_brings_an_archived_complaint_back(
    client: Client, p: Personas
) -> None:
    complaint = archived(p)
    detail = page_text(
        as_user(client, p.manager).get(reverse("complaints:detail", args=[complaint.pk]))
    )
    assert "Archived on" in detail and "Record an Ombudsman enquiry or investigation" in detail
    submit_ok(client, p.officer, complaint, "record_ombudsman_case", _case_answers())
    complaint.refresh_from_db()
    assert complaint.archived_on is None


def test_record_the_ombudsmans_decision(client: Client, p: Personas) -> None:
    complaint = closed(p)
    empty = page_text(get_step(client, p.officer, complaint, "record_ombudsman_decision"))
    assert "There is no Ombudsman enquiry or investigation on this complaint yet" in empty

    case = enquiry(complaint, p)
    page = get_step(client, p.officer, complaint, "record_ombudsman_decision")
    assert "25 012 345 reply due Monday 9 February 2026" in page_text(page)
    assert f'value="{case.pk}" checked' in page.content.decode()  # the only case, chosen

    submit_refused(
        client,
        p.officer,
        complaint,
        "record_ombudsman_decision",
        {"case": case.pk, **day("final_decision_on", date(2026, 3, 30))},
        "Say whether the Ombudsman found fault.",
        beside="id_fault_found",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_ombudsman_decision",
        {"case": case.pk},
        "Enter at least one date, or the Ombudsman's decision.",
    )
    submit_ok(
        client,
        p.officer,
        complaint,
        "record_ombudsman_decision",
        {"case": case.pk, **day("replied_on", date(2026, 2, 6))},
    )
    submit_ok(
        client,
        p.officer,
        complaint,
        "record_ombudsman_decision",
        {
            "case": case.pk,
            **day("final_decision_on", date(2026, 3, 30)),
            "fault_found": "no",
            "summary": "The council acted properly.",
        },
    )
    case.refresh_from_db()
    assert case.replied_on == date(2026, 2, 6)
    assert case.final_decision_on == date(2026, 3, 30)
    assert case.fault_found is False
    assert case.decision_summary == "The council acted properly."


def _remedy_answers(case: OmbudsmanCase, **changes: Any) -> dict[str, Any]:
    return {
        "case": case.pk,
        "kind": "payment",
        "description": "A symbolic payment for the delay",
        "amount": "250",
        **day("compliance_due_on", COMPLY_BY),
        "owner": "Head of Service, Children in Care",
        **changes,
    }


def test_add_a_remedy(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    case = enquiry(complaint, p)
    submit_refused(
        client,
        p.officer,
        complaint,
        "add_remedy",
        _remedy_answers(case, amount=""),
        "Enter the amount the Ombudsman asked the council to pay.",
        beside="id_amount",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "add_remedy",
        _remedy_answers(case, amount="-5"),
        "The amount must be more than £0.",
        beside="id_amount",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "add_remedy",
        _remedy_answers(case, amount="ten pounds"),
        "Enter the amount in pounds and pence, like 250 or 250.50",
        beside="id_amount",
    )
    forbidden(client, p.io, complaint, "add_remedy", _remedy_answers(case))
    hidden(client, p.other_io, complaint, "add_remedy", _remedy_answers(case))

    submit_ok(client, p.officer, complaint, "add_remedy", _remedy_answers(case))
    made = Remedy.objects.get(case=case)
    assert (made.kind, made.amount, made.compliance_due_on) == (
        "payment",
        Decimal("250"),
        COMPLY_BY,
    )
    assert made.action.due_on == COMPLY_BY and made.action.owner.startswith("Head of Service")


def test_record_evidence_sent_to_the_ombudsman(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    made = remedy(complaint, p, enquiry(complaint, p))
    empty = page_text(get_step(client, p.officer, complaint, "record_remedy_evidence"))
    assert "No remedy on this complaint has been recorded as done yet" in empty

    tracking.complete_action(
        complaint,
        by=p.officer,
        action=made.action,
        evidence="Letter sent",
        completed_on=date(2026, 3, 30),
    )
    answers = {"remedy": made.pk, **day("evidence_sent_on", date(2026, 4, 1))}
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_remedy_evidence",
        {**answers, **day("evidence_sent_on", date(2026, 3, 20))},
        "The evidence cannot have been sent before the remedy was done, on Monday 30 March 2026.",
        beside="id_evidence_sent_on",
    )
    forbidden(client, p.io, complaint, "record_remedy_evidence", answers)
    hidden(client, p.other_io, complaint, "record_remedy_evidence", answers)
    submit_ok(client, p.officer, complaint, "record_remedy_evidence", answers)
    made.refresh_from_db()
    assert made.evidence_sent_on == date(2026, 4, 1)


def test_the_case_page_shows_each_ombudsman_case_and_its_remedies(
    client: Client, p: Personas
) -> None:
    complaint = closed(p)
    late = enquiry(complaint, p)  # reply due 9 February 2026, never replied: overdue
    paid = remedy(complaint, p, late, kind="payment", amount=Decimal("1250.5"))
    tracking.complete_action(
        complaint, by=p.officer, action=paid.action, evidence="Paid", completed_on=date(2026, 4, 1)
    )
    ombudsman.record_remedy_evidence(
        complaint, by=p.officer, remedy=paid, evidence_sent_on=date(2026, 4, 2)
    )
    remedy(complaint, p, late)  # an apology due 10 April 2026, not done: overdue
    answered = enquiry(
        complaint,
        p,
        "26 000 001",
        kind="enquiry",
        received_on=timezone.localdate() - timedelta(days=1),
        reply_due_on=timezone.localdate() + timedelta(days=20),
    )
    ombudsman.record_ombudsman_decision(
        complaint,
        by=p.officer,
        case=answered,
        replied_on=timezone.localdate(),
        fault_found=True,
        summary="Fault in the delay.",
    )
    response = as_user(client, p.officer).get(reverse("complaints:detail", args=[complaint.pk]))
    page = response.content.decode()
    assert page.count('id="ombudsman"') == 1
    section = page_text(response).split("Ombudsman Investigation", 1)[1].split("Appointments")[0]
    first, second = section.split("Enquiry (assessment) 26 000 001")
    assert first.startswith(" 25 012 345 Received 12 January 2026")
    assert "Council's reply due Monday 9 February 2026 Overdue Council replied Not yet" in first
    assert "Draft decision Not yet Final decision Not yet Fault found Not decided yet" in first
    remedies = first.split("Remedies the Ombudsman asked for")[1]
    assert (
        "Payment Apologise in writing for the delay at Stage 2 £1,250.50 10 Apr 2026 "
        "Done, awaiting sign-off 2 Apr 2026"
    ) in remedies
    assert (
        "Apology Apologise in writing for the delay at Stage 2 10 Apr 2026 Open Overdue Not yet"
    ) in remedies
    # Replied in time, so no overdue tag; the decision so far is shown.
    assert "Overdue" not in second
    assert f"Council replied {timezone.localdate():%-d %B %Y}" in second
    assert "Fault found Fault found Decision Fault in the delay." in second


def test_the_case_page_has_no_ombudsman_section_without_a_case(client: Client, p: Personas) -> None:
    complaint = closed(p)
    page = as_user(client, p.officer).get(reverse("complaints:detail", args=[complaint.pk]))
    assert 'id="ombudsman"' not in page.content.decode()
    assert 'id="agreed-actions"' not in page.content.decode()
