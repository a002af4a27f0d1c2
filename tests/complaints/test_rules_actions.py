"""Domain rule 38 (docs/domain.md section 9): agreed actions from agreement to sign-off.

Every accepted recommendation or action (Stage 1, 2 or 3) has an owner, a due date and
evidence of completion; overdue actions escalate to the Complaints Manager; a complaint cannot
be archived while an accepted action is open. "Open" means not yet signed off: an action
recorded as done still waits for the Complaints Manager's check.

The Stage 2 complaint follows the domain reference's worked example (requested Friday
26 September 2025); its one accepted recommendation is due Friday 14 November 2025, so it is
overdue whenever these tests run.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.complaints.actions import intake, stage1
from heard.complaints.models import Complaint
from heard.complaints.models.choices import Status
from heard.decisions import actions as decisions
from heard.decisions import tracking
from heard.decisions.models import Action, Recommendation
from tests.complaints.helpers import (
    adjudicated,
    appoint_adjudicator,
    ip_reported,
    last_event,
    not_allowed,
    refused,
    report_final,
)
from tests.complaints.step_pages import as_user, page_text
from tests.personas import Personas, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db

DUE_14_NOV_2025 = date(2025, 11, 14)
LETTER_ON = date(2025, 10, 24)


@pytest.fixture
def p() -> Personas:
    return create_personas()


def stage2_complete(p: Personas) -> Complaint:
    """Stage 2 finished with one accepted recommendation: one open action, due 14 Nov 2025."""
    complaint = adjudicated(p)
    decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=LETTER_ON)
    assert complaint.status == Status.STAGE2_COMPLETE
    return complaint


def only_action(complaint: Complaint) -> Action:
    return Action.objects.get(complaint=complaint)


def done(complaint: Complaint, p: Personas, action: Action | None = None) -> Action:
    return tracking.complete_action(
        complaint,
        by=p.officer,
        action=action or only_action(complaint),
        evidence="Apology letter sent, copy on file",
        completed_on=date(2025, 11, 10),
    )


# -- where actions come from ----------------------------------------------------------------


def test_rule_38_accepted_stage2_recommendation_becomes_an_action_with_owner_and_due_date(
    p: Personas,
) -> None:
    complaint = adjudicated(p)
    recommendation = Recommendation.objects.get(complaint=complaint, stage=2)
    assert recommendation.accepted is True
    action = only_action(complaint)
    assert action.recommendation == recommendation
    assert action.owner == "Team manager, Children in Care"
    assert action.due_on == DUE_14_NOV_2025
    assert action.description == "Write to apologise"
    assert action.state == Action.State.OPEN and action.evidence == ""


def test_rule_38_a_rejected_recommendation_makes_no_action(p: Personas) -> None:
    complaint = report_final(p)
    ip_reported(complaint, p)
    appoint_adjudicator(complaint, p)
    answers = {
        "findings": [
            decisions.FindingDecision(point.number, True, "Agreed")
            for point in complaint.points.all()
        ],
        "recommendations": [decisions.RecommendationDecision(1, False, "Already done")],
    }
    decisions.adjudicate(complaint, by=p.adjudicator, **answers)
    assert not Action.objects.filter(complaint=complaint).exists()


def test_rule_38_an_action_agreed_at_stage1_is_an_accepted_recommendation_with_an_action(
    p: Personas,
) -> None:
    complaint = create_stage1_complaint(p.manager)
    first = tracking.agree_stage1_action(
        complaint,
        by=p.officer,
        text="  Reinstate the weekly contact sessions ",
        owner="Team manager, Children in Care",
        due_on=date(2026, 3, 20),
    )
    stage1.assign_responder(complaint, by=p.officer, responder=p.responder)
    stage1.record_stage1_response(
        complaint,
        by=p.responder,
        sent_on=date(2026, 3, 13),
        resolved=True,
        summary="Resolved",
        terms_of_resolution="Contact reinstated and an apology",
    )
    assert complaint.status == Status.STAGE1_RESPONDED
    later = {
        "text": "Apologise in writing",
        "owner": "Service manager",
        "due_on": date(2026, 3, 27),
    }
    # The responder's appointment ended with the response (ADR 022): the team records it.
    with not_allowed(complaint):
        tracking.agree_stage1_action(complaint, by=p.responder, **later)
    second = tracking.agree_stage1_action(complaint, by=p.officer, **later)
    recommendations = Recommendation.objects.filter(complaint=complaint).order_by("number")
    assert [(r.stage, r.number, r.accepted, r.decided_by) for r in recommendations] == [
        (1, 1, True, p.officer),
        (1, 2, True, p.officer),
    ]
    assert first.recommendation.text == "Reinstate the weekly contact sessions"
    assert (first.description, first.owner, first.due_on, first.state) == (
        "Reinstate the weekly contact sessions",
        "Team manager, Children in Care",
        date(2026, 3, 20),
        Action.State.OPEN,
    )
    assert second.recommendation.number == 2
    event = last_event(complaint)
    assert event.name == "complaint.agree_stage1_action"
    assert (
        event.summary == "Stage 1 action agreed: Service manager to do it by Friday 27 March 2026"
    )


def test_rule_38_a_stage1_action_needs_what_who_and_a_possible_due_date(p: Personas) -> None:
    complaint = create_stage1_complaint(p.manager)
    good = {"text": "Apologise", "owner": "Service manager", "due_on": date(2026, 3, 20)}
    with refused(complaint, "Enter what the council has agreed to do."):
        tracking.agree_stage1_action(complaint, by=p.officer, **{**good, "text": "  "})
    with refused(complaint, "Enter who is responsible for doing it."):
        tracking.agree_stage1_action(complaint, by=p.officer, **{**good, "owner": ""})
    with refused(complaint, "The owner must be 200 characters or fewer."):
        tracking.agree_stage1_action(complaint, by=p.officer, **{**good, "owner": "x" * 201})
    with refused(complaint, "It cannot be due before the complaint was received"):
        tracking.agree_stage1_action(
            complaint, by=p.officer, **{**good, "due_on": date(2026, 3, 1)}
        )


def test_rule_38_stage1_actions_only_at_stage1_and_only_by_staff_or_the_responder(
    p: Personas,
) -> None:
    good = {"text": "Apologise", "owner": "Service manager", "due_on": date(2026, 3, 20)}
    complaint = create_stage1_complaint(p.manager)
    with not_allowed(complaint):
        tracking.agree_stage1_action(complaint, by=p.responder, **good)  # not yet assigned
    with not_allowed(complaint):
        tracking.agree_stage1_action(complaint, by=p.outsider, **good)
    later = stage2_complete(p)
    with refused(later, "while the complaint is 'stage 2 complete'"):
        tracking.agree_stage1_action(later, by=p.officer, **good)


# -- doing and signing off ------------------------------------------------------------------


def test_rule_38_an_action_is_done_only_with_evidence_and_a_real_date(p: Personas) -> None:
    complaint = stage2_complete(p)
    action = only_action(complaint)
    today = timezone.localdate()
    with refused(complaint, "Describe the evidence that it was done"):
        tracking.complete_action(
            complaint, by=p.officer, action=action, evidence=" ", completed_on=today
        )
    with refused(complaint, "The date it was done cannot be in the future."):
        tracking.complete_action(
            complaint,
            by=p.officer,
            action=action,
            evidence="Letter sent",
            completed_on=today + timedelta(days=1),
        )
    with refused(complaint, "It cannot have been done before the complaint was received"):
        tracking.complete_action(
            complaint,
            by=p.officer,
            action=action,
            evidence="Letter sent",
            completed_on=date(2025, 1, 1),
        )
    other = stage2_complete(p)
    with refused(complaint, "That action is not on this complaint."):
        tracking.complete_action(
            complaint,
            by=p.officer,
            action=only_action(other),
            evidence="Letter sent",
            completed_on=today,
        )
    with not_allowed(complaint):
        tracking.complete_action(
            complaint, by=p.io, action=action, evidence="Letter sent", completed_on=today
        )

    done(complaint, p)
    action.refresh_from_db()
    assert action.state == Action.State.DONE
    assert action.evidence == "Apology letter sent, copy on file"
    assert action.completed_on == date(2025, 11, 10)
    assert action.completed_recorded_by == p.officer
    assert action.is_open, "done is still open until it is signed off"
    assert last_event(complaint).summary == (
        "Action done on Monday 10 November 2025: Write to apologise"
    )
    with refused(complaint, "That action is already recorded as done."):
        done(complaint, p, action)


def test_rule_38_an_action_done_late_says_so_in_the_timeline(p: Personas) -> None:
    complaint = stage2_complete(p)
    tracking.complete_action(
        complaint,
        by=p.officer,
        action=only_action(complaint),
        evidence="Letter sent",
        completed_on=date(2025, 11, 20),
    )
    event = last_event(complaint)
    assert "after its due date of Friday 14 November 2025" in event.summary
    assert event.details["late"] is True


def test_rule_38_the_complaints_manager_signs_off_only_a_done_action(p: Personas) -> None:
    complaint = stage2_complete(p)
    action = only_action(complaint)
    with refused(complaint, "record it as done with evidence first"):
        tracking.sign_off_action(complaint, by=p.manager, action=action)
    done(complaint, p)
    with not_allowed(complaint):
        tracking.sign_off_action(complaint, by=p.officer, action=action)
    tracking.sign_off_action(complaint, by=p.manager, action=action)
    action.refresh_from_db()
    assert action.state == Action.State.SIGNED_OFF
    assert action.signed_off_by == p.manager
    assert action.signed_off_on == timezone.localdate()
    assert action.completed_recorded_by == p.officer  # both people are kept
    assert not action.is_open
    event = last_event(complaint)
    assert event.name == "complaint.sign_off_action"
    assert event.details["same_person"] is False
    with refused(complaint, "That action has already been signed off."):
        tracking.sign_off_action(complaint, by=p.manager, action=action)
    with refused(complaint, "That action has already been signed off."):
        done(complaint, p, action)


def test_rule_38_a_manager_may_sign_off_what_they_recorded_and_the_event_says_so(
    p: Personas,
) -> None:
    complaint = stage2_complete(p)
    action = tracking.complete_action(
        complaint,
        by=p.manager,
        action=only_action(complaint),
        evidence="Letter sent",
        completed_on=date(2025, 11, 10),
    )
    tracking.sign_off_action(complaint, by=p.manager, action=action)
    assert last_event(complaint).details == {
        "action": action.pk,
        "completed_recorded_by": p.manager.pk,
        "signed_off_by": p.manager.pk,
        "same_person": True,
    }


# -- overdue actions escalate to the Complaints Manager -------------------------------------


def test_rule_38_overdue_is_open_and_past_its_due_date(p: Personas) -> None:
    complaint = stage2_complete(p)
    action = only_action(complaint)
    assert tracking.is_overdue(action, DUE_14_NOV_2025 + timedelta(days=1))
    assert not tracking.is_overdue(action, DUE_14_NOV_2025)
    assert tracking.action_counts(DUE_14_NOV_2025 + timedelta(days=1)) == {
        "overdue": 1,
        "awaiting_sign_off": 0,
    }
    done(complaint, p)
    assert not tracking.is_overdue(Action.objects.get(pk=action.pk), date(2030, 1, 1))
    assert tracking.action_counts(date(2030, 1, 1)) == {"overdue": 0, "awaiting_sign_off": 1}


def test_rule_38_overdue_actions_are_shown_to_the_complaints_manager(
    client: Client, p: Personas
) -> None:
    complaint = stage2_complete(p)
    manager = page_text(as_user(client, p.manager).get(reverse("home")))
    assert "Warning 1 agreed action is overdue. See the overdue action" in manager
    page = as_user(client, p.manager).get(reverse("home")).content.decode()
    assert f'href="{reverse("decisions:actions")}?state=overdue"' in page

    overdue = as_user(client, p.manager).get(reverse("decisions:actions"), {"state": "overdue"})
    words = page_text(overdue)
    assert complaint.reference in words and "Write to apologise" in words
    assert "Open Overdue" in words
    assert 'class="govuk-tag govuk-tag--red">Overdue' in overdue.content.decode()

    # Complaints officers see the list, but the escalation is to the Complaints Manager.
    officer = page_text(as_user(client, p.officer).get(reverse("home")))
    assert "action is overdue" not in officer and "See every agreed action" in officer

    done(complaint, p)
    after = page_text(as_user(client, p.manager).get(reverse("home")))
    assert "action is overdue" not in after
    assert "deadline that has passed" not in after  # nothing else runs on the case
    assert "1 action is done and waiting for your sign-off." in after


def test_rule_38_tick_reports_the_overdue_actions(
    p: Personas, capsys: pytest.CaptureFixture
) -> None:
    stage2_complete(p)
    stage2_complete(p)
    call_command("tick")
    lines = capsys.readouterr().out.splitlines()
    assert "tick: agreed actions overdue 2, awaiting sign-off 0" in lines


# -- archiving ------------------------------------------------------------------------------


def test_rule_38_cannot_archive_while_an_action_is_open(p: Personas) -> None:
    complaint = stage2_complete(p)
    with refused(complaint, "cannot be archived: 1 agreed action is not yet signed off"):
        tracking.archive(complaint, by=p.manager)


def test_rule_38_cannot_archive_while_a_done_action_is_not_signed_off(p: Personas) -> None:
    complaint = stage2_complete(p)
    done(complaint, p)
    with refused(complaint, "cannot be archived: 1 agreed action is not yet signed off"):
        tracking.archive(complaint, by=p.manager)


def test_rule_38_archive_once_every_action_is_signed_off(p: Personas) -> None:
    complaint = stage2_complete(p)
    action = done(complaint, p)
    tracking.sign_off_action(complaint, by=p.manager, action=action)
    with not_allowed(complaint):
        tracking.archive(complaint, by=p.officer)
    tracking.archive(complaint, by=p.manager)
    complaint.refresh_from_db()
    assert complaint.archived_on == timezone.localdate()
    assert complaint.status == Status.STAGE2_COMPLETE  # archiving keeps the status it ended in
    assert last_event(complaint).summary == "Archived: all 1 agreed action signed off"
    with refused(complaint, "The complaint is already archived."):
        tracking.archive(complaint, by=p.manager)


def test_rule_38_a_complaint_with_no_actions_archives_when_it_has_ended(p: Personas) -> None:
    complaint = create_stage1_complaint(p.manager)
    with refused(complaint, "while the complaint is 'stage 1 open'"):
        tracking.archive(complaint, by=p.manager)
    intake.close(complaint, by=p.manager, reason="Withdrawn by the complainant")
    tracking.archive(complaint, by=p.manager)
    complaint.refresh_from_db()
    assert complaint.archived_on == timezone.localdate()
    assert CaseEvent.objects.filter(complaint_id=complaint.pk, name="complaint.archive").exists()
