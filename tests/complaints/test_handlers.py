"""Case handlers (issue 9, point 1; decision 029).

Each complaint has a handling officer from the complaints team: the person who records it
unless they name someone else, changed only by the Complaints Manager with an event on the
case. "My cases" for complaints staff is the cases they handle.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from heard.complaints.actions import intake
from heard.complaints.actions.handlers import assign_handler
from heard.complaints.models import Complaint
from heard.people.roles import StaffRole
from tests.complaints.helpers import last_event, not_allowed, refused
from tests.personas import Personas, create_complaint, create_personas, create_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def test_the_person_recording_a_complaint_handles_it(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    assert complaint.handler == p.officer
    assert last_event(complaint).details["handler"] == str(p.officer)


def test_a_complaint_can_be_recorded_for_another_handler(p: Personas) -> None:
    complaint = intake.record_complaint(
        by=p.officer,
        received_on=complaint_day(),
        channel="email",
        summary="Late reply.",
        complainants=[intake.NewComplainant(name="Jo Bloggs", relationship="parent")],
        children=[],
        handler=p.manager,
    )
    assert Complaint.objects.get(pk=complaint.pk).handler == p.manager


def test_a_handler_from_outside_the_team_is_refused_at_intake(p: Personas) -> None:
    before = Complaint.objects.count()
    with pytest.raises(intake.Refused, match="Choose a complaints officer"):
        intake.record_complaint(
            by=p.officer,
            received_on=complaint_day(),
            channel="email",
            summary="Late reply.",
            complainants=[intake.NewComplainant(name="Jo Bloggs", relationship="parent")],
            children=[],
            handler=p.io,
        )
    assert Complaint.objects.count() == before


def test_the_manager_hands_a_case_on_with_an_event(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    colleague = create_user("colleague", StaffRole.COMPLAINTS_OFFICER)
    assign_handler(complaint, by=p.manager, handler=colleague, reason="Officer on leave")
    assert Complaint.objects.get(pk=complaint.pk).handler == colleague
    event = last_event(complaint)
    assert event.name == "complaint.assign_handler"
    assert event.details["from"] == str(p.officer)
    assert event.details["to"] == str(colleague)
    assert event.details["reason"] == "Officer on leave"


def test_only_the_manager_reassigns(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    with not_allowed(complaint):
        assign_handler(complaint, by=p.officer, handler=p.manager)


def test_reassigning_to_someone_outside_the_team_or_the_same_handler_changes_nothing(
    p: Personas,
) -> None:
    complaint = create_complaint(p.officer)
    with refused(complaint, "Choose a complaints officer"):
        assign_handler(complaint, by=p.manager, handler=p.io)
    with refused(complaint, "already handles this case"):
        assign_handler(complaint, by=p.manager, handler=p.officer)


def test_my_cases_for_complaints_staff_are_the_cases_they_handle(p: Personas) -> None:
    mine = create_complaint(p.officer)
    theirs = create_complaint(p.manager)
    client = Client()
    client.force_login(p.officer)
    page = client.get(reverse("complaints:mine")).content.decode()
    assert mine.reference in page
    assert theirs.reference not in page


def test_the_step_page_offers_the_team_without_the_current_handler(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    client = Client()
    client.force_login(p.manager)
    url = reverse("complaints:step", kwargs={"pk": complaint.pk, "event": "assign-handler"})
    page = client.get(url).content.decode()
    assert f'value="{p.manager.pk}"' in page
    assert f'value="{p.officer.pk}"' not in page
    assert f'value="{p.io.pk}"' not in page
    response = client.post(url, {"handler": p.manager.pk, "reason": ""})
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).handler == p.manager


def complaint_day():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(2026, 3, 2)
