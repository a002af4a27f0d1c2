"""Named people for tests, and plain create_* helpers that go through the real actions.

Personas (what each should and should not see):
- manager: the Complaints Manager. Sees every complaint; appoints; decides exceptions.
- officer: a complaints officer. Sees every complaint; records; cannot appoint.
- adjudicator: a senior manager. Sees only complaints they are appointed to adjudicate.
- senior: another senior manager, who signs off refusals.
- io: an external Investigating Officer appointed to the complaint under test.
- other_io: an external Investigating Officer appointed to nothing: sees nothing.
- ip: an external Independent Person appointed to the complaint under test.
- responder: a service manager who answers at Stage 1 when assigned.
- outsider: a signed-in member of staff with no role: sees nothing.
- chair, member, member2: independent panel chair and members on the roster.
- spare_member: another independent panel member on the roster, appointed to nothing.

Every external person is on the roster of independent officers with a DBS check in date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import Group

from heard.complaints.actions import appointments, intake, stage1, stage2
from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole, Relationship, Route
from heard.people.models import IndependentOfficer, User
from heard.people.roles import StaffRole


def create_user(username: str, *roles: str, **fields: Any) -> User:
    fields.setdefault("first_name", username.replace("_", " ").title())
    fields.setdefault("last_name", "Tester")
    user = User.objects.create_user(username=username, password="a-long-test-password", **fields)
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@dataclass
class Personas:
    manager: User
    officer: User
    adjudicator: User
    senior: User
    io: User
    other_io: User
    ip: User
    responder: User
    outsider: User
    chair: User
    member: User
    member2: User
    spare_member: User


def put_on_roster(user: User, *, dbs_expires_on: date = date(2099, 1, 1), **fields: Any) -> User:
    """A roster entry with a DBS check in date, unless told otherwise."""
    IndependentOfficer.objects.create(
        person=user, dbs_checked_on=date(2025, 1, 6), dbs_expires_on=dbs_expires_on, **fields
    )
    return user


def create_personas() -> Personas:
    external = {"is_council_member_or_officer": False, "organisation": "Independent Reviews Ltd"}
    panel = (StaffRole.PANEL_MEMBER,)
    return Personas(
        manager=create_user("manager", StaffRole.COMPLAINTS_MANAGER),
        officer=create_user("officer", StaffRole.COMPLAINTS_OFFICER),
        adjudicator=create_user("adjudicator", StaffRole.ADJUDICATING_OFFICER),
        senior=create_user("senior", StaffRole.ADJUDICATING_OFFICER),
        io=put_on_roster(create_user("io", StaffRole.INVESTIGATING_OFFICER, **external)),
        other_io=put_on_roster(
            create_user("other_io", StaffRole.INVESTIGATING_OFFICER, **external)
        ),
        ip=put_on_roster(create_user("ip", StaffRole.INDEPENDENT_PERSON, **external)),
        responder=create_user("responder", StaffRole.STAFF_MEMBER),
        outsider=create_user("outsider"),
        chair=put_on_roster(create_user("chair", *panel, StaffRole.PANEL_CHAIR, **external)),
        member=put_on_roster(create_user("member", *panel, **external)),
        member2=put_on_roster(create_user("member2", *panel, **external)),
        spare_member=put_on_roster(create_user("spare_member", *panel, **external)),
    )


def create_complaint(
    by: User,
    *,
    received_on: date = date(2026, 3, 2),
    relationship: str = Relationship.PARENT,
    earliest_event_on: date | None = None,
    looked_after: bool = False,
) -> Complaint:
    """A complaint from a parent about a child (not looked after unless asked, because a
    looked-after child needs the advocacy offer recorded before Stage 1: rule 7)."""
    return intake.record_complaint(
        by=by,
        received_on=received_on,
        channel="email",
        summary="Contact arrangements with my son were cancelled without notice.",
        team="Children in Care team",
        complainants=[intake.NewComplainant(name="Sam Rivers", relationship=relationship)],
        children=[intake.NewChild(name="Alex Rivers", looked_after=looked_after)],
        earliest_event_on=earliest_event_on,
    )


def create_stage1_complaint(by: User, **kwargs: Any) -> Complaint:
    complaint = create_complaint(by, **kwargs)
    intake.classify(
        complaint,
        by=by,
        route=Route.STATUTORY,
        reason="Parent of a looked-after child",
        specified_function="part3",
    )
    if complaint.children.filter(looked_after=True).exists():
        intake.record_advocacy(
            complaint, by=by, offered_on=complaint.received_on, response="declined"
        )
    stage1.start_stage1(complaint, by=by)
    return complaint


def create_stage2_complaint(p: Personas, *, statutory: bool = True) -> Complaint:
    """A complaint through Stage 1 into an accepted Stage 2 with IO (and IP) appointed."""
    complaint = create_stage1_complaint(p.manager)
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2026, 3, 13), resolved=False, summary="Not upheld"
    )
    stage2.request_stage2(complaint, by=p.officer, requested_on=date(2026, 3, 20), channel="phone")
    stage2.accept_stage2(complaint, by=p.manager, accepted_on=date(2026, 3, 23))
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.io,
        role=AppointmentRole.INVESTIGATING_OFFICER,
        conflict_declaration="None",
        on=date(2026, 3, 23),
    )
    if statutory:
        appointments.appoint(
            complaint,
            by=p.manager,
            person=p.ip,
            role=AppointmentRole.INDEPENDENT_PERSON,
            conflict_declaration="None",
            attested_not_council=True,
            attested_not_spouse=True,
            on=date(2026, 3, 23),
        )
    return complaint
