"""Agreed actions through the Django test client (domain.md rule 38): the step pages, the case
page's section, the list across complaints and the home page's warning.

For each step: a valid answer by the right person changes the case and writes its event; a
bad answer shows the message beside the box and in the error summary and changes nothing;
someone who sees the case but may not take the step gets 403; an Investigating Officer not
appointed gets 404.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.complaints.actions import stage1
from heard.complaints.models import Complaint
from heard.decisions import tracking
from heard.decisions.models import Action, Recommendation
from heard.ombudsman import actions as ombudsman
from tests.complaints.step_pages import (
    as_user,
    day,
    error_summary,
    forbidden,
    get_step,
    hidden,
    main_text,
    page_text,
    submit_ok,
    submit_refused,
    text,
)
from tests.complaints.test_rules_actions import done, only_action, stage2_complete
from tests.ombudsman.test_rules_ombudsman import closed, enquiry, remedy
from tests.personas import Personas, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db

ACTIONS = reverse("decisions:actions")


@pytest.fixture
def p() -> Personas:
    return create_personas()


def detail(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


# -- the step pages -------------------------------------------------------------------------


def _stage1_action(**changes: Any) -> dict[str, Any]:
    return {
        "text": "Reinstate the weekly contact sessions",
        "owner": "Team manager, Children in Care",
        **day("due_on", date(2026, 3, 20)),
        **changes,
    }


def test_agree_an_action_at_stage1(client: Client, p: Personas) -> None:
    complaint = create_stage1_complaint(p.manager)
    submit_refused(
        client,
        p.officer,
        complaint,
        "agree_stage1_action",
        _stage1_action(owner=""),
        "Enter who is responsible for doing it",
        beside="id_owner",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "agree_stage1_action",
        _stage1_action(**day("due_on", date(2026, 2, 1))),
        "It cannot be due before the complaint was received, on Monday 2 March 2026.",
        beside="id_due_on",
    )
    hidden(client, p.other_io, complaint, "agree_stage1_action", _stage1_action())
    submit_ok(client, p.officer, complaint, "agree_stage1_action", _stage1_action())

    stage1.assign_responder(complaint, by=p.officer, responder=p.responder)
    submit_ok(
        client, p.responder, complaint, "agree_stage1_action", _stage1_action(text="Apologise")
    )
    actions = Action.objects.filter(complaint=complaint).order_by("id")
    assert [(a.description, a.recommendation.stage, a.recommendation.number) for a in actions] == [
        ("Reinstate the weekly contact sessions", 1, 1),
        ("Apologise", 1, 2),
    ]
    # Once Stage 2 is under way it is too late to agree a Stage 1 action.
    later = stage2_complete(p)
    forbidden(client, p.officer, later, "agree_stage1_action", _stage1_action())


def _completion(action: Action, **changes: Any) -> dict[str, Any]:
    return {
        "action": action.pk,
        "evidence": "Apology letter sent, copy on file",
        **day("completed_on", date(2025, 11, 10)),
        **changes,
    }


def test_record_an_action_as_done(client: Client, p: Personas) -> None:
    complaint = stage2_complete(p)
    action = only_action(complaint)
    page = get_step(client, p.officer, complaint, "complete_action")
    assert "Write to apologise (Team manager, Children in Care, due Friday 14 November 2025)" in (
        page_text(page)
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "complete_action",
        _completion(action, evidence=""),
        "Describe the evidence that it was done",
        beside="id_evidence",
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    submit_refused(
        client,
        p.officer,
        complaint,
        "complete_action",
        _completion(action, **day("completed_on", tomorrow)),
        "The date it was done cannot be in the future.",
        beside="id_completed_on",
    )
    other = only_action(stage2_complete(p))
    submit_refused(
        client,
        p.officer,
        complaint,
        "complete_action",
        _completion(other),
        "Choose one of the actions listed",
        beside="id_action",
    )
    # Stage 2 is complete, so the IO's appointment has ended with it (ADR 022): no such case.
    hidden(client, p.io, complaint, "complete_action", _completion(action))
    hidden(client, p.other_io, complaint, "complete_action", _completion(action))
    submit_ok(client, p.officer, complaint, "complete_action", _completion(action))
    action.refresh_from_db()
    assert action.state == Action.State.DONE and action.completed_recorded_by == p.officer
    empty = page_text(get_step(client, p.officer, complaint, "complete_action"))
    assert "There are no open actions on this complaint." in empty


def test_sign_off_an_action(client: Client, p: Personas) -> None:
    complaint = stage2_complete(p)
    action = only_action(complaint)
    empty = page_text(get_step(client, p.manager, complaint, "sign_off_action"))
    assert "No action on this complaint is waiting for sign-off." in empty
    submit_refused(
        client,
        p.manager,
        complaint,
        "sign_off_action",
        {"action": action.pk},
        "Choose one of the actions listed",
        beside="id_action",
    )
    done(complaint, p)
    page = page_text(get_step(client, p.manager, complaint, "sign_off_action"))
    assert "Recorded as done by Officer Tester" in page
    assert "Evidence Apology letter sent, copy on file" in page
    forbidden(client, p.officer, complaint, "sign_off_action", {"action": action.pk})
    hidden(client, p.other_io, complaint, "sign_off_action", {"action": action.pk})
    submit_ok(client, p.manager, complaint, "sign_off_action", {"action": action.pk})
    action.refresh_from_db()
    assert action.state == Action.State.SIGNED_OFF and action.signed_off_by == p.manager


def test_archive_a_complaint(client: Client, p: Personas) -> None:
    complaint = stage2_complete(p)
    page = get_step(client, p.manager, complaint, "archive")
    words = page_text(page)
    assert "The complaint cannot be archived: 1 agreed action is not yet signed off." in words
    assert "Write to apologise Team manager, Children in Care Open" in words
    response = submit_refused(
        client,
        p.manager,
        complaint,
        "archive",
        {},
        "The complaint cannot be archived: 1 agreed action is not yet signed off.",
    )
    assert "not yet signed off" in error_summary(response)
    forbidden(client, p.officer, complaint, "archive", {})
    hidden(client, p.other_io, complaint, "archive", {})

    tracking.sign_off_action(complaint, by=p.manager, action=done(complaint, p))
    submit_ok(client, p.manager, complaint, "archive", {})
    assert complaint.archived_on == timezone.localdate()
    assert "Archived on" in page_text(as_user(client, p.manager).get(detail(complaint)))


# -- the case page's section ------------------------------------------------------------------


def test_the_case_page_lists_the_actions_with_their_state(client: Client, p: Personas) -> None:
    complaint = stage2_complete(p)
    open_text = main_text(as_user(client, p.officer).get(detail(complaint)))
    # After the contents list, whose last link is "What has happened" (decision 026).
    section = open_text.split("What has happened", 1)[1].split("Agreed actions", 1)[1]
    assert section.startswith(" ! Warning 1 agreed action is overdue.")
    assert (
        "Stage 2 recommendation 1 Open Overdue Action Write to apologise Owner Team manager, "
        "Children in Care Due Friday 14 November 2025"
    ) in section

    tracking.complete_action(
        complaint,
        by=p.manager,
        action=only_action(complaint),
        evidence="Letter sent 20 November",
        completed_on=date(2025, 11, 20),
    )
    waiting = main_text(as_user(client, p.officer).get(detail(complaint)))
    assert "1 action is done and waiting for the Complaints Manager to sign it off." in waiting
    assert (
        "Done 20 November 2025 (after its due date), recorded by Manager Tester Evidence "
        "Letter sent 20 November"
    ) in waiting
    after_contents = waiting.split("What has happened", 1)[1]
    actions_part = after_contents.split("Agreed actions", 1)[1].split("What has happened")[0]
    assert "overdue" not in actions_part

    tracking.sign_off_action(complaint, by=p.manager, action=only_action(complaint))
    signed = page_text(as_user(client, p.officer).get(detail(complaint)))
    today = timezone.localdate()
    assert (
        f"Signed off {today:%-d %B %Y} by Manager Tester (who also recorded it as done)" in signed
    )
    assert "Stage 2 recommendation 1 Signed off" in signed


def test_the_case_page_asks_the_same_however_many_actions(client: Client, p: Personas) -> None:
    viewer = as_user(client, p.manager)

    def queries(complaint: Complaint) -> int:
        viewer.get(detail(complaint))  # the first read after signing in also saves the session
        with CaptureQueriesContext(connection) as captured:
            response = viewer.get(detail(complaint))
        assert response.status_code == 200
        return len(captured)

    small = closed(p)
    case = enquiry(small, p, "25 000 001")
    remedy(small, p, case)
    big = closed(p)
    for n in range(3):
        case = enquiry(big, p, f"25 000 10{n}")
        for _ in range(4):
            made = remedy(big, p, case)
            tracking.complete_action(
                big,
                by=p.officer,
                action=made.action,
                evidence="Done",
                completed_on=date(2026, 4, 1),
            )
            tracking.sign_off_action(big, by=p.manager, action=made.action)
    assert Action.objects.filter(complaint=big).count() == 12
    # Both have someone named on an action once the small one's is done.
    tracking.complete_action(
        small,
        by=p.officer,
        action=Action.objects.get(complaint=small),
        evidence="Done",
        completed_on=date(2026, 4, 1),
    )
    assert queries(small) == queries(big)


# -- the list across complaints -------------------------------------------------------------


def test_only_complaints_staff_see_the_list_of_actions(client: Client, p: Personas) -> None:
    stage2_complete(p)
    assert as_user(client, p.officer).get(ACTIONS).status_code == 200
    assert as_user(client, p.manager).get(ACTIONS).status_code == 200
    for person in (p.io, p.adjudicator, p.outsider):
        assert as_user(client, person).get(ACTIONS).status_code == 404, person
    client.logout()
    response = client.get(ACTIONS)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={ACTIONS}"


def _one_of_each(p: Personas) -> dict[str, Complaint]:
    """An action from each source: Stage 1 (open, due later), Stage 2 (open, overdue), Stage 3
    (done), the Ombudsman (signed off)."""
    later = timezone.localdate() + timedelta(days=30)
    first = create_stage1_complaint(p.manager)
    tracking.agree_stage1_action(
        first, by=p.officer, text="Reinstate contact", owner="Fostering team", due_on=later
    )
    second = stage2_complete(p)
    third = closed(p)
    # Stage 3 recommendations are accepted in the council's response to the panel; the rows
    # are made directly here because only their source matters to the list.
    recommendation = Recommendation.objects.create(
        complaint=third, stage=3, number=1, text="Review the contact policy", accepted=True
    )
    panel_action = Action.objects.create(
        complaint=third,
        recommendation=recommendation,
        description="Review the contact policy",
        owner="Head of Service",
        due_on=date(2026, 3, 30),
    )
    tracking.complete_action(
        third,
        by=p.officer,
        action=panel_action,
        evidence="Policy v2",
        completed_on=date(2026, 3, 27),
    )
    fourth = closed(p)
    made = remedy(fourth, p, enquiry(fourth, p), description="Pay £200 for the delay")
    tracking.complete_action(
        fourth, by=p.officer, action=made.action, evidence="Paid", completed_on=date(2026, 4, 1)
    )
    tracking.sign_off_action(fourth, by=p.manager, action=made.action)
    return {"stage1": first, "stage2": second, "stage3": third, "ombudsman": fourth}


def _listed(client: Client, p: Personas, **filters: str) -> list[str]:
    """The complaint references in the list's rows, top to bottom."""
    response = as_user(client, p.officer).get(ACTIONS, filters)
    assert response.status_code == 200
    rows = response.content.decode().split('<tbody class="govuk-table__body">')
    if len(rows) == 1:
        return []
    body = rows[1].split("</tbody>")[0]
    rows_html = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, re.S)
    return [text(row).split(" ")[0] for row in rows_html]


def test_the_list_filters_by_state_source_and_owner(client: Client, p: Personas) -> None:
    made = _one_of_each(p)
    ref = {key: complaint.reference for key, complaint in made.items()}
    # Soonest due first: Stage 2's (Nov 2025), Stage 3's (Mar 2026), the remedy (Apr 2026),
    # then the Stage 1 action due next month.
    assert _listed(client, p) == [ref["stage2"], ref["stage3"], ref["ombudsman"], ref["stage1"]]
    assert _listed(client, p, state="open") == [ref["stage2"], ref["stage1"]]
    assert _listed(client, p, state="overdue") == [ref["stage2"]]
    assert _listed(client, p, state="done") == [ref["stage3"]]
    assert _listed(client, p, state="signed_off") == [ref["ombudsman"]]
    for source, complaint in made.items():
        assert _listed(client, p, source=source) == [complaint.reference], source
    assert _listed(client, p, owner="fostering") == [ref["stage1"]]
    assert _listed(client, p, owner="head of service") == [ref["stage3"], ref["ombudsman"]]
    assert _listed(client, p, state="open", source="ombudsman") == []
    empty = page_text(as_user(client, p.officer).get(ACTIONS, {"owner": "nobody"}))
    assert "No actions match these filters." in empty


def test_the_list_shows_where_each_action_came_from_and_links_to_its_complaint(
    client: Client, p: Personas
) -> None:
    made = _one_of_each(p)
    response = as_user(client, p.officer).get(ACTIONS)
    words = page_text(response)
    assert "4 actions, soonest due first" in words
    assert f"{made['stage2'].reference} Stage 2 recommendation 1 Write to apologise" in words
    assert "Open Overdue" in words
    assert f"{made['stage3'].reference} Stage 3 panel recommendation 1 Review the" in words
    assert "Done, awaiting sign-off" in words
    assert f"{made['stage1'].reference} Agreed at Stage 1 Reinstate contact" in words
    assert f"{made['ombudsman'].reference} Ombudsman remedy: apology (25 012 345) Pay" in words
    for complaint in made.values():
        assert f'href="{detail(complaint)}#agreed-actions"' in response.content.decode()


def test_the_list_shows_fifty_a_page(client: Client, p: Personas) -> None:
    complaint = create_stage1_complaint(p.manager)
    for n in range(51):
        tracking.agree_stage1_action(
            complaint,
            by=p.officer,
            text=f"Action {n}",
            owner="Team",
            due_on=date(2026, 3, 2) + timedelta(days=n),
        )
    first = as_user(client, p.officer).get(ACTIONS, {"state": "overdue"})
    assert "51 actions" in page_text(first)
    assert _listed(client, p, state="overdue") == [complaint.reference] * 50
    assert "?state=overdue&amp;page=2" in first.content.decode()
    second = as_user(client, p.officer).get(ACTIONS, {"state": "overdue", "page": "2"})
    assert _listed(client, p, state="overdue", page="2") == [complaint.reference]
    assert "Action 50" in page_text(second)


def test_the_list_asks_the_database_the_same_however_many_actions(
    client: Client, p: Personas
) -> None:
    viewer = as_user(client, p.officer)
    viewer.get(ACTIONS)  # the first read after signing in also saves the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = viewer.get(ACTIONS)
        assert response.status_code == 200
        return len(captured)

    def add(count: int) -> None:
        for _ in range(count):
            complaint = closed(p)
            case = enquiry(complaint, p, f"25 {Action.objects.count():06d}")
            remedy(complaint, p, case)
            recommendation = Recommendation.objects.create(
                complaint=complaint, stage=2, number=1, text="Apologise", accepted=True
            )
            Action.objects.create(
                complaint=complaint,
                recommendation=recommendation,
                description="Apologise",
                owner="Team",
                due_on=date(2026, 5, 1),
            )

    add(2)  # 4 actions
    small = queries()
    add(13)  # 30 actions
    assert Action.objects.count() == 30
    assert queries() == small


# -- the home page -------------------------------------------------------------------------


def test_the_home_page_warns_the_complaints_manager_of_overdue_actions(
    client: Client, p: Personas
) -> None:
    stage2_complete(p)
    stage2_complete(p)
    page = as_user(client, p.manager).get(reverse("home"))
    assert "Warning 2 agreed actions are overdue. See the overdue actions" in page_text(page)
    assert f'href="{ACTIONS}?state=overdue"' in page.content.decode()
    for person in (p.officer, p.io, p.outsider):
        # Cases with a deadline passed are counted for everyone (decision 018); the warning
        # about agreed actions is the manager's alone.
        home = as_user(client, person).get(reverse("home"))
        assert "actions are overdue" not in page_text(home)
        assert f'href="{ACTIONS}?state=overdue"' not in home.content.decode()
    assert "See every agreed action" not in page_text(as_user(client, p.io).get(reverse("home")))


def test_ombudsman_remedy_evidence_is_not_needed_to_sign_off(client: Client, p: Personas) -> None:
    """Signing off is about the council's own check; the evidence sent to the Ombudsman is
    recorded separately, before or after."""
    complaint = closed(p)
    made = remedy(complaint, p, enquiry(complaint, p))
    tracking.complete_action(
        complaint, by=p.officer, action=made.action, evidence="Sent", completed_on=date(2026, 4, 1)
    )
    submit_ok(client, p.manager, complaint, "sign_off_action", {"action": made.action.pk})
    ombudsman.record_remedy_evidence(
        complaint, by=p.officer, remedy=made, evidence_sent_on=date(2026, 4, 2)
    )
    made.refresh_from_db()
    assert made.evidence_sent_on == date(2026, 4, 2)


def test_steps_with_nothing_to_act_on_are_named_for_the_case_page(p: Personas) -> None:
    """``idle_steps`` tells the case page which allowed steps have nothing to act on yet."""
    from heard.complaints.idle import idle_steps
    from heard.complaints.views.case_page import case_queryset

    ours = {
        "complete_action",
        "sign_off_action",
        "record_ombudsman_decision",
        "add_remedy",
        "record_remedy_evidence",
    }

    def idle(complaint: Complaint) -> frozenset[str]:
        return idle_steps(case_queryset().get(pk=complaint.pk)) & ours

    complaint = closed(p)
    assert idle(complaint) == {
        "complete_action",
        "sign_off_action",
        "record_ombudsman_decision",
        "add_remedy",
        "record_remedy_evidence",
    }
    made = remedy(complaint, p, enquiry(complaint, p))
    assert idle(complaint) == {"sign_off_action", "record_remedy_evidence"}
    tracking.complete_action(
        complaint, by=p.officer, action=made.action, evidence="Sent", completed_on=date(2026, 4, 1)
    )
    assert idle(complaint) == {"complete_action"}
    tracking.sign_off_action(complaint, by=p.manager, action=made.action)
    assert idle(complaint) == {"complete_action", "sign_off_action"}
