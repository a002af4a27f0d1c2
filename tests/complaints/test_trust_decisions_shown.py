"""Issue 8, point 1: every decision can be read back on the case page.

Each test makes one kind of decision through the real action, then opens the case page as the
Complaints Manager and reads the decision's card in the "Decisions" section: what was decided,
each reason under its question, who decided, who signed off (where someone must) and the date
of the letter. Where the case can move on, it is moved on first, so the test also proves the
decision stays on the page once the status has changed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from heard.complaints.actions import appointments, intake, stage1, stage2
from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole, Proceedings, Relationship, Route
from heard.decisions import stage3
from heard.investigations import actions as investigations
from heard.people.roles import StaffRole
from heard.timescales.dates import long_date
from tests.complaints.helpers import (
    stage2_accepted,
    stage2_investigating,
    stage2_requested,
    statement_agreed,
)
from tests.complaints.stage3_helpers import (
    appoint_panel,
    schedule,
    stage3_accepted,
    stage3_requested,
)
from tests.complaints.step_pages import as_user, text
from tests.personas import Personas, create_complaint, create_personas, create_user, put_on_roster

pytestmark = pytest.mark.django_db

TODAY_WORDS = "{:%-d %B %Y}"


@pytest.fixture
def p() -> Personas:
    return create_personas()


def decisions_section(client: Client, p: Personas, complaint: Complaint) -> str:
    """The "Decisions" section of the case page, as the Complaints Manager reads it."""
    response = as_user(client, p.manager).get(reverse("complaints:detail", args=[complaint.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    found = re.search(
        r'<h2 class="govuk-heading-m" id="decisions">Decisions</h2>(.*?)(<h2 |</main>)', page, re.S
    )
    assert found, "the case page has no Decisions section"
    return found.group(1)


def card(section: str, title: str) -> str:
    """The words of the one decision card whose title is ``title``."""
    cards = re.split(r'<div class="govuk-summary-card">', section)[1:]
    matching = [c for c in cards if re.search(rf">\s*{re.escape(title)}\s*</h3>", c)]
    assert len(matching) == 1, f"expected one card titled {title!r}, found {len(matching)}"
    return text(matching[0])


def today() -> str:
    return TODAY_WORDS.format(timezone.localdate())


def assert_read_back(
    shown: str,
    *,
    reasons: list[tuple[str, str]],
    decided_by: Any,
    decided_on: str,
    letter: str,
    signed_off_by: Any = None,
) -> None:
    for question, answer in reasons:
        assert f"{question} {answer}" in shown, (question, answer, shown)
    assert f"Decided by {decided_by} on {decided_on}" in shown, shown
    if signed_off_by is not None:
        assert f"Signed off by {signed_off_by}" in shown, shown
    else:
        assert "Signed off by" not in shown, shown
    assert f"Letter sent {letter}" in shown, shown


def test_the_stage2_refusal_is_read_back_with_its_reasons_sign_off_and_letter(
    client: Client, p: Personas
) -> None:
    complaint = stage2_requested(p)
    stage2.refuse_stage2(
        complaint,
        by=p.manager,
        reasons="The matters were decided by the court in 2024.",
        signed_off_by=p.senior,
        letter_sent_on=date(2025, 10, 3),
    )
    shown = card(decisions_section(client, p, complaint), "Stage 2 request refused")
    assert_read_back(
        shown,
        reasons=[("Why the request was refused", "The matters were decided by the court in 2024.")],
        decided_by=p.manager,
        decided_on=today(),
        signed_off_by=p.senior,
        letter="3 October 2025",
    )


@pytest.mark.parametrize(
    ("decision", "title"),
    [
        ("accepted", "Complaint made more than 12 months later: to be considered"),
        ("refused", "Complaint made more than 12 months later: refused"),
    ],
)
def test_the_out_of_time_decision_is_read_back_with_both_reasons(
    client: Client, p: Personas, decision: str, title: str
) -> None:
    complaint = create_complaint(
        p.officer, received_on=date(2025, 12, 19), earliest_event_on=date(2023, 6, 1)
    )
    intake.classify(
        complaint, by=p.officer, route=Route.STATUTORY, reason="Parent", specified_function="part3"
    )
    intake.decide_out_of_time(
        complaint,
        by=p.manager,
        decision=decision,
        why_not_earlier="The complainant was in hospital for most of 2024.",
        fair_consideration="The records and the social worker are still available.",
    )
    if decision == "accepted":
        stage1.start_stage1(complaint, by=p.officer)  # the decision outlives the status
    shown = card(decisions_section(client, p, complaint), title)
    assert_read_back(
        shown,
        reasons=[
            (
                "Why the complaint was not made earlier",
                "The complainant was in hospital for most of 2024.",
            ),
            (
                "Whether it can still be considered fairly and effectively",
                "The records and the social worker are still available.",
            ),
        ],
        decided_by=p.manager,
        decided_on=today(),
        letter="No letter recorded",
    )


def test_a_sufficient_interest_decision_is_read_back_with_the_childs_views_and_letter(
    client: Client, p: Personas
) -> None:
    complaint = create_complaint(p.officer, relationship=Relationship.OTHER)
    person = complaint.complainants.get()
    intake.record_sufficient_interest(
        complaint,
        by=p.officer,
        complainant=person,
        decided_on=date(2026, 3, 4),
        has_interest=False,
        child_views_sought=True,
        child_views_considered=True,
        child_notified=False,
        letter_sent_on=date(2026, 3, 5),
    )
    shown = card(
        decisions_section(client, p, complaint), "Sam Rivers does not have a sufficient interest"
    )
    assert_read_back(
        shown,
        reasons=[
            ("Were the child's views sought?", "Yes"),
            ("Were the child's views taken into account?", "Yes"),
            ("Was the child told of the decision?", "No"),
        ],
        decided_by=p.officer,
        decided_on="4 March 2026",
        letter="5 March 2026",
    )


def test_a_deferral_is_read_back_with_its_proceedings_parts_reason_review_and_notice(
    client: Client, p: Personas
) -> None:
    complaint = create_complaint(p.officer)
    intake.record_deferral(
        complaint,
        by=p.manager,
        proceedings=Proceedings.COURT,
        proceedings_detail="Family Court, case ZW26C00123",
        parts_affected="The contact arrangements",
        reason="The court is deciding contact; an investigation now would cut across it.",
        notice_sent_on=date(2026, 3, 6),
        review_on=date(2026, 6, 5),
    )
    shown = card(decisions_section(client, p, complaint), "Deferred because of proceedings")
    assert_read_back(
        shown,
        reasons=[
            ("Proceedings", "Court proceedings: Family Court, case ZW26C00123"),
            ("Parts of the complaint affected", "The contact arrangements"),
            (
                "Why",
                "The court is deciding contact; an investigation now would cut across it.",
            ),
            ("To be reviewed on", "5 June 2026"),
        ],
        decided_by=p.manager,
        decided_on=today(),
        letter="6 March 2026",
    )


@pytest.mark.parametrize("moved", [True, False])
def test_an_exceptional_point_is_read_back_with_its_reasons_and_the_timescale_review(
    client: Client, p: Personas, moved: bool
) -> None:
    complaint = statement_agreed(p)
    new_due_on = date(2025, 11, 14) if moved else None
    stage2.add_point_exceptionally(
        complaint,
        by=p.manager,
        text="Nobody told me about the review meeting",
        desired_outcomes="An apology",
        route=Route.STATUTORY,
        reasons="Raised for the first time at interview and closely linked to point 1.",
        new_due_on=new_due_on,
    )
    shown = card(
        decisions_section(client, p, complaint), "Point 3 added after the statement was agreed"
    )
    review = (
        "Due date moved from 31 October 2025 to 14 November 2025"
        if moved
        else "Due date unchanged: 31 October 2025"
    )
    assert_read_back(
        shown,
        reasons=[
            ("The point", "Nobody told me about the review meeting"),
            (
                "Exceptional reasons",
                "Raised for the first time at interview and closely linked to point 1.",
            ),
            ("Timescale review", review),
        ],
        decided_by=p.manager,
        decided_on=today(),
        letter="No letter recorded",
    )


def test_a_non_engagement_closure_is_read_back_with_its_reasons_and_letter(
    client: Client, p: Personas
) -> None:
    complaint = stage2_investigating(p)
    for made_on in (date(2025, 10, 1), date(2025, 10, 6)):
        investigations.record_contact_attempt(
            complaint, by=p.io, made_on=made_on, method="phone", outcome="unanswered"
        )
    stage2.close_for_non_engagement(
        complaint,
        by=p.manager,
        reasons="No reply to two calls and a letter.",
        letter_sent_on=date(2025, 10, 20),
    )
    shown = card(
        decisions_section(client, p, complaint), "Closed because the complainant did not engage"
    )
    assert_read_back(
        shown,
        reasons=[
            ("Why", "No reply to two calls and a letter."),
            ("Unanswered contact attempts", "2"),
        ],
        decided_by=p.manager,
        decided_on=today(),
        letter="20 October 2025",
    )


def test_a_late_stage2_request_decision_is_read_back(client: Client, p: Personas) -> None:
    late_reasons = "The complainant was in hospital when the window closed."
    complaint = create_complaint(p.officer, received_on=date(2025, 8, 29))
    intake.classify(
        complaint, by=p.officer, route=Route.STATUTORY, reason="Parent", specified_function="part3"
    )
    stage1.start_stage1(complaint, by=p.officer)
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2025, 9, 12), resolved=False, summary="Not upheld"
    )
    stage2.request_stage2(
        complaint,
        by=p.officer,
        requested_on=date(2025, 11, 3),
        channel="letter",
        late_reasons=late_reasons,
    )
    stage2.accept_stage2(complaint, by=p.manager, accepted_on=date(2025, 11, 4))
    shown = card(decisions_section(client, p, complaint), "Late Stage 2 request accepted")
    assert_read_back(
        shown,
        reasons=[
            ("Stage 2 should have been asked for by", "10 October 2025"),
            ("Request received", "3 November 2025"),
            ("Why it is accepted", late_reasons),
        ],
        decided_by=p.officer,
        decided_on=today(),
        letter="No letter recorded",
    )


def test_a_late_stage3_request_decision_is_read_back(client: Client, p: Personas) -> None:
    complaint = stage3_accepted(p, requested_on=date(2026, 4, 20), accepted_on=date(2026, 4, 21))
    shown = card(decisions_section(client, p, complaint), "Late Stage 3 request accepted")
    assert_read_back(
        shown,
        reasons=[
            ("Stage 3 should have been asked for by", "14 April 2026"),
            ("Request received", "20 April 2026"),
            ("Why it is accepted", "The complainant was in hospital."),
        ],
        decided_by=p.manager,
        decided_on="21 April 2026",
        letter="No letter recorded",
    )


def test_an_acknowledged_independence_warning_is_read_back(client: Client, p: Personas) -> None:
    left = timezone.localdate() - timedelta(days=2 * 365)
    former = put_on_roster(
        create_user(
            "former",
            StaffRole.INDEPENDENT_PERSON,
            is_council_member_or_officer=False,
            left_council_on=left,
        )
    )
    complaint = stage2_accepted(p)
    appointments.appoint(
        complaint,
        by=p.manager,
        person=former,
        role=AppointmentRole.INDEPENDENT_PERSON,
        conflict_declaration="Left the fostering team two years ago",
        attested_not_council=True,
        attested_not_spouse=True,
        former_staff_warning_acknowledged=True,
    )
    shown = card(
        decisions_section(client, p, complaint),
        f"{former} appointed as Independent Person despite a warning",
    )
    assert_read_back(
        shown,
        reasons=[
            ("Warning", f"{former} left the council on {long_date(left)}"),
            ("Conflict of interest declaration", "Left the fostering team two years ago"),
        ],
        decided_by=p.manager,
        decided_on=today(),
        letter="No letter recorded",
    )


def test_a_stage1_extension_is_read_back(client: Client, p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=date(2026, 3, 2))
    intake.classify(
        complaint, by=p.officer, route=Route.STATUTORY, reason="Parent", specified_function="part3"
    )
    stage1.start_stage1(complaint, by=p.officer)
    stage1.extend_stage1(
        complaint,
        by=p.officer,
        reason="complex",
        detail="Three teams are involved.",
        new_due_on=date(2026, 3, 27),
        letter_sent_on=date(2026, 3, 10),
    )
    shown = card(decisions_section(client, p, complaint), "Stage 1 extended")
    assert_read_back(
        shown,
        reasons=[
            ("Reason", "The complaint is complex"),
            ("Details", "Three teams are involved."),
            ("Due date", "Moved from 16 March 2026 to 27 March 2026"),
        ],
        decided_by=p.officer,
        decided_on=today(),
        letter="10 March 2026",
    )


def test_a_stage2_extension_is_read_back(client: Client, p: Personas) -> None:
    complaint = stage2_accepted(p)
    stage2.extend_stage2(
        complaint,
        by=p.manager,
        new_due_on=date(2025, 11, 28),
        reason="The IO needs to interview a foster carer abroad.",
        letter_sent_on=date(2025, 10, 24),
    )
    shown = card(decisions_section(client, p, complaint), "Stage 2 extended")
    assert_read_back(
        shown,
        reasons=[
            ("Reason", "The IO needs to interview a foster carer abroad."),
            ("Due date", "Moved from 31 October 2025 to 28 November 2025"),
        ],
        decided_by=p.manager,
        decided_on=today(),
        letter="24 October 2025",
    )


def test_a_stage3_delay_is_read_back_with_its_reason_and_letter(
    client: Client, p: Personas
) -> None:
    complaint = stage3_accepted(p)
    appoint_panel(complaint, p)
    schedule(
        complaint,
        p,
        date(2026, 5, 15),
        late_reason="The chair is ill.",
        letter_sent_on=date(2026, 5, 1),
    )
    shown = card(
        decisions_section(client, p, complaint),
        "Panel meeting later than 30 working days after the request",
    )
    assert_read_back(
        shown,
        reasons=[
            ("Due by", "14 May 2026"),
            ("Happened, or now planned for", "15 May 2026"),
            ("Reason for the delay", "The chair is ill."),
        ],
        decided_by=p.officer,
        decided_on=today(),
        letter="1 May 2026",
    )


def test_the_stage3_refusal_is_read_back_like_every_other_decision(
    client: Client, p: Personas
) -> None:
    complaint = stage3_requested(p)
    stage3.refuse_stage3(
        complaint,
        by=p.manager,
        reasons="Nothing remains that a panel could consider.",
        signed_off_by=p.senior,
        letter_sent_on=date(2026, 4, 2),
    )
    shown = card(decisions_section(client, p, complaint), "Stage 3 request refused")
    assert_read_back(
        shown,
        reasons=[("Why the request was refused", "Nothing remains that a panel could consider.")],
        decided_by=p.manager,
        decided_on=today(),
        signed_off_by=p.senior,
        letter="2 April 2026",
    )


def test_decisions_are_listed_in_the_order_they_were_made(client: Client, p: Personas) -> None:
    complaint = stage2_accepted(p)
    stage2.extend_stage2(
        complaint,
        by=p.manager,
        new_due_on=date(2025, 11, 28),
        reason="First",
        letter_sent_on=date(2025, 10, 24),
    )
    stage2.extend_stage2(
        complaint,
        by=p.manager,
        new_due_on=date(2025, 12, 12),
        reason="Second",
        letter_sent_on=date(2025, 11, 20),
    )
    section = text(decisions_section(client, p, complaint))
    assert section.index("Reason First") < section.index("Reason Second")


# -- decisions made before the Decision record existed (migration 0006) ---------------------


def _backfill() -> None:
    """Run the data migration's function on the current models, as ``migrate`` would."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("heard.complaints.migrations.0006_shown_backfill_decisions")
    migration.backfill(apps, None)


def test_decisions_recorded_before_this_change_are_copied_from_their_fields(
    client: Client, p: Personas
) -> None:
    from heard.complaints.models import Decision

    refused_s2 = stage2_requested(p)
    stage2.refuse_stage2(
        refused_s2,
        by=p.manager,
        reasons="Decided by the court in 2024.",
        signed_off_by=p.senior,
        letter_sent_on=date(2025, 10, 3),
    )
    refused_s3 = stage3_requested(p)
    stage3.refuse_stage3(
        refused_s3,
        by=p.manager,
        reasons="Nothing remains for a panel.",
        signed_off_by=p.senior,
        letter_sent_on=date(2026, 4, 2),
    )
    closed = create_complaint(p.officer)
    intake.close(closed, by=p.manager, reason="Withdrawn in writing.")
    Decision.objects.all().delete()  # as the database was before migration 0006
    _backfill()
    shown = card(decisions_section(client, p, refused_s2), "Stage 2 request refused")
    assert_read_back(
        shown,
        reasons=[("Why the request was refused", "Decided by the court in 2024.")],
        decided_by=p.manager,
        decided_on=today(),
        signed_off_by=p.senior,
        letter="3 October 2025",
    )
    shown = card(decisions_section(client, p, refused_s3), "Stage 3 request refused")
    assert "Signed off by Senior Tester" in shown and "Letter sent 2 April 2026" in shown
    assert "Why Withdrawn in writing." in card(
        decisions_section(client, p, closed), "Complaint closed"
    )
    before = Decision.objects.count()
    _backfill()
    assert Decision.objects.count() == before, "running it again must add nothing"


def test_an_old_out_of_time_refusal_is_moved_to_its_ending_status_with_its_decision(
    client: Client, p: Personas
) -> None:
    from heard.complaints.models import Decision
    from heard.complaints.models.choices import Status

    complaint = create_complaint(
        p.officer, received_on=date(2025, 12, 19), earliest_event_on=date(2023, 6, 1)
    )
    intake.decide_out_of_time(
        complaint,
        by=p.manager,
        decision="refused",
        why_not_earlier="No reason given.",
        fair_consideration="The staff involved have left.",
    )
    # Before this change the refusal left the complaint "being recorded", with no record.
    Decision.objects.all().delete()
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.INTAKE, closed_on=None)
    _backfill()
    complaint.refresh_from_db()
    assert complaint.status == Status.REFUSED_OUT_OF_TIME
    assert complaint.closed_on == timezone.localdate()
    shown = card(
        decisions_section(client, p, complaint),
        "Complaint made more than 12 months later: refused",
    )
    assert "Why the complaint was not made earlier No reason given." in shown
    assert f"Decided by {p.manager} on {today()}" in shown


def test_reopening_after_a_non_engagement_closure_is_read_back_beside_the_closure(
    client: Client, p: Personas
) -> None:
    complaint = stage2_investigating(p)
    for made_on in (date(2025, 10, 1), date(2025, 10, 6)):
        investigations.record_contact_attempt(
            complaint, by=p.io, made_on=made_on, method="phone", outcome="unanswered"
        )
    stage2.close_for_non_engagement(
        complaint, by=p.manager, reasons="No reply.", letter_sent_on=date(2025, 10, 20)
    )
    stage2.reopen(complaint, by=p.manager, reasons="She was in hospital and has now called.")
    section = decisions_section(client, p, complaint)
    assert "Why No reply." in card(section, "Closed because the complainant did not engage")
    assert_read_back(
        card(section, "Investigation reopened for exceptional reasons"),
        reasons=[("Exceptional reasons", "She was in hospital and has now called.")],
        decided_by=p.manager,
        decided_on=today(),
        letter="No letter recorded",
    )


def test_closing_a_complaint_is_read_back_with_the_reason(client: Client, p: Personas) -> None:
    complaint = create_complaint(p.officer)
    intake.close(complaint, by=p.manager, reason="Withdrawn by the complainant in writing.")
    assert_read_back(
        card(decisions_section(client, p, complaint), "Complaint closed"),
        reasons=[("Why", "Withdrawn by the complainant in writing.")],
        decided_by=p.manager,
        decided_on=today(),
        letter="No letter recorded",
    )
