"""Every (status, event, role) combination of the workflow table.

For each status a complaint is put in that status directly (this test only: the other tests
reach each status through the actions), and every persona is asked about every event.
Each persona's roles are written out by hand below rather than computed with ``actor_roles``,
so the test checks the role lookup as well as the table.
"""

from __future__ import annotations

from datetime import date

import pytest

from heard.complaints.access import can_fire, events_for
from heard.complaints.models import Appointment, Complaint, Stage1, Stage2
from heard.complaints.models.choices import AppointmentRole, Status
from heard.complaints.transitions import NotAllowed, Refused, check
from heard.complaints.workflow import ALL_EVENTS, EVENT_LABELS, WORKFLOW
from heard.people.models import User
from heard.people.roles import StaffRole
from tests.personas import Personas, create_complaint, create_personas

pytestmark = pytest.mark.django_db

CM = StaffRole.COMPLAINTS_MANAGER.value
CO = StaffRole.COMPLAINTS_OFFICER.value
ADJ_STAFF = StaffRole.ADJUDICATING_OFFICER.value
IO_STAFF = StaffRole.INVESTIGATING_OFFICER.value
IP_STAFF = StaffRole.INDEPENDENT_PERSON.value
STAFF_MEMBER = StaffRole.STAFF_MEMBER.value
PANEL_MEMBER = StaffRole.PANEL_MEMBER.value
PANEL_CHAIR = StaffRole.PANEL_CHAIR.value

# Who holds which roles on the complaint under test. other_io's appointment has ended.
EXPECTED_ROLES: dict[str, frozenset[str]] = {
    "manager": frozenset({CM}),
    "officer": frozenset({CO}),
    "adjudicator": frozenset({ADJ_STAFF, "appointed:adjudicator"}),
    "senior": frozenset({ADJ_STAFF}),
    "io": frozenset({IO_STAFF, "appointed:investigating_officer"}),
    "other_io": frozenset({IO_STAFF}),
    "ip": frozenset({IP_STAFF, "appointed:independent_person"}),
    "responder": frozenset({STAFF_MEMBER, "appointed:stage1_responder"}),
    "outsider": frozenset(),
    "chair": frozenset({PANEL_MEMBER, PANEL_CHAIR, "appointed:panel_chair"}),
    "member": frozenset({PANEL_MEMBER, "appointed:panel_member"}),
    "spare_member": frozenset({PANEL_MEMBER}),
}


def test_the_table_covers_every_status_and_names_every_event() -> None:
    assert set(WORKFLOW) == set(Status.values)
    assert ALL_EVENTS <= set(EVENT_LABELS)
    for row in WORKFLOW.values():
        for transition in row.values():
            assert transition.to is None or transition.to in Status.values
            assert transition.allowed, "an event nobody may fire"
    # Where the procedure has ended, only book-keeping remains (the Ombudsman, actions,
    # themes, time, archiving), plus the one way forward each ending allows.
    ways_on = {
        Status.STAGE2_COMPLETE: {"request_stage3"},
        Status.STAGE2_REFUSED: set(),
        Status.STAGE3_COMPLETE: set(),
        Status.STAGE3_REFUSED: set(),
        Status.CLOSED: set(),
        Status.HANDLED_ELSEWHERE: set(),
        Status.REFUSED_OUT_OF_TIME: set(),
        Status.CLOSED_NON_ENGAGEMENT: {"reopen"},
    }
    book_keeping = set(WORKFLOW[Status.CLOSED])
    assert "archive" in book_keeping and "record_ombudsman_case" in book_keeping
    for status, ways in ways_on.items():
        assert set(WORKFLOW[status]) == book_keeping | ways, status
        assert all(WORKFLOW[status][e].to is None for e in book_keeping)


def _complaint_with_everyone_appointed(p: Personas) -> Complaint:
    complaint = create_complaint(p.officer, received_on=date(2025, 12, 19))
    Stage1.objects.create(
        complaint=complaint,
        started_on=date(2025, 12, 19),
        due_on=date(2026, 1, 7),
        cap_on=date(2026, 1, 21),
    )
    Stage2.objects.create(
        complaint=complaint, requested_on=date(2026, 1, 8), request_channel="phone"
    )
    for person, role, ended_on in [
        (p.io, AppointmentRole.INVESTIGATING_OFFICER, None),
        (p.ip, AppointmentRole.INDEPENDENT_PERSON, None),
        (p.adjudicator, AppointmentRole.ADJUDICATOR, None),
        (p.responder, AppointmentRole.STAGE1_RESPONDER, None),
        (p.other_io, AppointmentRole.INVESTIGATING_OFFICER, date(2026, 1, 20)),
        (p.chair, AppointmentRole.PANEL_CHAIR, None),
        (p.member, AppointmentRole.PANEL_MEMBER, None),
    ]:
        Appointment.objects.create(
            complaint=complaint,
            person=person,
            role=role,
            appointed_on=date(2026, 1, 9),
            appointed_by=p.manager,
            ended_on=ended_on,
        )
    return complaint


@pytest.mark.parametrize("status", list(WORKFLOW))
def test_every_event_and_role_in_status(status: str) -> None:
    p = create_personas()
    pk = _complaint_with_everyone_appointed(p).pk
    Complaint.objects.filter(pk=pk).update(status=status)
    complaint = Complaint.objects.prefetch_related("appointments").get(pk=pk)
    row = WORKFLOW[status]
    in_status = f"while the complaint is '{Status(status).label.lower()}'"

    for name, roles in EXPECTED_ROLES.items():
        user: User = getattr(p, name)
        for event in sorted(ALL_EVENTS):
            transition = row.get(event)
            expected = transition is not None and bool(transition.allowed & roles)
            assert can_fire(user, complaint, event) is expected, (name, event)

            if transition is None:
                with pytest.raises(Refused, match=in_status):
                    check(complaint, event, user)
            elif not expected:
                with pytest.raises(NotAllowed, match="You do not have a role on this complaint"):
                    check(complaint, event, user)
            else:
                try:
                    acting_as = check(complaint, event, user)
                except Refused as refusal:  # a guard: allowed, but not with this case's data
                    assert in_status not in refusal.message
                else:
                    assert acting_as in transition.allowed & roles

        assert events_for(user, complaint) == [
            event for event, transition in row.items() if transition.allowed & roles
        ]
