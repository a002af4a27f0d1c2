"""The appoint, stand-down and record-time pages, through the Django test client.

Appointing works without JavaScript: the role is asked first (a GET form), the suggestions
for that role each link to the same page with the person filled in, and the appointment is
then posted. A refusal from the action shows beside the right box and saves nothing (rule 33:
three independent people, one of them the chair, none of them the Stage 2 Independent
Person, each with a DBS check in date).
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from heard.complaints.models import Appointment, Complaint, TimeEntry
from heard.complaints.models.choices import AppointmentRole
from heard.people.models import IndependentOfficer, User
from heard.people.roles import StaffRole
from tests.complaints.helpers import appoint_adjudicator, stage2_investigating
from tests.complaints.step_pages import (
    as_user,
    day,
    forbidden,
    get_step,
    hidden,
    page_text,
    step_url,
    submit_ok,
    submit_refused,
)
from tests.people.helpers import panel_appointment, roster_person, stage3_panel
from tests.personas import Personas, create_personas

pytestmark = pytest.mark.django_db

CHAIR = AppointmentRole.PANEL_CHAIR
MEMBER = AppointmentRole.PANEL_MEMBER


@pytest.fixture
def p(db: None) -> Personas:
    return create_personas()


def _panel_answers(person: User, role: str, **changes: Any) -> dict[str, Any]:
    return {
        "role": role,
        "person": str(person.pk),
        "conflict_declaration": "None declared; no earlier dealings with the complainant.",
        "attested_not_council": "on",
        "attested_not_spouse": "on",
        **changes,
    }


def _get(client: Client, user: User, complaint: Complaint, **query: Any) -> Any:
    response = as_user(client, user).get(step_url(complaint, "appoint"), query)
    assert response.status_code == 200
    return response


def _appoint_link(complaint: Complaint, role: str, person: User) -> str:
    return f'href="?role={role}&amp;person={person.pk}#appointment"'


def _full_panel(complaint: Complaint, p: Personas) -> None:
    panel_appointment(complaint, p, p.chair, CHAIR)
    panel_appointment(complaint, p, p.member, MEMBER)
    panel_appointment(complaint, p, p.member2, MEMBER)


# -- appointing a panel from the suggestions ----------------------------------------------


def test_appoint_a_panel_from_the_suggestions(client: Client, p: Personas) -> None:
    complaint = stage3_panel(p)

    # 1. The role: only the panel roles while the panel is being convened.
    question = page_text(_get(client, p.manager, complaint))
    assert "Which role are you appointing to?" in question
    assert "Stage 3 panel chair" in question and "Stage 3 panel member" in question
    assert "Investigating Officer" not in question and "Adjudicating officer" not in question
    assert "Appointment" not in question  # no appointment form until the role is chosen

    # 2. The suggestions for the chair, each with a link that fills in the person.
    page = _get(client, p.manager, complaint, role=CHAIR)
    shown = page_text(page)
    assert "Suggested people" in shown
    assert "1 person holds this role; all of them are suggested." in shown
    assert "No one is on the panel yet." in shown
    assert _appoint_link(complaint, CHAIR, p.chair) in page.content.decode()

    # 3. Following the link selects the chair in the form.
    page = _get(client, p.manager, complaint, role=CHAIR, person=p.chair.pk)
    assert f'<option value="{p.chair.pk}" selected>' in page.content.decode()
    assert "conflict of interest declaration" in page_text(page).lower()
    assert "earlier dealings with the complainant or their representative" in page_text(page)

    event = submit_ok(client, p.manager, complaint, "appoint", _panel_answers(p.chair, CHAIR))
    assert event.details["role"] == CHAIR

    # The members: the chair is now left out, with the reason.
    page = _get(client, p.manager, complaint, role=MEMBER)
    shown = page_text(page)
    assert (
        "4 people hold this role; 1 is not suggested: already involved in this complaint (1)."
        in (shown)
    )
    assert "Chair Tester : Is the Stage 3 panel chair on this complaint" in shown
    assert "Chair Tester (Stage 3 panel chair)" in shown
    assert "2 places left" in shown
    for member in (p.member, p.member2):
        assert _appoint_link(complaint, MEMBER, member) in page.content.decode()
        submit_ok(client, p.manager, complaint, "appoint", _panel_answers(member, MEMBER))

    panel = Appointment.objects.filter(complaint=complaint, ended_on__isnull=True)
    assert sorted((a.person.username, a.role) for a in panel if a.role in (CHAIR, MEMBER)) == [
        ("chair", CHAIR),
        ("member", MEMBER),
        ("member2", MEMBER),
    ]
    for appointment in panel.filter(role__in=[CHAIR, MEMBER]):
        assert appointment.attested_not_council and appointment.attested_not_spouse
        assert "no earlier dealings" in appointment.conflict_declaration
    assert "The panel is full." in page_text(_get(client, p.manager, complaint, role=MEMBER))


def test_only_the_complaints_manager_appoints(client: Client, p: Personas) -> None:
    complaint = stage3_panel(p)
    forbidden(client, p.officer, complaint, "appoint", _panel_answers(p.chair, CHAIR))


# -- refusals beside the right box, nothing saved -----------------------------------------


def test_rule_33_the_stage2_independent_person_cannot_sit_on_the_panel(
    client: Client, p: Personas
) -> None:
    complaint = stage3_panel(p)
    p.ip.groups.add(*p.member.groups.all())  # the IP is also on the panel members' list
    page = _get(client, p.manager, complaint, role=MEMBER)
    assert _appoint_link(complaint, MEMBER, p.ip) not in page.content.decode()
    submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        _panel_answers(p.ip, MEMBER),
        "was the Independent Person at Stage 2, so cannot sit on the Stage 3 panel",
        beside="id_person",
    )


def test_rule_33_a_council_officer_cannot_chair_the_panel(client: Client, p: Personas) -> None:
    complaint = stage3_panel(p)
    officer = roster_person("council_chair", StaffRole.PANEL_CHAIR, council=True)
    shown = page_text(_get(client, p.manager, complaint, role=CHAIR))
    assert "A member or officer of the council, so not independent" in shown
    submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        _panel_answers(officer, CHAIR),
        "is a member or officer of the council, so cannot be independent.",
        beside="id_person",
    )


def test_rule_33_a_fourth_panel_member_is_refused(client: Client, p: Personas) -> None:
    complaint = stage3_panel(p)
    _full_panel(complaint, p)
    response = submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        _panel_answers(p.spare_member, MEMBER),
        "The panel already has three members. Stand one of them down before appointing",
        beside="id_role",
    )
    # The role is asked again, beside its message, so it can be changed.
    assert 'name="role" type="radio"' in response.content.decode()


def test_rule_33_someone_whose_dbs_check_has_expired_is_refused(
    client: Client, p: Personas
) -> None:
    complaint = stage3_panel(p)
    yesterday = timezone.localdate() - timedelta(days=1)
    IndependentOfficer.objects.filter(person=p.spare_member).update(dbs_expires_on=yesterday)
    page = _get(client, p.manager, complaint, role=MEMBER, person=p.spare_member.pk)
    assert "Spare Member Tester is not suggested: DBS check expired on" in page_text(page)
    submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        _panel_answers(p.spare_member, MEMBER),
        "Spare Member Tester's DBS check expired on",
        beside="id_person",
    )


def test_a_stage2_role_cannot_be_appointed_at_stage3(client: Client, p: Personas) -> None:
    complaint = stage3_panel(p)
    submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        _panel_answers(p.other_io, AppointmentRole.INVESTIGATING_OFFICER),
        "Choose one of the roles that can be appointed now",
        beside="id_role",
    )


def test_rule_19_a_former_employee_is_shown_with_the_warning_to_consider(
    client: Client, p: Personas
) -> None:
    complaint = stage3_panel(p)
    left = timezone.localdate() - timedelta(days=400)
    former = roster_person("former", StaffRole.PANEL_MEMBER, left_council_on=left)
    page = _get(client, p.manager, complaint, role=MEMBER, person=former.pk)
    assert "Former Tester: Left the council 1 year ago" in page_text(page)
    data = _panel_answers(former, MEMBER)
    submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        data,
        "less than 3 years ago",
        beside="id_former_staff_warning_acknowledged",
    )
    submit_ok(
        client,
        p.manager,
        complaint,
        "appoint",
        {**data, "former_staff_warning_acknowledged": "on"},
    )


# -- standing down ------------------------------------------------------------------------


def test_stand_down_a_panel_member(client: Client, p: Personas) -> None:
    complaint = stage3_panel(p)
    _full_panel(complaint, p)
    member = Appointment.objects.get(complaint=complaint, person=p.member)
    page = page_text(get_step(client, p.manager, complaint, "stand_down"))
    assert "Member Tester (Stage 3 panel member)" in page
    assert "Io Tester" not in page  # only the panel is offered

    submit_refused(
        client,
        p.manager,
        complaint,
        "stand_down",
        {"appointment": str(member.pk), "reason": ""},
        "Enter the reason for standing them down",
        beside="id_reason",
    )
    io = Appointment.objects.get(complaint=complaint, person=p.io)
    submit_refused(
        client,
        p.manager,
        complaint,
        "stand_down",
        {"appointment": str(io.pk), "reason": "Not on the panel"},
        "Choose who is standing down",
        beside="id_appointment",
    )
    forbidden(
        client,
        p.officer,
        complaint,
        "stand_down",
        {"appointment": str(member.pk), "reason": "Knew the family"},
    )
    submit_ok(
        client,
        p.manager,
        complaint,
        "stand_down",
        {"appointment": str(member.pk), "reason": "Knew the family"},
    )
    member.refresh_from_db()
    assert member.ended_on == timezone.localdate()
    # Their place can be filled, but never by them again.
    shown = page_text(_get(client, p.manager, complaint, role=MEMBER))
    assert "Was the Stage 3 panel member on this complaint (stood down)" in shown
    submit_ok(client, p.manager, complaint, "appoint", _panel_answers(p.spare_member, MEMBER))


# -- time and fees ------------------------------------------------------------------------


def _time(appointment: Appointment, **changes: Any) -> dict[str, Any]:
    return {
        "appointment": str(appointment.pk),
        **day("worked_on", timezone.localdate()),
        "hours": "3.5",
        "fee": "",
        "description": "Interviewed the team manager",
        **changes,
    }


def test_an_officer_records_their_own_time(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    IndependentOfficer.objects.filter(person=p.io).update(hourly_rate=Decimal("60.00"))
    mine = Appointment.objects.get(complaint=complaint, person=p.io)
    theirs = Appointment.objects.get(complaint=complaint, person=p.ip)

    page = page_text(get_step(client, p.io, complaint, "record_time"))
    assert "Io Tester (Investigating Officer)" in page
    assert "Ip Tester" not in page  # only their own appointment
    assert "Io Tester: £60.00 an hour" in page

    submit_refused(
        client,
        p.io,
        complaint,
        "record_time",
        _time(theirs),
        "Choose whose time it is",
        beside="id_appointment",
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    submit_refused(
        client,
        p.io,
        complaint,
        "record_time",
        _time(mine, **day("worked_on", tomorrow)),
        "The date worked cannot be in the future.",
        beside="id_worked_on",
    )
    submit_refused(
        client,
        p.io,
        complaint,
        "record_time",
        _time(mine, hours="25"),
        "The hours must be 24 or fewer",
        beside="id_hours",
    )
    submit_refused(
        client,
        p.io,
        complaint,
        "record_time",
        _time(mine, fee="-5"),
        "The fee cannot be less than £0.",
        beside="id_fee",
    )
    event = submit_ok(client, p.io, complaint, "record_time", _time(mine))
    entry = TimeEntry.objects.get()
    assert (entry.appointment, entry.hours, entry.fee) == (mine, Decimal("3.5"), Decimal("210.00"))
    assert event.summary.startswith("3.5 hours on ")
    assert event.summary.endswith("recorded for Io Tester (Investigating Officer): £210.00")

    # The case page shows an officer their own time; the complaints team sees everyone's.
    submit_ok(client, p.officer, complaint, "record_time", _time(theirs, fee="£1,000.50"))
    io_view = page_text(as_user(client, p.io).get(f"/cases/{complaint.pk}/"))
    assert "Time and fees" in io_view and "£210.00" in io_view and "£1000.50" not in io_view
    staff_view = page_text(as_user(client, p.officer).get(f"/cases/{complaint.pk}/"))
    assert "£210.00" in staff_view and "£1000.50" in staff_view
    assert re.search(r"Ip Tester, Independent Person .* Total 3\.50? £1000\.50", staff_view)


def test_record_time_is_for_the_complaints_team_and_the_officers_themselves(
    client: Client, p: Personas
) -> None:
    complaint = stage2_investigating(p)
    appoint_adjudicator(complaint, p)
    mine = Appointment.objects.get(complaint=complaint, person=p.io)
    hidden(client, p.other_io, complaint, "record_time", _time(mine))
    forbidden(client, p.adjudicator, complaint, "record_time", _time(mine))
